"""The demo database, loaded once per test process and shared by the tests that read it.

`qiangshi demo load` costs ~10 s of CPU whatever the number of firms (the plan's figures and
the project pipeline dominate), and the crawl, the fuzzing, the query budgets and the demo's
own page tests each loaded it. On the in-memory SQLite test database the loaded state is
copied aside once with SQLite's backup API and copied back (milliseconds) before each test
that asks for it; after the test the database as `django_db_setup` left it is copied back, so
the tests that follow see no demo rows. PostgreSQL has no such copy: there each test loads the
demo inside its own transaction, rolled back after it, as before.
"""
import io
import sqlite3

from django.core.management import call_command

# The size the crawl and the small query-budget run used: a page of rows or more on the lists
# that page; the fuzzing and the demo's page tests reach more rows than with the 40 they had.
FIRMS = 120

_snapshots: dict[str, sqlite3.Connection] = {}


def demo_load(firms: int = FIRMS) -> str:
    out = io.StringIO()
    call_command("demo", "load", "--firms", str(firms), stdout=out)
    return out.getvalue()


def copyable(connection) -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _copy(connection) -> sqlite3.Connection:
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def _restore(connection, name: str) -> None:
    from django.contrib.contenttypes.models import ContentType

    _snapshots[name].backup(connection.connection)
    ContentType.objects.clear_cache()  # ids may differ from the database copied over


def base_keep(connection) -> None:
    """Keeps the database as the session's set-up left it (migrated, reference data)."""
    if copyable(connection):
        connection.ensure_connection()
        _snapshots["base"] = _copy(connection)


def demo_enter(connection) -> None:
    """The demo database in place of the base one; loaded the first time."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        # SQLite refuses to copy into a database with an open transaction, and a load inside
        # the test's transaction would be rolled back.
        raise RuntimeError("shared_demo must be set up before the test's transaction: request it "
                           "before `db`, `reference` or any user fixture, without django_db marks")
    if "demo" in _snapshots:
        _restore(connection, "demo")
        return
    demo_load()
    _snapshots["demo"] = _copy(connection)


def demo_leave(connection) -> None:
    _restore(connection, "base")
