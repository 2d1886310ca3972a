"""The punch's foreign keys lose their own indexes: (staff, at) and (unit, at) begin with them.

Only the indexes are dropped (core.db.indexes): AlterField would rebuild the table on SQLite, losing
its append-only triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

from core.db.indexes import create_column_index, drop_column_index


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0002_punches_refuse_update"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="punch",
                    name="staff",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="punches",
                        to="org.staff",
                        verbose_name="staff",
                    ),
                ),
                migrations.AlterField(
                    model_name="punch",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(
                    drop_column_index("attendance_punch", "staff_id"),
                    create_column_index("attendance_punch", "staff_id"),
                ),
                migrations.RunPython(
                    drop_column_index("attendance_punch", "unit_id"),
                    create_column_index("attendance_punch", "unit_id"),
                ),
            ],
        )
    ]
