"""The 公文 menu: every staff member drafts and reads; the reviewer figures only for leaders and the register duty."""

import pytest

pytestmark = pytest.mark.django_db


def test_nav(cast, login):
    html = login(cast.staff).get("/documents/").content.decode()
    assert "/documents/mine/" in html and "/documents/new/" in html and "/documents/register/" in html
    assert "/documents/figures/" not in html
    html = login(cast.principal).get("/documents/").content.decode()
    assert "/documents/figures/" in html
