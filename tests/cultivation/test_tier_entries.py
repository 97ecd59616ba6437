"""An analyst records, per firm and score item, the points the platform cannot compute, with
who, when and evidence; the card uses them at once and the next run counts them."""

import datetime

import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.cultivation.models import TierItemEntry, TierResult
from qiangshi.cultivation.tier_services import tier_run_create
from qiangshi.enterprises.fact_import import fact_import
from tests.conftest import login
from tests.cultivation.test_tiers import AS_OF, three_years
from tests.enterprises.conftest import HUAWEI, TENCENT, facts_file

FIELD = {"tier": "innovative_sme", "item": "field", "points": "10",
         "evidence": "主导产品属于《战略性新兴产业分类（2018）》1.2.1", "evidence_ref": "鲁工信〔2024〕12号",
         "valid_from": "2025-01-01"}


@pytest.fixture
def analyst_in(client, registry, make_user):
    fact_import(facts_file(three_years(HUAWEI)), "数据.xlsx")
    make_user("gxj", "analyst")
    login(client, "gxj")
    return client


def _card_row(client, tier: str, as_of: str = AS_OF) -> dict:
    card = client.get(f"/cultivation/tiers/firm/{HUAWEI}/?as_of={as_of}")
    return next(r for r in card.context["rows"] if r["tier"] == tier)


def test_analyst_enters_an_item_with_evidence_and_the_card_uses_it(analyst_in):
    # 创新型 领域 is 5–10 until entered: 80–85, then 85.
    before = _card_row(analyst_in, "innovative_sme")
    assert (before["score"], before["score_max"]) == (80, 85)
    response = analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD, follow=True)
    assert "已录入 10 分" in response.content.decode()
    entry = TierItemEntry.objects.get()
    assert (entry.points, entry.entered_by_name, entry.evidence_ref) == (10, "gxj", "鲁工信〔2024〕12号")
    assert AuditEvent.objects.filter(object_type="cultivation.TierItemEntry", action="create").exists()
    row = _card_row(analyst_in, "innovative_sme")
    assert (row["score"], row["score_max"]) == (85, 85)
    page = analyst_in.get(f"/cultivation/tiers/firm/{HUAWEI}/entries/").content.decode()
    assert "主导产品属于《战略性新兴产业分类（2018）》1.2.1" in page and "gxj" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"evidence": " "}, "请写明依据"),
    ({"points": "7"}, "请从所列档位中选择"),
    ({"points": "十分"}, "得分应在 0 至 10 分之间"),
    ({"points": "11"}, "得分应在 0 至 10 分之间"),
    ({"item": "rd_ratio"}, "没有这个可人工录入的评分项"),
])
def test_a_wrong_entry_is_refused_in_chinese_and_nothing_saved(analyst_in, change, message):
    response = analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD | change, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert not TierItemEntry.objects.exists()


def test_a_later_entry_takes_the_place_of_the_earlier_which_stays_as_history(analyst_in):
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD)
    later = FIELD | {"points": "5", "evidence": "复核：其他领域"}
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", later)
    assert _card_row(analyst_in, "innovative_sme")["score"] == 80
    page = analyst_in.get(f"/cultivation/tiers/firm/{HUAWEI}/entries/")
    assert len(page.context["history"]) == 2 and "复核：其他领域" in page.content.decode()


def test_a_run_counts_the_entries_and_is_marked_stale_after_a_new_one(analyst_in):
    run, _ = tier_run_create(datetime.date(2025, 6, 30))
    before = TierResult.objects.get(run=run, tier="innovative_sme", enterprise__uscc=HUAWEI)
    assert (before.score, before.score_max) == (80, 85)
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD)
    assert analyst_in.get("/cultivation/tiers/").context["stale"] is True
    again, created = tier_run_create(datetime.date(2025, 6, 30))
    assert created and again.input_hash != run.input_hash
    after = TierResult.objects.get(run=again, tier="innovative_sme", enterprise__uscc=HUAWEI)
    assert (after.score, after.score_max) == (85, 85)


def test_a_district_reads_its_firms_entries_but_cannot_enter_or_open_others(client, registry, lixia_user):
    login(client, "lixia")
    assert client.get(f"/cultivation/tiers/firm/{TENCENT}/entries/").status_code == 200
    assert client.post(f"/cultivation/tiers/firm/{TENCENT}/entries/", FIELD).status_code == 403
    assert client.get(f"/cultivation/tiers/firm/{HUAWEI}/entries/").status_code == 404
    assert not TierItemEntry.objects.exists()


def _field_score(client, as_of: str) -> tuple[float, float]:
    row = _card_row(client, "innovative_sme", as_of)
    return row["score"], row["score_max"]


def test_an_entry_holding_from_after_the_assessment_date_is_not_used(analyst_in):
    run, _ = tier_run_create(datetime.date(2025, 6, 30))
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD | {"valid_from": "2025-07-01"})
    # 2025-06-30 is the day before the entry holds: 领域 still open (80–85); the day it holds, 85
    assert _field_score(analyst_in, "2025-06-30") == (80, 85)
    assert _field_score(analyst_in, "2025-07-01") == (85, 85)
    assert analyst_in.get("/cultivation/tiers/").context["stale"] is False
    again, created = tier_run_create(datetime.date(2025, 6, 30))
    assert (again.pk, created) == (run.pk, False)


def test_the_entry_with_the_latest_start_valid_on_the_day_wins(analyst_in):
    # The later-starting entry is entered first: the start date decides, not the order of entry.
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/",
                    FIELD | {"points": "5", "evidence": "复核：其他领域", "valid_from": "2025-03-01"})
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD)  # 10 points from 2025-01-01
    assert _field_score(analyst_in, "2025-02-28") == (85, 85)
    assert _field_score(analyst_in, "2025-03-01") == (80, 80)
    # the same start: the one entered last is the correction that counts
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/",
                    FIELD | {"evidence": "再复核：属战新领域", "valid_from": "2025-03-01"})
    assert _field_score(analyst_in, AS_OF) == (85, 85)


def test_an_entry_stops_counting_after_its_end_date(analyst_in):
    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD | {"valid_until": "2025-05-31"})
    assert _field_score(analyst_in, "2025-05-31") == (85, 85)
    assert _field_score(analyst_in, "2025-06-01") == (80, 85)
    page = analyst_in.get(f"/cultivation/tiers/firm/{HUAWEI}/entries/").content.decode()
    assert "2025-01-01 起至 2025-05-31" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"valid_until": "2024-12-31"}, "截止日期 2024-12-31 早于起始日期 2025-01-01"),
    ({"valid_from": "明年"}, "起始日期“明年”不是有效日期"),
])
def test_a_wrong_validity_is_refused_in_chinese_and_nothing_saved(analyst_in, change, message):
    response = analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD | change, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert not TierItemEntry.objects.exists()


def test_an_entry_without_a_start_holds_from_the_day_it_is_entered(analyst_in):
    from django.utils import timezone

    analyst_in.post(f"/cultivation/tiers/firm/{HUAWEI}/entries/", FIELD | {"valid_from": ""})
    assert TierItemEntry.objects.get().valid_from == timezone.localdate()
