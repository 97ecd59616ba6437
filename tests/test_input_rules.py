"""Inputs a user can send that once gave a server error (issue 11 §6): each now gets a 400/404
or a Chinese message. The fuzzing of every URL is in test_fuzz_inputs.py."""

import pytest

from tests.conftest import login
from tests.enterprises.conftest import registry  # noqa: F401 — two firms to filter


@pytest.fixture
def analyst_client(client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    return client


@pytest.mark.usefixtures("registry")
def test_nul_in_a_text_filter_is_refused_with_400_in_chinese(analyst_client):
    response = analyst_client.get("/enterprises/?q=%00abc")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_nul_in_a_posted_field_or_its_name_is_refused_with_400(analyst_client):
    assert analyst_client.post("/evaluation/new/", {"note": "a\x00b", "year": "2024"}).status_code == 400
    assert analyst_client.get("/system/audit/?user\x00name=x").status_code == 400


@pytest.mark.usefixtures("registry")
def test_a_filter_without_nul_still_answers(analyst_client):
    assert analyst_client.get("/enterprises/?q=abc").status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2024-02-30"])
def test_project_stalls_and_audit_log_take_an_impossible_date_as_none_or_today(client, admin_user, day):
    login(client, "root")
    assert client.get(f"/projects/stalls/?as_of={day}").status_code == 200
    assert client.get(f"/system/audit/?date_from={day}&date_to={day}").status_code == 200
