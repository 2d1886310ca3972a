from accounts.models import Duty
from core import nav
from org.tests.cast import grant_duty


def titles(user) -> set[str]:
    return {str(item["title"]) for group in nav.build(user, "/") for item in group["items"]}


def test_everyone_sees_chart_and_directory_but_not_the_office_pages(cast):
    seen = titles(cast.staff.user)
    assert {"组织架构", "干部名册"} <= seen
    assert not {"人员导入", "科室与分管", "委托代理"} & seen


def test_leaders_see_delegation(cast):
    assert "委托代理" in titles(cast.head.user)
    assert "委托代理" in titles(cast.principal.user)


def test_records_keeper_sees_import_and_sections(cast):
    grant_duty(cast.office_head, Duty.STAFF_RECORDS)
    assert {"人员导入", "科室与分管"} <= titles(cast.office_head.user)


def test_administrators_see_no_org_entries(cast):
    assert not {"组织架构", "干部名册"} & titles(cast.sysadmin)
