"""The audit event's actor loses its own index: (actor, -created_at) begins with it.

Only the index is dropped (core.db.indexes): AlterField would rebuild the table on SQLite, losing its
append-only triggers and copying every event.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.db.indexes import create_column_index, drop_column_index


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_accesslog_chain"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(
                    drop_column_index("audit_auditevent", "actor_id"),
                    create_column_index("audit_auditevent", "actor_id"),
                ),
            ],
        )
    ]
