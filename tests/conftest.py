import pytest

from qiangshi.accounts.roles import roles_sync
from qiangshi.accounts.services import reference_load, user_create
from qiangshi.plan.models import Observation
from qiangshi.plan.observation_import import observation_import
from qiangshi.plan.services import plan_load
from tests.plan_data import FIGURES, mini_plan_text

PASSWORD = "Test@2025pw"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at full strength costs ~0.5 s a hash; the rules under test do not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test has its own database; a page cached by an earlier test must not leak in.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference(db):
    roles_sync()
    reference_load()


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
def mini_plan(reference):
    return plan_load(mini_plan_text()).plan


@pytest.fixture
def figures(mini_plan):
    """Revenue short of its path, the waste share falling, labs slow (see plan_data.FIGURES)."""
    report = observation_import(FIGURES.encode(), "figures.csv", plan=mini_plan,
                                source_kind=Observation.SourceKind.PUBLISHED)
    assert report.errors == [] and report.written
    return mini_plan
