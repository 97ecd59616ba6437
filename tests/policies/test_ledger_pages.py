"""The 兑现 pages: an analyst reviews, publicises and pays a batch from its page; a leader reads
but every write is refused; a district sees only its own firms; exports of the 公示 list and the
ledger; the budget page; applications with their prefilled figures and overdue flag; junk input
answered in Chinese, never a 500."""

import datetime
import io
from decimal import Decimal

import polars as pl
import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.policies import ledger
from qiangshi.policies.models_ledger import Application, Batch, BatchItem, Budget, LedgerEntry
from tests.conftest import login
from tests.policies.ledger_data import LICHENG_FIRM, LIXIA_FIRM, POLICY, make_batch

PAGES = ("/policies/batches/", "/policies/ledger/", "/policies/applications/", "/policies/budget/")


@pytest.fixture
def analyst(client, make_user):
    make_user("analyst", "analyst")
    login(client, "analyst")
    return client


@pytest.fixture
def leader(client, make_user):
    make_user("leader", "leader")
    login(client, "leader")
    return client


def _messages(response):
    return " ".join(str(m) for m in response.context["messages"])


def test_an_analyst_reviews_publicises_and_pays_a_batch_from_its_page(analyst, firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 30, None), (LICHENG_FIRM, 20, None))
    url = f"/policies/batches/{batch.pk}/"
    lixia, licheng = (batch.items.get(enterprise__uscc=u).pk for u in (LIXIA_FIRM, LICHENG_FIRM))
    analyst.post(url, {"action": "confirm", "item": lixia})
    said = analyst.post(url, {"action": "exclude", "item": licheng, "reason": ""}, follow=True)
    assert "剔除须写明理由" in _messages(said)
    analyst.post(url, {"action": "exclude", "item": licheng, "reason": "已注销"})
    today = datetime.date.today()
    analyst.post(url, {"action": "publicity", "start": (today - datetime.timedelta(days=9)).isoformat(),
                       "end": (today - datetime.timedelta(days=1)).isoformat()})
    pay = {"action": "pay", "paid_on": today.isoformat(), "voucher": "记-2024-08"}
    said = analyst.post(url, pay, follow=True)
    assert "已拨付并记入台账：1 笔" in _messages(said)
    assert Batch.objects.get().status == Batch.Status.PAID
    paid = LedgerEntry.objects.values_list("enterprise__uscc", "voucher")
    assert list(paid) == [(LIXIA_FIRM, "记-2024-08")]
    decided = AuditEvent.objects.filter(object_type="policies.BatchItem", action=AuditEvent.Action.UPDATE)
    assert decided.count() == 2
    page = analyst.get(url).content.decode()
    assert "已剔除：已注销" in page and "已拨付" in page


def test_the_publicity_list_and_the_ledger_export_to_excel(analyst, firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 30, None), (LICHENG_FIRM, 20, None))
    ledger.item_decide(batch.items.get(enterprise__uscc=LIXIA_FIRM), confirm=True)
    ledger.item_decide(batch.items.get(enterprise__uscc=LICHENG_FIRM), confirm=False, reason="已注销")
    response = analyst.get(f"/policies/batches/{batch.pk}/?format=xlsx")
    sheet = pl.read_excel(io.BytesIO(response.content), sheet_name="公示名单")
    assert sheet["统一社会信用代码"].to_list() == [LIXIA_FIRM] and sheet["金额（万元）"].to_list() == [30.0]
    day = datetime.date(2025, 3, 3)
    ledger.publicity_open(batch, start=day, end=day)
    ledger.batch_pay(batch, paid_on=day, voucher="记-1", today=day + datetime.timedelta(days=1))
    content = analyst.get("/policies/ledger/?format=xlsx").content
    sheet = pl.read_excel(io.BytesIO(content), sheet_name="拨付台账")
    assert sheet.select("统一社会信用代码", "凭证号", "期次").rows() == [(LIXIA_FIRM, "记-1", 1)]


def test_a_leader_finds_and_reads_every_page_but_cannot_write(leader, firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 30, None))
    for url in (*PAGES, f"/policies/batches/{batch.pk}/"):
        assert leader.get(url).status_code == 200, url
    item = batch.items.get()
    confirm = {"action": "confirm", "item": item.pk}
    assert leader.post(f"/policies/batches/{batch.pk}/", confirm).status_code == 403
    assert leader.post("/policies/budget/", {"year": 2024, "department": budget.department_id, "line": "x",
                                            "amount": "1"}).status_code == 403
    assert BatchItem.objects.get().decision == BatchItem.Decision.PENDING and Budget.objects.count() == 1
    assert "确认</button>" not in leader.get(f"/policies/batches/{batch.pk}/").content.decode()
    assert "免申即享兑现批次" in leader.get("/policies/").content.decode()  # reached from 惠企政策


