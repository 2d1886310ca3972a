"""Chain the access log like the audit log: chain key, sequence and SM3 hashes per unit.

SQLite rebuilds the table for these ALTERs, which would silently lose the
append-only triggers, so they are dropped first and installed again last.
"""

from django.db import migrations, models


def drop_triggers(apps, schema_editor):
    from audit import triggers

    triggers.drop(schema_editor.connection)


def install_triggers(apps, schema_editor):
    from audit import triggers

    triggers.install(schema_editor.connection)


def chain_existing_rows(apps, schema_editor):
    """Put rows written before this migration (if any) on their unit's access chain, in id order."""
    from audit.services import access_chain_key_for, access_hash

    AccessLog = apps.get_model("audit", "AccessLog")
    AuditChain = apps.get_model("audit", "AuditChain")
    heads = {}
    for entry in AccessLog.objects.order_by("id").iterator(chunk_size=2000):
        key = access_chain_key_for(entry.unit_id)
        head = heads.get(key)
        if head is None:
            head = heads[key] = AuditChain.objects.get_or_create(chain_key=key)[0]
        entry.chain_key = key
        entry.seq = head.last_seq + 1
        entry.prev_hash = head.last_hash
        entry.hash = access_hash(entry.prev_hash, entry)
        entry.save(update_fields=["chain_key", "seq", "prev_hash", "hash"])
        head.last_seq, head.last_hash = entry.seq, entry.hash
    for head in heads.values():
        head.save(update_fields=["last_seq", "last_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, install_triggers),
        migrations.AddField(
            model_name="accesslog",
            name="chain_key",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslog",
            name="seq",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslog",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslog",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="created_at",
            field=models.DateTimeField(db_index=True, verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="kind",
            field=models.CharField(
                choices=[("view", "View"), ("download", "Download"), ("export", "Export"), ("print", "Print")],
                max_length=20,
                verbose_name="access",
            ),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["object_type", "object_id"], name="audit_acces_object__d89753_idx"),
        ),
        migrations.AddConstraint(
            model_name="accesslog",
            constraint=models.UniqueConstraint(fields=("chain_key", "seq"), name="audit_access_chain_seq"),
        ),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
