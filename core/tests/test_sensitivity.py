import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from core.sensitivity import Sensitivity, watermark_style, watermark_svg, watermark_text

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_watermark_names_the_viewer_and_the_local_time(cast):
    moment = datetime.datetime(2026, 11, 25, 6, 3, tzinfo=datetime.UTC)  # 14:03 in Beijing
    text = watermark_text(cast.staff.user, moment)
    assert text == f"{cast.staff.name} {cast.staff.user.username} 2026-11-25 14:03"


@pytest.mark.django_db
def test_an_administrator_without_a_staff_profile_is_named_by_account(cast):
    text = watermark_text(cast.auditadmin, datetime.datetime(2026, 11, 25, 1, 0, tzinfo=SHANGHAI))
    assert cast.auditadmin.username in text
    assert text.endswith("2026-11-25 01:00")


def test_watermark_text_is_escaped_in_the_svg_and_quoted_in_the_css():
    svg = watermark_svg('<script>alert("x")</script>')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    style = watermark_style('a"b')
    assert style.startswith('background-image:url("data:image/svg+xml')
    assert 'a"b' not in style  # the quote is percent-encoded, so it cannot end the attribute


def test_watermark_template_renders_the_overlay():
    template = Template('{% include "core/_watermark.html" with text=t %}')
    html = template.render(Context({"t": "张三 zs 2026-11-25 14:03"}))
    assert 'class="zg-watermark"' in html
    assert 'data-watermark="张三 zs 2026-11-25 14:03"' in html


def test_labels_are_the_three_of_the_design():
    assert [choice.value for choice in Sensitivity] == ["public", "internal", "restricted"]