def test_a_district_sees_only_its_own_firms(client, lixia_user, firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 30, None), (LICHENG_FIRM, 20, None))
    login(client, "lixia")
    page = client.get(f"/policies/batches/{batch.pk}/").content.decode()
    assert "企业1A" in page and "企业2B" not in page
    other = batch.items.get(enterprise__uscc=LICHENG_FIRM)
    confirm = {"action": "confirm", "item": other.pk}
    assert client.post(f"/policies/batches/{batch.pk}/", confirm).status_code == 404


def test_a_department_user_writes_only_its_own_budget_lines(client, make_user, firms, budget):
    make_user("dept", "reporter", unit_codes=["gxj"])
    make_user("other", "reporter", unit_codes=["fgw"])
    batch = make_batch(budget, (LIXIA_FIRM, 30, None))
    login(client, "other")
    assert client.post(f"/policies/batches/{batch.pk}/", {"action": "confirm",
                                                         "item": batch.items.get().pk}).status_code == 404
    client.logout()
    login(client, "dept")
    said = client.post(f"/policies/batches/{batch.pk}/", {"action": "confirm", "item": batch.items.get().pk},
                       follow=True)
    assert "已确认" in _messages(said)
    assert BatchItem.objects.get().decision == BatchItem.Decision.CONFIRMED


def test_the_budget_page_shows_committed_and_paid_per_line(analyst, firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 30, None))
    ledger.item_decide(batch.items.get(), confirm=True)
    analyst.post("/policies/budget/", {"year": "2024", "department": budget.department_id, "line": "技改专项",
                                       "amount": "500"})
    page = analyst.get("/policies/budget/").content.decode()
    assert '<td class="num">30.00</td>' in page or '<td class="num">30</td>' in page
    assert Budget.objects.get(line="技改专项").amount == Decimal("500")
    said = analyst.post("/policies/budget/", {"year": "x", "department": budget.department_id, "line": "",
                                              "amount": "y"}, follow=True)
    assert said.status_code == 200 and "请填写" in _messages(said)
    assert analyst.post("/policies/budget/", {"department": "abc"}).status_code == 404


def test_an_application_is_taken_with_prefilled_figures_and_flagged_overdue(analyst, firms, budget):
    said = analyst.post("/policies/applications/", {
        "uscc": LIXIA_FIRM.lower(), "clause": f"{POLICY}|zjtx-new", "year": "2024", "amount": "30",
        "budget": budget.pk}, follow=True)
    assert "已受理" in _messages(said)
    application = Application.objects.get()
    assert application.figures["revenue"] == 5000 and application.figures["zjtx_level"] == "省级"
    page = analyst.get(f"/policies/applications/{application.pk}/").content.decode()
    assert "营业收入（万元）" in page and "5000" in page
    Application.objects.update(due_on=datetime.date(2020, 1, 1))
    assert "已超期" in analyst.get("/policies/applications/").content.decode()
    analyst.post(f"/policies/applications/{application.pk}/", {"status": "reviewing"})
    analyst.post(f"/policies/applications/{application.pk}/", {"status": "approved"})
    assert Application.objects.get().status == Application.Status.APPROVED


@pytest.mark.parametrize("post", [
    {"uscc": "nope", "clause": f"{POLICY}|zjtx-new", "year": "2024", "amount": "30"},
    {"uscc": LIXIA_FIRM, "clause": "x|y", "year": "2024", "amount": "30"},
    {"uscc": LIXIA_FIRM, "clause": f"{POLICY}|zjtx-new", "year": "abc", "amount": "30"},
    {"uscc": LIXIA_FIRM, "clause": f"{POLICY}|zjtx-new", "year": "2024", "amount": "NaN"},
])
def test_junk_applications_are_answered_in_chinese(analyst, firms, budget, post):
    said = analyst.post("/policies/applications/", {**post, "budget": budget.pk}, follow=True)
    assert said.status_code == 200 and "未能办理" in _messages(said) and not Application.objects.exists()


def test_junk_ids_and_actions_are_not_a_500(analyst, firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 30, None))
    assert analyst.get("/policies/batches/999/").status_code == 404
    junk_item = {"action": "confirm", "item": "x"}
    assert analyst.post(f"/policies/batches/{batch.pk}/", junk_item).status_code == 404
    assert analyst.post("/policies/ledger/", {"entry": "999"}).status_code == 404
    said = analyst.post(f"/policies/batches/{batch.pk}/", {"action": "publicity", "start": "x"}, follow=True)
    assert "格式应为" in _messages(said)
    said = analyst.post(f"/policies/batches/{batch.pk}/", {"action": "?"}, follow=True)
    assert "未知的操作" in _messages(said)


def test_the_batch_list_reads_within_a_fixed_query_budget(analyst, firms, budget,
                                                          django_assert_max_num_queries):
    for clause in ("zjtx-new", "gazelle-new", "unicorn-new"):
        make_batch(budget, (LIXIA_FIRM, 1, None), clause=clause)
    analyst.get("/policies/batches/")
    with django_assert_max_num_queries(12):
        assert analyst.get("/policies/batches/").status_code == 200


def test_every_page_needs_login(client, reference):
    for url in PAGES:
        assert client.get(url).status_code == 302
