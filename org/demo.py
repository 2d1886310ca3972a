"""Demo data: a city department with four counties, one of them fully staffed, and a bulk generator
for benchmarks. Names, phone numbers and ID numbers are invented; ID numbers use a region code that
does not exist (3399xx) but carry a correct GB 11643 check digit, so every validator accepts them.

Rows are written with bulk_create (a demo of ~90 people takes well under a second of queries), but
every profile goes through the same pinyin and encryption helpers as `org.services.staff_create`.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import AdminRole, Duty, DutyGrant, User
from audit.services import audit_record
from org.models import Gender, Grade, Position, Section, Staff, Unit
from org.services import name_fields, sensitive_fields
from org.validators import id_check_digit

DEMO_CITY = "示例市委组织部"
DEMO_COUNTY = "示例县委组织部"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
MALE_GIVEN = (  # noqa: SIM905 — a name list reads better as one string
    "建国 志强 伟 军 磊 涛 浩然 子轩 明辉 海涛 文博 俊杰 国华 立新 振华 晓东 宏伟 永强 家豪 博文 建华 卫东 鹏 勇 斌 "
    "超 凯 宇航 天佑 嘉诚 正阳 思远 国庆 学军 泽宇 一鸣 晨阳 建平 金龙 云飞 德明 志刚 兴旺 春生 开宇 俊峰"
).split()
FEMALE_GIVEN = (  # noqa: SIM905
    "秀英 丽娟 静 敏 婷婷 雪梅 晓燕 红霞 丹丹 玉兰 思雨 欣怡 佳琪 梦瑶 雅琴 慧敏 晓琳 春燕 丽华 颖 倩 璐 文静 "
    "海燕 艳 芳 莉 萍 晓雪 若溪 诗涵 雨桐 淑芬 美玲 小凤 凤霞 月华 紫涵 心怡 嘉欣"
).split()
PHONE_PREFIXES = "130 133 135 136 138 139 150 151 152 158 159 177 180 186 189".split()  # noqa: SIM905


@dataclass
class PersonSpec:
    name: str
    username: str
    gender: str
    position: int
    title: str
    grade: str
    started_work_on: datetime.date
    section: str = ""  # section name within the unit; empty for department leaders
    affairs: bool = False
    phone: str = ""
    id_number: str = ""


@dataclass
class UnitSpec:
    name: str
    short_name: str
    level: str
    order: int
    region: str  # the (fictitious) first six digits of ID numbers issued there
    sections: list[tuple[str, bool]]  # (name, is_office)
    people: list[PersonSpec] = field(default_factory=list)
    principal: str = ""  # usernames
    executive_deputy: str = ""
    heads: dict[str, str] = field(default_factory=dict)  # section → username
    supervisors: dict[str, str] = field(default_factory=dict)  # section → username


class Faker:
    """Deterministic invented people: unique names, phones and ID numbers."""

    def __init__(self, seed: int = 20261125, today: datetime.date | None = None):
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.names: set[str] = set()
        self.phones: set[str] = set()
        self.ids: set[str] = set()

    def reserve(self, *names: str) -> None:
        self.names.update(names)

    def name(self, gender: str, *, unique: bool = True) -> str:
        pool = MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN
        for _attempt in range(1000):
            candidate = self.rng.choice(SURNAMES) + self.rng.choice(pool)
            if not unique or candidate not in self.names:
                self.names.add(candidate)
                return candidate
        raise RuntimeError("ran out of demo names")

    def gender(self) -> str:
        return Gender.MALE if self.rng.random() < 0.55 else Gender.FEMALE

    def started(self, low: int, high: int) -> datetime.date:
        days = self.rng.randint(low * 365 + 30, high * 365 - 30) if high > low else low * 365
        return self.today - datetime.timedelta(days=days)

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def id_number(self, region: str, gender: str, started: datetime.date) -> str:
        """Born 21–24 years before starting work; the 17th digit is odd for men, even for women."""
        while True:
            birth = started - datetime.timedelta(days=self.rng.randint(21 * 365, 24 * 365))
            sequence = self.rng.randrange(100) * 10 + self.rng.choice(
                (1, 3, 5, 7, 9) if gender == "M" else (0, 2, 4, 6, 8)
            )
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number


def grade_for(position: int, started: datetime.date, today: datetime.date) -> str:
    if position == Position.PRINCIPAL:
        return Grade.LEVEL2_RESEARCHER
    if position == Position.EXECUTIVE_DEPUTY:
        return Grade.LEVEL3_RESEARCHER
    if position == Position.DEPUTY:
        return Grade.LEVEL4_RESEARCHER
    years = (today - started).days // 365
    ladder = [
        (18, Grade.LEVEL1_CLERK),
        (14, Grade.LEVEL2_CLERK),
        (10, Grade.LEVEL3_CLERK),
        (6, Grade.LEVEL4_CLERK),
        (3, Grade.LEVEL1_MEMBER),
        (0, Grade.LEVEL2_MEMBER),
    ]
    grade = next(g for limit, g in ladder if years >= limit)
    if position >= Position.SECTION_HEAD and years < 10:
        grade = Grade.LEVEL3_CLERK
    return grade


def _titles(section: str, position: int) -> str:
    office = section == "办公室"
    if position == Position.SECTION_HEAD:
        return "办公室主任" if office else f"{section}科长"
    if position == Position.SECTION_DEPUTY:
        return "办公室副主任" if office else f"{section}副科长"
    return "科员"


class _Usernames:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, name: str, prefix: str = "") -> str:
        base = (prefix + name_fields(name)["name_pinyin"])[:140]
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}{n}"
        self.taken.add(candidate)
        return candidate

    def reserve(self, username: str) -> str:
        self.taken.add(username)
        return username


def _person(
    faker: Faker,
    usernames: _Usernames,
    unit: UnitSpec,
    *,
    position: int,
    section: str = "",
    name: str = "",
    username: str = "",
    gender: str = "",
    title: str = "",
    years: tuple[int, int] = (1, 12),
    prefix: str = "",
    affairs: bool = False,
) -> PersonSpec:
    gender = gender or faker.gender()
    name = name or faker.name(gender)
    started = faker.started(*years)
    spec = PersonSpec(
        name=name,
        username=usernames.reserve(username) if username else usernames.make(name, prefix),
        gender=gender,
        position=position,
        title=title or _titles(section, position),
        grade=grade_for(position, started, faker.today),
        started_work_on=started,
        section=section,
        affairs=affairs,
        phone=faker.phone(),
        id_number=faker.id_number(unit.region, gender, started),
    )
    unit.people.append(spec)
    return spec


def _staff_section(
    faker: Faker,
    usernames: _Usernames,
    unit: UnitSpec,
    section: str,
    size: int,
    *,
    prefix: str = "",
    head: dict | None = None,
    with_deputy: bool = False,
    extra: list[dict] | None = None,
) -> None:
    head_spec = _person(
        faker,
        usernames,
        unit,
        position=Position.SECTION_HEAD,
        section=section,
        years=(12, 24),
        prefix=prefix,
        **(head or {}),
    )
    unit.heads[section] = head_spec.username
    remaining = size - 1
    if with_deputy:
        _person(faker, usernames, unit, position=Position.SECTION_DEPUTY, section=section, years=(8, 16), prefix=prefix)
        remaining -= 1
    for kwargs in extra or []:
        _person(faker, usernames, unit, position=Position.STAFF, section=section, prefix=prefix, **kwargs)
        remaining -= 1
    for _ in range(remaining):
        _person(faker, usernames, unit, position=Position.STAFF, section=section, years=(1, 12), prefix=prefix)


COUNTY_SECTIONS = [
    ("办公室", True),
    ("组织科", False),
    ("干部科", False),
    ("干部监督科", False),
    ("公务员管理科", False),
    ("人才科", False),
    ("干部教育科", False),
    ("基层党建科", False),
]

# The well-known demo logins, one per role (printed by seed_demo).
WELL_KNOWN = [
    ("buzhang", "部长（主要领导）"),
    ("changwu", "常务副部长"),
    ("fubuzhang", "副部长（分管领导）"),
    ("bangongshi", "办公室主任（办公室各项职责）"),
    ("zuzhike", "组织科科长（科室负责人）"),
    ("keyuan", "组织科科员（工作人员）"),
]


def _demo_county(faker: Faker, usernames: _Usernames) -> UnitSpec:
    unit = UnitSpec(DEMO_COUNTY, "示例县", Unit.Level.COUNTY, 1, "339901", COUNTY_SECTIONS)
    faker.reserve("李建国", "王志海", "赵红梅", "陈卫东", "马建军", "孙立新", "周明", "张三丰")
    M, F = Gender.MALE, Gender.FEMALE
    lead = {"prefix": "", "affairs": True}
    principal = _person(
        faker,
        usernames,
        unit,
        position=Position.PRINCIPAL,
        name="李建国",
        username="buzhang",
        gender=M,
        title="部长",
        years=(26, 30),
        **lead,
    )
    executive = _person(
        faker,
        usernames,
        unit,
        position=Position.EXECUTIVE_DEPUTY,
        name="王志海",
        username="changwu",
        gender=M,
        title="常务副部长",
        years=(22, 26),
        **lead,
    )
    deputy_a = _person(
        faker,
        usernames,
        unit,
        position=Position.DEPUTY,
        name="赵红梅",
        username="fubuzhang",
        gender=F,
        title="副部长",
        years=(18, 24),
        **lead,
    )
    deputy_b = _person(
        faker,
        usernames,
        unit,
        position=Position.DEPUTY,
        name="陈卫东",
        gender=M,
        title="副部长",
        years=(18, 24),
        **lead,
    )
    deputy_c = _person(
        faker,
        usernames,
        unit,
        position=Position.DEPUTY,
        name="马建军",
        gender=M,
        title="副部长",
        years=(18, 24),
        **lead,
    )
    unit.principal = principal.username
    unit.executive_deputy = executive.username

    _staff_section(
        faker,
        usernames,
        unit,
        "办公室",
        6,
        with_deputy=True,
        head={"name": "孙立新", "username": "bangongshi", "gender": M},
    )
    _staff_section(
        faker,
        usernames,
        unit,
        "组织科",
        5,
        with_deputy=True,
        head={"name": "周明", "username": "zuzhike", "gender": M},
        extra=[{"name": "张三丰", "username": "keyuan", "gender": M, "years": (8, 10)}],
    )
    _staff_section(faker, usernames, unit, "干部科", 5, with_deputy=True)
    _staff_section(faker, usernames, unit, "干部监督科", 4)
    _staff_section(faker, usernames, unit, "公务员管理科", 4)
    _staff_section(faker, usernames, unit, "人才科", 4)
    _staff_section(faker, usernames, unit, "干部教育科", 3)
    _staff_section(faker, usernames, unit, "基层党建科", 5, with_deputy=True)

    supervision = [
        (executive, ["办公室", "干部科"]),
        (deputy_a, ["组织科", "基层党建科"]),
        (deputy_b, ["干部监督科", "公务员管理科"]),
        (deputy_c, ["人才科", "干部教育科"]),
    ]
    for leader, sections in supervision:
        for section in sections:
            unit.supervisors[section] = leader.username
    return unit


def _small_county(faker: Faker, usernames: _Usernames, name: str, short: str, order: int, prefix: str) -> UnitSpec:
    unit = UnitSpec(name, short, Unit.Level.COUNTY, order, f"3399{order:02d}", COUNTY_SECTIONS[:3])
    principal = _person(
        faker, usernames, unit, position=Position.PRINCIPAL, title="部长", years=(24, 30), prefix=prefix, affairs=True
    )
    executive = _person(
        faker,
        usernames,
        unit,
        position=Position.EXECUTIVE_DEPUTY,
        title="常务副部长",
        years=(18, 26),
        prefix=prefix,
        affairs=True,
    )
    unit.principal, unit.executive_deputy = principal.username, executive.username
    for section, size in (("办公室", 4), ("组织科", 3), ("干部科", 3)):
        _staff_section(faker, usernames, unit, section, size, prefix=prefix)
        unit.supervisors[section] = executive.username
    return unit


def _city(faker: Faker, usernames: _Usernames) -> UnitSpec:
    unit = UnitSpec(DEMO_CITY, "示例市", Unit.Level.CITY, 0, "339900", [("办公室", True), ("干部一科", False)])
    principal = _person(
        faker, usernames, unit, position=Position.PRINCIPAL, title="部长", years=(28, 30), prefix="shi.", affairs=True
    )
    executive = _person(
        faker,
        usernames,
        unit,
        position=Position.EXECUTIVE_DEPUTY,
        title="常务副部长",
        years=(22, 28),
        prefix="shi.",
        affairs=True,
    )
    unit.principal, unit.executive_deputy = principal.username, executive.username
    _staff_section(faker, usernames, unit, "办公室", 3, prefix="shi.")
    _staff_section(faker, usernames, unit, "干部一科", 2, prefix="shi.")
    for section, _office in unit.sections:
        unit.supervisors[section] = executive.username
    return unit


def _write(specs: list[UnitSpec], *, password_hash: str, parent: Unit | None = None) -> dict[str, Staff]:
    """Create the units, sections, accounts and profiles of `specs` in a few bulk queries."""
    now = timezone.now()
    units = Unit.objects.bulk_create(
        [Unit(name=s.name, short_name=s.short_name, level=s.level, order=s.order, parent=parent) for s in specs]
    )
    sections = Section.objects.bulk_create(
        [
            Section(unit=unit, name=name, order=index, is_office=is_office)
            for unit, spec in zip(units, specs, strict=True)
            for index, (name, is_office) in enumerate(spec.sections, start=1)
        ]
    )
    section_of = {(section.unit_id, section.name): section for section in sections}
    users = User.objects.bulk_create(
        [
            User(
                username=p.username,
                full_name=p.name,
                password=password_hash,
                must_change_password=False,
                password_changed_at=now,
            )
            for spec in specs
            for p in spec.people
        ],
        batch_size=1000,
    )
    user_iter = iter(users)
    profiles = []
    for unit, spec in zip(units, specs, strict=True):
        for order, p in enumerate(spec.people, start=1):
            profiles.append(
                Staff(
                    user=next(user_iter),
                    unit=unit,
                    section=section_of[(unit.pk, p.section)] if p.section else None,
                    position=p.position,
                    title=p.title,
                    grade=p.grade,
                    gender=p.gender,
                    started_work_on=p.started_work_on,
                    is_affairs_member=p.affairs,
                    order=order,
                    **name_fields(p.name),
                    **sensitive_fields(phone=p.phone, id_number=p.id_number),
                )
            )
    profiles = Staff.objects.bulk_create(profiles, batch_size=1000)
    by_username = {staff.user.username: staff for staff in profiles}

    for unit, spec in zip(units, specs, strict=True):
        unit.principal_leader = by_username.get(spec.principal)
        unit.executive_deputy = by_username.get(spec.executive_deputy)
    Unit.objects.bulk_update(units, ["principal_leader", "executive_deputy"])
    spec_of_unit = {unit.pk: spec for unit, spec in zip(units, specs, strict=True)}
    for section in sections:
        spec = spec_of_unit[section.unit_id]
        section.head = by_username.get(spec.heads.get(section.name, ""))
        section.supervisor = by_username.get(spec.supervisors.get(section.name, ""))
    Section.objects.bulk_update(sections, ["head", "supervisor"], batch_size=1000)
    return by_username


def build_demo(*, password: str) -> dict:
    """The demo city with four county departments; does nothing if the demo city exists.

    Returns {"created": bool, "city", "county", "units", "staff_count", "logins": [(username, role, name)]}.
    """
    if Unit.objects.filter(name=DEMO_CITY).exists():
        return {"created": False}
    faker = Faker()
    usernames = _Usernames()
    for admin in ("sysadmin", "secadmin", "auditadmin"):
        usernames.reserve(admin)
    city_spec = _city(faker, usernames)
    county_specs = [
        _demo_county(faker, usernames),
        _small_county(faker, usernames, "东川县委组织部", "东川县", 2, "dc."),
        _small_county(faker, usernames, "西岭县委组织部", "西岭县", 3, "xl."),
        _small_county(faker, usernames, "南湖区委组织部", "南湖区", 4, "nh."),
    ]
    password_hash = make_password(password)
    with transaction.atomic():
        staff = _write([city_spec], password_hash=password_hash)
        city = Unit.objects.get(name=DEMO_CITY)
        staff.update(_write(county_specs, password_hash=password_hash, parent=city))

        office_heads = [
            staff[spec.heads["办公室"]].user for spec in [city_spec, *county_specs] if "办公室" in spec.heads
        ]
        # A county office (办公室) keeps all of these; a larger department would spread them over its clerks.
        DutyGrant.objects.bulk_create(
            [DutyGrant(user=user, duty=duty) for user in office_heads for duty in Duty.values]
        )
        admins = User.objects.bulk_create(
            [
                User(
                    username=username,
                    full_name=full_name,
                    admin_role=role,
                    password=password_hash,
                    must_change_password=False,
                    password_changed_at=timezone.now(),
                )
                for username, full_name, role in (
                    ("sysadmin", "系统管理员", AdminRole.SYSTEM),
                    ("secadmin", "安全管理员", AdminRole.SECURITY),
                    ("auditadmin", "审计管理员", AdminRole.AUDIT),
                )
            ]
        )
        county = Unit.objects.get(name=DEMO_COUNTY)
        audit_record(
            actor=None,
            action="org.demo_seed",
            target=city,
            unit=None,
            summary=f"载入演示数据：{1 + len(county_specs)} 个单位，{len(staff)} 名干部，3 名管理员",
            changes={"units": 1 + len(county_specs), "staff": len(staff)},
        )
    logins = [(username, role, staff[username].name) for username, role in WELL_KNOWN]
    logins += [(admin.username, admin.get_admin_role_display(), admin.full_name) for admin in admins]
    return {
        "created": True,
        "city": city,
        "county": county,
        "units": [city, *Unit.objects.filter(parent=city).order_by("order")],
        "staff_count": len(staff),
        "staff": staff,  # {username: Staff}, for the apps' demo builders (core.demo)
        "logins": logins,
    }


def build_city_scale(units: int = 100, staff_per_unit: int = 50, *, password: str = "Zugong@2026") -> dict:
    """Many fully-led county units under a new city, for benchmarks. No audit events, no duties.

    Each unit: principal leader, executive deputy, two deputies, five sections with a head each,
    the rest spread over the sections. Returns {"city", "units", "staff_count"}.
    """
    faker = Faker(seed=units * 100_003 + staff_per_unit)
    run = Unit.objects.filter(name__startswith="规模测试市").count() + 1
    prefix = f"scale{run}."
    sections = [("办公室", True), ("组织科", False), ("干部科", False), ("干部监督科", False), ("人才科", False)]
    specs = []
    for index in range(1, units + 1):
        spec = UnitSpec(
            f"规模测试市{run}第{index}县委组织部", f"测试{index}县", Unit.Level.COUNTY, index, "339999", sections
        )
        n = 0

        def add(position: int, title: str, section: str = "", spec=spec, index=index) -> PersonSpec:
            nonlocal n
            n += 1
            gender = faker.gender()
            started = faker.started(1, 30)
            person = PersonSpec(
                name=faker.name(gender, unique=False),
                username=f"{prefix}{index}.{n}",
                gender=gender,
                position=position,
                title=title,
                grade=grade_for(position, started, faker.today),
                started_work_on=started,
                section=section,
                affairs=position >= Position.DEPUTY,
                phone=faker.phone(),
                id_number=faker.id_number(spec.region, gender, started),
            )
            spec.people.append(person)
            return person

        spec.principal = add(Position.PRINCIPAL, "部长").username
        spec.executive_deputy = add(Position.EXECUTIVE_DEPUTY, "常务副部长").username
        deputies = [add(Position.DEPUTY, "副部长").username for _ in range(2)]
        leaders = [spec.executive_deputy, *deputies]
        for position, (section, _office) in enumerate(sections):
            spec.heads[section] = add(Position.SECTION_HEAD, _titles(section, Position.SECTION_HEAD), section).username
            spec.supervisors[section] = leaders[position % len(leaders)]
        for k in range(max(staff_per_unit - 4 - len(sections), 0)):
            add(Position.STAFF, "科员", sections[k % len(sections)][0])
        specs.append(spec)

    password_hash = make_password(password)
    with transaction.atomic():
        city = Unit.objects.create(
            name=f"规模测试市{run}委组织部", short_name=f"规模测试市{run}", level=Unit.Level.CITY
        )
        staff = _write(specs, password_hash=password_hash, parent=city)
    return {"city": city, "units": list(Unit.objects.filter(parent=city)), "staff_count": len(staff)}
