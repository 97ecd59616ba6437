import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.conftest import login


def test_session_ends_after_thirty_minutes_idle(client, lixia_user):
    login(client, "lixia")
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_each_request_pushes_the_idle_deadline_thirty_minutes_ahead(client, lixia_user):
    login(client, "lixia")
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get("/")
    remaining = Session.objects.get().expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_logout_is_a_post_and_ends_the_session(client, lixia_user):
    login(client, "lixia")
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
