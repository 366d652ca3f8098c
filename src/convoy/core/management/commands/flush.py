"""`flush` that still works with the audit table's triggers: it lifts them inside the flush's own
transaction and puts them back before it commits (the test suite flushes between tests)."""

from django.core.management.commands import flush
from django.db import connections

from convoy.core import auditguard


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if not auditguard.guard_present(connection):
            return super().handle(**options)
        ops = connection.ops
        plain_flush = ops.execute_sql_flush
        vendor = connection.vendor

        def flush_with_guard_lifted(sql_list):
            if not sql_list:
                return plain_flush(sql_list)
            return plain_flush(
                [*auditguard.lift_sql(vendor), *sql_list, *auditguard.restore_sql(vendor)]
            )

        ops.execute_sql_flush = flush_with_guard_lifted
        try:
            return super().handle(**options)
        finally:
            del ops.execute_sql_flush
