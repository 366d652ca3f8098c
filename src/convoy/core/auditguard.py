"""Database triggers that refuse to change, delete or truncate audit records.

The ORM already refuses; these make the database refuse too, whatever writes to it (`loaddata`,
raw SQL, another program). Only maintenance that replaces the whole database (`flush`, `restore`)
lifts them, inside its own transaction, so they are back before anyone else can see the table.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

TABLE = "core_auditrecord"
MESSAGE = "audit records are immutable"

_POSTGRES_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION convoy_audit_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    f"""
    CREATE TRIGGER convoy_audit_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION convoy_audit_immutable()
    """,
    f"""
    CREATE TRIGGER convoy_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION convoy_audit_immutable()
    """,
]
_POSTGRES_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS convoy_audit_no_update_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS convoy_audit_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS convoy_audit_immutable()",
]
# SQLite has no TRUNCATE: its `DELETE FROM table` without a WHERE fires the delete trigger.
_SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER convoy_audit_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE} (UPDATE refused)'); END
    """,
    f"""
    CREATE TRIGGER convoy_audit_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE} (DELETE refused)'); END
    """,
]
_SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS convoy_audit_no_update",
    "DROP TRIGGER IF EXISTS convoy_audit_no_delete",
]


def install_sql(vendor: str) -> list[str]:
    return {"postgresql": _POSTGRES_INSTALL, "sqlite": _SQLITE_INSTALL}.get(vendor, [])


def uninstall_sql(vendor: str) -> list[str]:
    return {"postgresql": _POSTGRES_UNINSTALL, "sqlite": _SQLITE_UNINSTALL}.get(vendor, [])


def lift_sql(vendor: str) -> list[str]:
    """SQL that lifts the guard until `restore_sql`; only ever run inside one transaction."""
    if vendor == "postgresql":
        # Deferred foreign-key checks still pending would forbid altering the table: run them
        # now, then defer again so that the rows written next are checked at commit.
        return ["SET CONSTRAINTS ALL IMMEDIATE", f"ALTER TABLE {TABLE} DISABLE TRIGGER USER",
                "SET CONSTRAINTS ALL DEFERRED"]
    return uninstall_sql(vendor)


def restore_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return ["SET CONSTRAINTS ALL IMMEDIATE", f"ALTER TABLE {TABLE} ENABLE TRIGGER USER",
                "SET CONSTRAINTS ALL DEFERRED"]
    return install_sql(vendor)


def guard_present(connection) -> bool:
    """Whether the audit table exists in this database (before migrations it does not)."""
    return TABLE in connection.introspection.table_names()


@contextmanager
def guard_lifted(connection) -> Iterator[None]:
    """Inside one transaction, the audit table may be emptied and refilled (restore)."""
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            for sql in lift_sql(vendor):
                cursor.execute(sql)
        yield
        with connection.cursor() as cursor:
            for sql in restore_sql(vendor):
                cursor.execute(sql)
