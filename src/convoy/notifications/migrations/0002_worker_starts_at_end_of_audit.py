"""An existing installation starts hearing from now on: the audit trail written before
notifications existed is history, not news."""

from django.db import migrations
from django.db.models import Max


def start_at_end(apps, schema_editor):
    AuditRecord = apps.get_model("core", "AuditRecord")
    WorkerState = apps.get_model("notifications", "WorkerState")
    newest = AuditRecord.objects.aggregate(newest=Max("id"))["newest"] or 0
    WorkerState.objects.update_or_create(pk=1, defaults={"audit_checked_to": newest})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(start_at_end, migrations.RunPython.noop)]
