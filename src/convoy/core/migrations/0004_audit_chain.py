# The audit trail becomes a hash chain guarded by database triggers: records already written are
# chained in id order first, then the triggers refuse any UPDATE, DELETE or TRUNCATE.

import django.utils.timezone
from django.db import migrations, models

from convoy.core import auditchain, auditguard


def chain_existing_records(apps, schema_editor):
    AuditRecord = apps.get_model("core", "AuditRecord")
    prev_hash = auditchain.GENESIS
    for rec in AuditRecord.objects.select_related("content_type").order_by("id").iterator():
        digest = auditchain.record_hash(
            prev_hash=prev_hash,
            at=rec.at,
            actor_id=rec.actor_id,
            source=rec.source,
            action=rec.action,
            content_type=f"{rec.content_type.app_label}.{rec.content_type.model}",
            object_id=rec.object_id,
            object_repr=rec.object_repr,
            summary=rec.summary,
            before=rec.before,
            after=rec.after,
        )
        AuditRecord.objects.filter(pk=rec.pk).update(prev_hash=prev_hash, hash=digest)
        prev_hash = digest


def _run(schema_editor, statements):
    # A plain cursor: without parameters, the trigger's '%' is not taken for a placeholder.
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_guard(apps, schema_editor):
    _run(schema_editor, auditguard.install_sql(schema_editor.connection.vendor))


def uninstall_guard(apps, schema_editor):
    _run(schema_editor, auditguard.uninstall_sql(schema_editor.connection.vendor))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_user_profile"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditrecord",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_records, migrations.RunPython.noop),
        migrations.RunPython(install_guard, uninstall_guard),
    ]
