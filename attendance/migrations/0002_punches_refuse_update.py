from django.db import migrations


def install(apps, schema_editor):
    from attendance import triggers

    triggers.install(schema_editor.connection)


def drop(apps, schema_editor):
    from attendance import triggers

    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_punches_corrections_overtime_sheets")]

    operations = [migrations.RunPython(install, drop)]
