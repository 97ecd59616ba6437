"""The voucher pages and the 跟踪问效 page: who reads and writes what, redemption through the
form, the suspicious list, the effect with its chart data, and junk answered without a 500."""

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.policies.models import EffectResult, Redemption, ServiceProvider, Voucher
from tests.conftest import login


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


@pytest.fixture
def analyst(client, demo):
    login(client, "analyst", DEMO_PASSWORD)
    return client


def _issued():
    return Voucher.objects.filter(status=Voucher.Status.ISSUED).select_related("firm__region").first()


def test_the_voucher_list_shows_programmes_and_vouchers_by_name(analyst):
    page = analyst.get("/policies/vouchers/").content.decode()
    assert "数字化转型诊断券" in page and _issued().number in page and _issued().firm.name in page
    assert "revenue-first-crossing" not in page and "jizhengfa" not in page


def test_the_voucher_list_filters_by_status(analyst):
    page = analyst.get("/policies/vouchers/?status=reimbursed").content.decode()
    assert Voucher.objects.get(status=Voucher.Status.REIMBURSED).number in page
    assert _issued().number not in page


def test_the_voucher_list_reads_within_a_query_budget(analyst, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        assert analyst.get("/policies/vouchers/").status_code == 200


def test_an_analyst_redeems_a_voucher_through_the_form(analyst):
    voucher, provider = _issued(), ServiceProvider.objects.first()
    analyst.post(f"/policies/vouchers/{voucher.pk}/", {
        "provider": provider.pk, "contract_no": "HT-9", "amount": "2.5", "payment_proof": "回单9",
        "on": voucher.issued.isoformat()})
    assert Redemption.objects.get(voucher=voucher).amount == 2.5
    page = analyst.get(f"/policies/vouchers/{voucher.pk}/").content.decode()
    assert "HT-9" in page and "确认拨付" in page


def test_a_redemption_above_the_face_value_is_refused_in_chinese(analyst):
    voucher = _issued()
    response = analyst.post(f"/policies/vouchers/{voucher.pk}/", {
        "provider": ServiceProvider.objects.first().pk, "contract_no": "HT", "amount": "999",
        "payment_proof": "回单", "on": voucher.issued.isoformat()}, follow=True)
    assert "超过面值" in response.content.decode()
    assert not Redemption.objects.filter(voucher=voucher).exists()


@pytest.mark.parametrize("amount", ["abc", "NaN", "", "1e999"])
def test_junk_amounts_are_refused_without_a_500(analyst, amount):
    voucher = _issued()
    response = analyst.post(f"/policies/vouchers/{voucher.pk}/", {
        "provider": "x", "amount": amount, "on": "junk"}, follow=True)
    assert response.status_code == 200 and not Redemption.objects.filter(voucher=voucher).exists()


def test_an_analyst_reimburses_a_redeemed_voucher(analyst):
    voucher = Voucher.objects.filter(status=Voucher.Status.REDEEMED).first()
    analyst.post(f"/policies/vouchers/{voucher.pk}/reimburse/")
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REIMBURSED


def test_a_district_sees_only_its_own_firms_vouchers(client, demo):
    login(client, "lixia", DEMO_PASSWORD)
    own = Voucher.objects.filter(firm__region__code="370102").first()
    other = Voucher.objects.exclude(firm__region__code="370102").exclude(firm__zone__code="370102").first()
    page = client.get("/policies/vouchers/").content.decode()
    assert other.number not in page
    assert client.get(f"/policies/vouchers/{other.pk}/").status_code == 404
    if own:
        assert own.number in page


def test_a_leader_reads_but_cannot_redeem(client, demo):
    login(client, "leader", DEMO_PASSWORD)
    voucher = _issued()
    assert client.get(f"/policies/vouchers/{voucher.pk}/").status_code == 200
    assert client.post(f"/policies/vouchers/{voucher.pk}/", {"amount": "1"}).status_code == 404
    assert client.post(f"/policies/vouchers/{voucher.pk}/reimburse/").status_code == 403
    assert not Redemption.objects.filter(voucher=voucher).exists()


def test_the_suspicious_page_lists_the_demo_redemption_at_the_cap(analyst):
    page = analyst.get("/policies/vouchers/suspicious/").content.decode()
    assert "兑付金额达到或接近上限" in page


def test_an_analyst_registers_a_provider_and_a_duplicate_is_refused(analyst):
    form = {"name": "测试服务商", "uscc": "91370100MA3TEST01X", "services": "诊断", "qualification": ""}
    analyst.post("/policies/vouchers/providers/", form)
    response = analyst.post("/policies/vouchers/providers/", form, follow=True)
    assert ServiceProvider.objects.filter(uscc=form["uscc"]).count() == 1
    assert "已入库" in response.content.decode()


def test_an_analyst_issues_vouchers_and_junk_years_are_refused(analyst):
    programme = Voucher.objects.first().programme
    issue = f"/policies/vouchers/programmes/{programme.pk}/issue/"
    response = analyst.post(issue, {"year": "junk"}, follow=True)
    assert "年度" in response.content.decode()
    response = analyst.post(issue,
                            {"year": str(programme.vouchers.first().issued.year - 1)}, follow=True)
    assert "新发放0张" in response.content.decode()


def _demo_effect():
    return EffectResult.objects.get(policy="jizhengfa-2019-1")


def test_the_effect_page_shows_the_stored_summary_assumptions_and_chart_data(analyst):
    stored = _demo_effect()
    page = analyst.get(f"/policies/effect/?policy=jizhengfa-2019-1&year={stored.year}").content.decode()
    assert stored.content["summary"] in page and "平行趋势" in page
    if stored.content["outcomes"]:
        assert 'id="policy-effect-data"' in page and "营业收入" in page
    assert "<script>" not in page and "jizhengfa" not in page.split('name="policy"')[0]


def test_a_year_not_yet_evaluated_says_so_and_the_get_computes_nothing(analyst):
    response = analyst.get("/policies/effect/?policy=jizhengfa-2019-1&year=2021")
    page = response.content.decode()
    assert "尚未评估" in page and EffectResult.objects.count() == 1


def test_an_analyst_starts_an_evaluation_as_a_job_and_the_page_then_shows_it(
        analyst, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post("/policies/effect/", {"policy": "jizhengfa-2019-1", "year": "2023"})
    assert response.status_code == 302 and "/jobs/" in response.url
    stored = EffectResult.objects.get(policy="jizhengfa-2019-1", year=2023)
    page = analyst.get("/policies/effect/?policy=jizhengfa-2019-1&year=2023").content.decode()
    assert stored.content["summary"] in page


def test_a_leader_cannot_start_an_evaluation(client, demo):
    login(client, "leader", DEMO_PASSWORD)
    assert client.get("/policies/effect/").status_code == 200
    assert client.post("/policies/effect/", {"policy": "jizhengfa-2019-1", "year": "2023"}).status_code == 404
    assert not EffectResult.objects.filter(year=2023).exists()


@pytest.mark.parametrize("query", ["policy=nope&year=2024", "year=abc", "year=99999", "policy=&year=1900"])
def test_junk_effect_parameters_answer_without_a_500(analyst, query):
    assert analyst.get(f"/policies/effect/?{query}").status_code == 200
