"""Tier pages under dates, years and lists that once gave a server error (issue 11 §6)."""

import io

import polars as pl
import pytest

from tests.conftest import login
from tests.cultivation.test_tiers import assessed  # noqa: F401 — two firms assessed on 2025-06-30
from tests.enterprises.conftest import HUAWEI


@pytest.fixture
def analyst_client(client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    return client


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1900-01-01", "-1", "99999", "2024-02-30"])
@pytest.mark.usefixtures("assessed")
def test_tier_card_for_a_date_outside_the_calendar_uses_the_latest_run_date(analyst_client, as_of):
    card = analyst_client.get(f"/cultivation/tiers/firm/{HUAWEI}/?as_of={as_of}")
    assert card.status_code == 200
    assert str(card.context["as_of"]) == "2025-06-30"


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
@pytest.mark.usefixtures("registry")
def test_a_tier_run_for_a_date_outside_the_calendar_is_refused_in_chinese(analyst_client, as_of):
    from qiangshi.cultivation.models import TierRun

    response = analyst_client.post("/cultivation/tiers/run/", {"as_of": as_of}, follow=True)
    assert response.status_code == 200
    assert "评估日" in response.content.decode()
    assert not TierRun.objects.exists()


@pytest.mark.usefixtures("assessed")
def test_an_empty_candidate_list_exports_an_empty_sheet_with_its_headers(analyst_client):
    # No firm is near 规上 in a district without firms.
    response = analyst_client.get("/cultivation/tiers/sme/?list=eligible&region=370124&format=xlsx")
    assert response.status_code == 200
    sheet = pl.read_excel(io.BytesIO(response.content))
    assert sheet.height == 0
    assert {"统一社会信用代码", "企业名称", "评估结论", "差距"} <= set(sheet.columns)


@pytest.mark.parametrize("query", ["gap=1e400", "gap=nan", "points=-inf", "page=99999999999999999999",
                                   "list=Z", "region=%E2%80%AE"])
@pytest.mark.usefixtures("assessed")
def test_candidate_list_parameters_outside_their_range_fall_back_to_defaults(analyst_client, query):
    assert analyst_client.get(f"/cultivation/tiers/specialized/?{query}").status_code == 200
