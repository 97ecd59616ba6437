import pytest

from qiangshi.cultivation.models import PoolMember, SupportMeasure
from tests.conftest import login
from tests.cultivation.test_pool_pages import pool  # noqa: F401 — the three-member pool


@pytest.mark.parametrize("amount", ["1e20", "1e400", "nan", "-inf", "1_000", "100000000000000"])
def test_a_support_amount_the_column_cannot_hold_is_refused_in_chinese(client, make_user, pool, amount):  # noqa: F811
    make_user("licheng", "region", region_codes=["370112"])
    login(client, "licheng")
    url = f"/cultivation/pool/{pool['licheng'].pk}/"
    response = client.post(f"{url}measures/", {"on": "2025-04-02", "kind": "financing",
                                               "text": "协调银行授信", "amount": amount}, follow=True)
    assert response.status_code == 200
    assert "未能记录：金额（万元）" in response.content.decode()
    assert not SupportMeasure.objects.exists()


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_a_support_measure_dated_outside_the_platform_calendar_is_refused(client, make_user, pool, on):  # noqa: F811
    make_user("licheng", "region", region_codes=["370112"])
    login(client, "licheng")
    url = f"/cultivation/pool/{pool['licheng'].pk}/"
    response = client.post(f"{url}measures/", {"on": on, "kind": "land", "text": "x"}, follow=True)
    assert "日期" in response.content.decode()
    assert not SupportMeasure.objects.exists()


@pytest.mark.parametrize("year", ["99999", "-1", "0", "1e400", "２０２５"])
def test_pool_and_candidate_pages_take_an_impossible_year_as_the_default(client, analyst, pool, year):  # noqa: F811
    login(client, "gxj")
    response = client.get(f"/cultivation/pool/?year={year}")
    assert response.status_code == 200 and response.context["filters"]["year"] == "2025"
    response = client.get(f"/cultivation/pool/candidates/?year={year}")
    assert response.status_code == 200 and 1949 <= response.context["year"] <= 2100


@pytest.mark.parametrize("chosen", ["²", "99999999999999999999999"])
def test_intake_of_an_id_that_names_no_firm_is_refused_without_a_server_error(client, analyst, pool, chosen):  # noqa: F811
    login(client, "gxj")
    response = client.post("/cultivation/pool/candidates/", {
        "year": "2025", "level": "city", "enterprise": [chosen], f"willingness-{chosen}": "strong"})
    assert response.status_code == 302
    assert PoolMember.objects.count() == 3  # the pool fixture's members only
