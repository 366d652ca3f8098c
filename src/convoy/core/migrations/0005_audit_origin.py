# The file an imported write came from, and its checksum. SQLite adds a column by rebuilding the
# table, which drops its triggers, so the guard against changes is lifted first and put back after.

from django.db import migrations, models

from convoy.core import auditguard


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_guard(apps, schema_editor):
    _run(schema_editor, auditguard.install_sql(schema_editor.connection.vendor))


def uninstall_guard(apps, schema_editor):
    _run(schema_editor, auditguard.uninstall_sql(schema_editor.connection.vendor))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_audit_chain'),
    ]

    operations = [
        migrations.RunPython(uninstall_guard, install_guard),
        migrations.AddField(
            model_name='auditrecord',
            name='origin_checksum',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditrecord',
            name='origin_file',
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.RunPython(install_guard, uninstall_guard),
    ]
