"""Indexes for 100,000 pledges and more: a donor's list in its order, a liaison's start page, and
(on PostgreSQL) trigram indexes so that a search of codes and notes does not read every pledge.

A search is `UPPER(column) LIKE UPPER('%text%')` (Django's icontains); PostgreSQL's pg_trgm answers
it from a GIN index on that very expression. pg_trgm is a trusted extension (PostgreSQL 13 and
later): the owner of the database may create it. SQLite has no such index and does without.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "pledge_code_trgm": 'UPPER("code"::text)',
    "pledge_notes_trgm": 'UPPER("notes")',
}


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "donations_pledge" '
                              f"USING gin ({expression} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("donations", "0006_translated_labels"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="pledge",
            name="donations_p_donor_i_146bd9_idx",
        ),
        migrations.AddIndex(
            model_name="pledge",
            index=models.Index(fields=["donor", "-announced_on", "code"],
                               name="pledge_donor_order"),
        ),
        migrations.AddIndex(
            model_name="pledge",
            index=models.Index(fields=["donor", "status", "announced_on", "code"],
                               name="pledge_donor_status_order"),
        ),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
