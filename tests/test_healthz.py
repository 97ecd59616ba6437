import pytest
from django.db import connection

from qiangshi import __version__


@pytest.mark.django_db
def test_healthz_answers_without_login_with_database_and_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": connection.vendor, "version": __version__,
    }
    assert connection.vendor in {"sqlite", "postgresql"}
