"""The leave types every unit starts with (REFERENCE.md §1), as plain data.

Plain data so the data migration can use it with `apps.get_model`. National rules are
the baseline; the figures marked "local practice" are what a unit's office edits on the
leave types settings page (provinces extend marriage, maternity and paternity leave).
"""

from __future__ import annotations

WORKDAYS = "workdays"
CALENDAR_DAYS = "calendar_days"

ALLOCATION_NONE = "none"
ALLOCATION_FIXED = "fixed"
ALLOCATION_YEARS_WORKED = "years_worked"

# 《职工带薪年休假条例》 art. 3: 1 to <10 years worked: 5 days; 10 to <20: 10; ≥20: 15.
ANNUAL_TIERS = [[1, 5], [10, 10], [20, 15]]
# Art. 4: no annual leave after sick leave of ≥2 months (<10 years worked), ≥3 (10–20), ≥4 (≥20).
ANNUAL_SICK_EXCLUSION_MONTHS = [[0, 2], [10, 3], [20, 4]]
# Art. 4: no annual leave after ≥20 days of personal leave (事假) in the year.
ANNUAL_PERSONAL_EXCLUSION_DAYS = 20

DEFAULT_TYPES: list[dict] = [
    {
        "code": "annual",
        "name": "年休假",
        "order": 10,
        "counting": WORKDAYS,
        "has_balance": True,
        "allocation": ALLOCATION_YEARS_WORKED,
        "entitlement_tiers": ANNUAL_TIERS,
        "exclusion_personal_days": ANNUAL_PERSONAL_EXCLUSION_DAYS,
        "exclusion_sick_months": ANNUAL_SICK_EXCLUSION_MONTHS,
        # "一般不跨年度安排" (art. 5): no carry-over unless the unit allows it.
        "carry_over_max_days": 0,
        "carry_over_expires_month": 3,
        "allows_half_days": True,
    },
    {
        "code": "sick",
        "name": "病假",
        "order": 20,
        "counting": WORKDAYS,
        # Local practice: a hospital certificate for sick leave over 2 days; sick leave may be asked afterwards.
        "needs_certificate_over_days": 2,
        "allows_backdating": True,
        "backdating_max_days": 30,
        "allows_half_days": True,
    },
    {"code": "personal", "name": "事假", "order": 30, "counting": WORKDAYS, "allows_half_days": True},
    # 婚丧假 1–3 days (national baseline); provinces extend marriage leave.
    {"code": "marriage", "name": "婚假", "order": 40, "counting": CALENDAR_DAYS, "max_days_per_request": 3},
    {"code": "bereavement", "name": "丧假", "order": 50, "counting": CALENDAR_DAYS, "max_days_per_request": 3},
    # 产假 98 days, calendar days (女职工劳动保护特别规定); provinces add more.
    {
        "code": "maternity",
        "name": "产假",
        "order": 60,
        "counting": CALENDAR_DAYS,
        "max_days_per_request": 98,
        "gender": "F",
    },
    # 陪产假 / 护理假: provincial; 15 days is a common figure (local practice).
    {
        "code": "paternity",
        "name": "陪产假",
        "order": 70,
        "counting": CALENDAR_DAYS,
        "max_days_per_request": 15,
        "gender": "M",
    },
    # 探亲假 (国发〔1981〕36号): calendar days; who qualifies (spouse 30 days, parents 20) is decided per
    # person, so the office grants each qualifying person's days as a balance adjustment.
    {"code": "home_visit", "name": "探亲假", "order": 80, "counting": CALENDAR_DAYS, "has_balance": True},
    # 调休: the balance is credited from approved overtime (see leave.ledger.comp_time_credit).
    {
        "code": "comp_time",
        "name": "调休",
        "order": 90,
        "counting": WORKDAYS,
        "has_balance": True,
        "allows_half_days": True,
    },
]
