import time

from django.core.management import call_command

from accounts.models import AdminRole, Duty, DutyGrant, User
from org.demo import DEMO_CITY, build_city_scale
from org.models import Section, Staff, Unit
from org.privacy import staff_id_number, staff_phone
from org.validators import validate_id_number, validate_phone


def seed(capsys) -> str:
    call_command("seed_demo")
    return capsys.readouterr().out


def test_seed_demo_builds_the_demo_city_fast_and_prints_the_logins(db, capsys):
    started = time.monotonic()
    out = seed(capsys)
    assert time.monotonic() - started < 10
    for username in ("buzhang", "changwu", "fubuzhang", "bangongshi", "zuzhike", "keyuan", "sysadmin", "auditadmin"):
        assert username in out
    assert "TOTP" in out

    city = Unit.objects.get(name=DEMO_CITY)
    assert city.level == Unit.Level.CITY and city.children.count() == 4
    county = Unit.objects.get(name="示例县委组织部")
    assert county.executive_deputy.name == "王志海" and county.principal_leader.user.username == "buzhang"
    assert set(Section.objects.filter(unit=county).values_list("name", flat=True)) == {
        "办公室", "组织科", "干部科", "干部监督科", "公务员管理科", "人才科", "干部教育科", "基层党建科",
    }  # fmt: skip
    assert Section.objects.get(unit=county, name="办公室").is_office
    assert 38 <= Staff.objects.filter(unit=county).count() <= 45
    for child in city.children.exclude(pk=county.pk):
        assert 10 <= Staff.objects.filter(unit=child).count() <= 14


def test_seed_demo_is_idempotent(db, capsys):
    seed(capsys)
    counts = (Unit.objects.count(), Staff.objects.count(), User.objects.count())
    out = seed(capsys)
    assert "已存在" in out
    assert (Unit.objects.count(), Staff.objects.count(), User.objects.count()) == counts


def test_demo_org_chart_is_complete(db, capsys):
    seed(capsys)
    county = Unit.objects.get(name="示例县委组织部")
    deputies = Staff.objects.filter(unit=county, position=40)
    assert deputies.count() == 3
    for deputy in deputies:
        assert 2 <= Section.objects.filter(supervisor=deputy).count() <= 3
    assert not Section.objects.filter(unit__parent__isnull=False, head__isnull=True).exists()
    assert not Section.objects.filter(supervisor__isnull=True).exists()
    assert Staff.objects.get(user__username="keyuan").section.name == "组织科"
    assert Section.objects.get(unit=county, name="组织科").head.user.username == "zuzhike"


def test_demo_people_are_plausible_and_unique(db, capsys):
    seed(capsys)
    staff = list(Staff.objects.select_related("user"))
    names = [person.name for person in staff]
    assert len(names) == len(set(names))
    assert {person.gender for person in staff} == {"M", "F"}
    phones = [staff_phone(person) for person in staff]
    ids = [staff_id_number(person) for person in staff]
    assert len(set(phones)) == len(phones) and len(set(ids)) == len(ids)
    for phone, number in zip(phones, ids, strict=True):
        validate_phone(phone)
        validate_id_number(number)
    years = {(person.user.date_joined.date() - person.started_work_on).days // 365 for person in staff}
    assert min(years) <= 2 and max(years) >= 25
    assert all(person.name_pinyin and person.name_initials for person in staff)


def test_demo_accounts_log_in_with_the_demo_password(db, capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Another@2026")
    seed(capsys)
    user = User.objects.get(username="keyuan")
    assert user.check_password("Another@2026") and not user.must_change_password
    admins = User.objects.filter(admin_role__in=AdminRole.values)
    assert sorted(admins.values_list("username", flat=True)) == ["auditadmin", "secadmin", "sysadmin"]
    assert not admins.filter(staff__isnull=False).exists() and not admins.filter(must_change_password=True).exists()


def test_office_head_holds_every_office_duty(db, capsys):
    seed(capsys)
    duties = set(DutyGrant.objects.filter(user__username="bangongshi").values_list("duty", flat=True))
    assert duties == set(Duty.values)


def test_city_scale_builds_many_led_units(db):
    result = build_city_scale(units=3, staff_per_unit=12)
    assert len(result["units"]) == 3 and result["staff_count"] == 36
    for unit in result["units"]:
        assert unit.principal_leader_id and unit.executive_deputy_id
        assert Staff.objects.filter(unit=unit).count() == 12
        assert not Section.objects.filter(unit=unit, head__isnull=True).exists()
    again = build_city_scale(units=1, staff_per_unit=10)
    assert again["city"].pk != result["city"].pk
