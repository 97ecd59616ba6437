import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qiangshi.accounts.middleware import RENEWED_KEY
from tests.conftest import login


def _session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def _renewed_seconds_ago(client, seconds: int) -> None:
    """As if the session's deadline was last pushed back `seconds` ago."""
    session = client.session
    session[RENEWED_KEY] -= seconds
    session.save()


def test_session_ends_after_thirty_minutes_idle(client, lixia_user):
    login(client, "lixia")
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    # The cached copy of the session (cached_db) is stored with the session's own age, so
    # thirty idle minutes end it in the cache as in the database.
    cache.clear()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_a_request_after_the_renewal_margin_pushes_the_idle_deadline_thirty_minutes_ahead(
        client, lixia_user):
    login(client, "lixia")
    _renewed_seconds_ago(client, settings.QIANGSHI_SESSION_RENEW_SECONDS)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get("/")
    remaining = Session.objects.get().expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_get_right_after_another_writes_no_session(client, lixia_user):
    login(client, "lixia")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert _session_writes(queries.captured_queries) == []


def test_log_in_stamps_the_session_so_the_first_page_writes_none(client, lixia_user):
    login(client, "lixia")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert _session_writes(queries.captured_queries) == []


def test_logout_is_a_post_and_ends_the_session(client, lixia_user):
    login(client, "lixia")
    _renewed_seconds_ago(client, settings.QIANGSHI_SESSION_RENEW_SECONDS)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert not Session.objects.exists()
    assert client.get("/").status_code == 302
