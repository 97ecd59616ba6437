"""The demo database, loaded once per test process and shared by the tests that read it.

`qiangshi demo load` costs ~10 s of CPU whatever the number of firms (the plan's figures and
the project pipeline dominate), and the crawl, the fuzzing, the query budgets and the demo's
own page tests each loaded it. On the in-memory SQLite test database the loaded state is
copied aside once with SQLite's backup API and copied back (milliseconds) before each test
that asks for it; after the test the database as the tests before found it is copied back, so
the tests that follow see no demo rows. On PostgreSQL the copies are databases made from the
test database as a template (CREATE DATABASE … TEMPLATE, a file copy: about a second instead of
the load's ten), and the test database is made again from one of them.
"""
import io
import sqlite3

from django.core.management import call_command

# The size the crawl and the small query-budget run used: a page of rows or more on the lists
# that page; the fuzzing and the demo's page tests reach more rows than with the 40 they had.
FIRMS = 120

# name → SQLite copy in memory, or the name of a PostgreSQL database made from the test one.
_snapshots: dict[str, sqlite3.Connection | str] = {}
_printed: dict[int, str] = {}  # firms → what the load printed


def demo_load(firms: int = FIRMS) -> str:
    out = io.StringIO()
    call_command("demo", "load", "--firms", str(firms), stdout=out)
    return out.getvalue()


def _pg_create(connection, name: str, template: str) -> None:
    # No session may stay on either database: Django's is closed (it reconnects when next
    # used); FORCE ends any other.
    connection.close()
    with connection._nodb_cursor() as cursor:
        # A template must have no session either: a live server's kept connections (browser
        # tests) are ended; its connection health check opens new ones at its next request.
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                       " WHERE datname = %s AND pid <> pg_backend_pid()", [template])
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')


def _keep(connection, name: str) -> None:
    # The SQLite test database is in memory: Django's settings name no test file.
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        _snapshots[name] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_snapshots[name])
    else:
        _snapshots[name] = f"{connection.settings_dict['NAME']}_{name}"
        _pg_create(connection, _snapshots[name], connection.settings_dict["NAME"])


def _restore(connection, name: str) -> None:
    from django.contrib.contenttypes.models import ContentType

    if connection.vendor == "sqlite":
        _snapshots[name].backup(connection.connection)
    else:
        _pg_create(connection, connection.settings_dict["NAME"], _snapshots[name])
    ContentType.objects.clear_cache()  # ids may differ from the database copied over


def copies_drop(connection) -> None:
    names = [name for name in _snapshots.values() if isinstance(name, str)]
    if names:
        with connection._nodb_cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _snapshots.clear()
    _printed.clear()


def demo_enter(connection, firms: int = FIRMS) -> str:
    """The demo database in place of the base one, loaded the first time; what the load
    printed."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        # A copy cannot replace a database inside an open transaction, and a load inside the
        # test's transaction would be rolled back.
        raise RuntimeError("shared_demo must be set up before the test's transaction: request it "
                           "before `db`, `reference` or any user fixture, without django_db marks")
    name = f"demo{firms}"
    if name in _snapshots:
        _restore(connection, name)
        return _printed[firms]
    # What every test starts from (rolled back to after each `db` test), copied back after
    # each demo test.
    if "base" not in _snapshots:
        _keep(connection, "base")
    _printed[firms] = demo_load(firms)
    _keep(connection, name)
    return _printed[firms]


def demo_leave(connection) -> None:
    _restore(connection, "base")
