import pytest
from django.db import connection

from qiangshi.accounts.roles import roles_sync
from qiangshi.accounts.services import reference_load, user_create
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation
from tests import demo_db
from tests.plan_data import FIGURES, mini_plan_text

PASSWORD = "Test@2025pw"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at full strength costs ~0.5 s a hash; the rules under test do not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _jobs_in_process():
    """Jobs run inside the request or command that starts them, once its transaction commits
    (tests/jobs/test_worker.py drives a real worker instead)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    # Each test has its own database, whose row ids repeat from test to test (and between
    # parallel test processes): a page cached by an earlier test must not leak in, so tests
    # use an in-process cache, emptied for each.
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (regions, units, role groups) loaded once into the test database.

    Every `db` test runs in a transaction rolled back to this state, so the load (about a
    hundred upserts) is paid once per session instead of once per test."""
    with django_db_blocker.unblock():
        _reference_ensure()
    yield
    with django_db_blocker.unblock():
        demo_db.copies_drop(connection)


@pytest.fixture
def shared_demo(django_db_setup, django_db_blocker):
    """The demo data (tests/demo_db.FIRMS firms), loaded once per test process (see
    tests/demo_db); the test runs in a transaction rolled back after it, like any `db` test.
    Request it before any fixture that opens the test's transaction (`db`, `reference`, users).
    Its value is what `demo load` printed."""
    with django_db_blocker.unblock():
        printed = demo_db.demo_enter(connection)
    yield printed
    with django_db_blocker.unblock():
        demo_db.demo_leave(connection)


def pytest_collection_modifyitems(items):
    # `db` after shared_demo: its transaction opens once the demo is copied in, and is rolled
    # back before the base is copied back (a dependency would be torn down after the fixture).
    # Named in the test's fixtures, it also tells pytest-django to create the test database.
    for item in items:
        if "shared_demo" in item.fixturenames and "db" not in item.fixturenames:
            item.fixturenames.append("db")


def _reference_ensure():
    # A transactional test (live_server, transaction=True) ends with a flush that empties
    # every table; post_migrate then recreates the groups, but not the regions and units.
    from django.contrib.auth.models import Group

    from qiangshi.accounts.models import Region
    from qiangshi.accounts.roles import ROLES

    if not Region.objects.exists() or Group.objects.count() < len(ROLES):
        roles_sync()
        reference_load()


@pytest.fixture
def reference(db):
    _reference_ensure()


@pytest.fixture
def no_reference(db):
    """The database as `qiangshi migrate` leaves it: no regions or units (rolled back after)."""
    from qiangshi.accounts.models import Region, Unit

    Unit.objects.all().delete()
    Region.objects.update(parent=None)  # the parent link protects; cut it so all can go
    Region.objects.all().delete()


@pytest.fixture
def make_user(reference):
    def make(username, role, **scope):
        return user_create(
            username=username, password=PASSWORD, display_name=username, role=role, **scope
        )

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("root", "admin")


@pytest.fixture
def lixia_user(make_user):
    return make_user("lixia", "region", region_codes=["370102"], unit_codes=["lxqzf"])


@pytest.fixture
def huaiyin_user(make_user):
    return make_user("huaiyin", "region", region_codes=["370104"], unit_codes=["hyqzf"])


def login(client, username, password=PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


@pytest.fixture
def mini_plan(reference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return plan_load(mini_plan_text()).plan


@pytest.fixture
def figures(mini_plan, django_capture_on_commit_callbacks):
    """Revenue short of its path, the waste share falling, labs slow (see plan_data.FIGURES);
    committed, so the reaction has computed progress and alerts."""
    with django_capture_on_commit_callbacks(execute=True):
        report = observation_import(FIGURES.encode(), "figures.csv", plan=mini_plan,
                                    source_kind=Observation.SourceKind.PUBLISHED)
    assert report.errors == [] and report.written
    return mini_plan
