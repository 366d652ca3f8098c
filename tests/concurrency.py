"""Real concurrent transactions for the tests that two people acting at once cannot both win.

Only PostgreSQL has row locks (SQLite serialises whole-database writes), so these tests run there.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

#: Marks for a module of such tests: transactional database, PostgreSQL only.
POSTGRES_RACE = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(*attempts: Callable[[], object]) -> list[object]:
    """Run the attempts at the same moment, each in its own thread and database connection;
    their results or the errors they raised, in order."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[object] = [None] * len(attempts)

    def run(index: int, attempt: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = attempt()
        except Exception as error:  # the test reads the outcome
            outcomes[index] = error
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "an attempt hung"
    return outcomes
