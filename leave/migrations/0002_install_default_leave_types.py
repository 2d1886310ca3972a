from django.db import migrations

# The REFERENCE.md §1 defaults as they were when this migration was written (frozen copy of
# leave/defaults.py, so later edits to the defaults never change what this migration did).
DEFAULT_TYPES = [{'code': 'annual',
  'name': '年休假',
  'order': 10,
  'counting': 'workdays',
  'has_balance': True,
  'allocation': 'years_worked',
  'entitlement_tiers': [[1, 5], [10, 10], [20, 15]],
  'exclusion_personal_days': 20,
  'exclusion_sick_months': [[0, 2], [10, 3], [20, 4]],
  'carry_over_max_days': 0,
  'carry_over_expires_month': 3,
  'allows_half_days': True},
 {'code': 'sick',
  'name': '病假',
  'order': 20,
  'counting': 'workdays',
  'needs_certificate_over_days': 2,
  'allows_backdating': True,
  'backdating_max_days': 30,
  'allows_half_days': True},
 {'code': 'personal', 'name': '事假', 'order': 30, 'counting': 'workdays', 'allows_half_days': True},
 {'code': 'marriage', 'name': '婚假', 'order': 40, 'counting': 'calendar_days', 'max_days_per_request': 3},
 {'code': 'bereavement', 'name': '丧假', 'order': 50, 'counting': 'calendar_days', 'max_days_per_request': 3},
 {'code': 'maternity',
  'name': '产假',
  'order': 60,
  'counting': 'calendar_days',
  'max_days_per_request': 98,
  'gender': 'F'},
 {'code': 'paternity',
  'name': '陪产假',
  'order': 70,
  'counting': 'calendar_days',
  'max_days_per_request': 15,
  'gender': 'M'},
 {'code': 'home_visit', 'name': '探亲假', 'order': 80, 'counting': 'calendar_days', 'has_balance': True},
 {'code': 'comp_time',
  'name': '调休',
  'order': 90,
  'counting': 'workdays',
  'has_balance': True,
  'allows_half_days': True}]


def install(apps, schema_editor):
    """Units that exist now get the default leave types; later units get them on first use."""
    Unit = apps.get_model("org", "Unit")
    LeaveType = apps.get_model("leave", "LeaveType")
    rows = [
        LeaveType(unit_id=unit_id, **row)
        for unit_id in Unit.objects.values_list("id", flat=True)
        for row in DEFAULT_TYPES
    ]
    LeaveType.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("leave", "0001_leave_types_requests_ledger"),
        ("org", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
