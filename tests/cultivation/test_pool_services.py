import datetime
from decimal import Decimal

import pytest

from qiangshi.accounts.models import AuditEvent, Unit
from qiangshi.cultivation import pool_selectors
from qiangshi.cultivation.models import PoolMember, SupportMeasure
from qiangshi.cultivation.pool_selectors import member_progress
from qiangshi.cultivation.pool_services import (
    PoolRefused,
    measure_record,
    member_exit,
    pool_doubled_refresh,
    pool_intake,
)
from qiangshi.engine import doubling
from qiangshi.enterprises.models import Fact
from tests.cultivation.conftest import firm

STEADY = {2022: (8000, 500), 2024: (10000, 600)}


def test_city_intake_refuses_the_21st_firm_of_a_year(city):
    firms = [firm(f"企业{i:02d}", facts=STEADY) for i in range(21)]
    pool_intake(level="city", region=city, year=2025,
                willingness=dict.fromkeys((f.pk for f in firms[:20]), "strong"))
    with pytest.raises(PoolRefused, match=r"已有 20 家.*超过每年 20 家的名额"):
        pool_intake(level="city", region=city, year=2025, willingness={firms[20].pk: "strong"})
    assert PoolMember.objects.filter(level="city", intake_year=2025).count() == 20


def test_quota_is_counted_per_year_and_per_district(city, licheng, lixia, monkeypatch):
    monkeypatch.setitem(pool_selectors.YEARLY_QUOTA, PoolMember.Level.DISTRICT, 1)
    a, b = firm("历城甲", facts={2023: (100, 1), 2024: (100, 1)}), firm("历城乙", facts=STEADY)
    c = firm("历下丙", region="370102", facts=STEADY)
    pool_intake(level="district", region=licheng, year=2024, willingness={a.pk: "weak"})
    with pytest.raises(PoolRefused, match="超过每年 1 家"):
        pool_intake(level="district", region=licheng, year=2024, willingness={b.pk: "weak"})
    pool_intake(level="district", region=licheng, year=2025, willingness={b.pk: "weak"})
    pool_intake(level="district", region=lixia, year=2025, willingness={c.pk: "weak"})
    assert PoolMember.objects.count() == 3


def test_a_refused_batch_writes_nothing(city):
    firms = [firm(f"企业{i:02d}", facts=STEADY) for i in range(19)]
    lacking = firm("没有基期数据的企业", facts={2023: (100, 1)})
    with pytest.raises(PoolRefused, match="没有基期数据的企业"):
        pool_intake(level="city", region=city, year=2025,
                    willingness=dict.fromkeys([*(f.pk for f in firms), lacking.pk], "normal"))
    assert not PoolMember.objects.exists()


def test_intake_snapshots_the_base_year_facts(city):
    made = firm("浪潮测试", facts={2023: (9000, 400), 2024: (10000, 650.5)})
    [member] = pool_intake(level="city", region=city, year=2025,
                           willingness={made.pk: "strong"})
    assert member.base_year == 2024
    assert member.base_revenue == Decimal("10000") and member.base_profit == Decimal("650.5")
    # A later correction of the facts does not move the line the firm is measured against.
    Fact.objects.filter(enterprise=made, year=2024).update(revenue=12000)
    member.refresh_from_db()
    assert member.base_revenue == Decimal("10000")


def test_intake_takes_another_base_year_when_asked(city):
    made = firm("浪潮测试", facts={2023: (9000, 400), 2024: (10000, 650)})
    [member] = pool_intake(level="city", region=city, year=2025, base_year=2023,
                           willingness={made.pk: "strong"})
    assert (member.base_year, member.base_revenue) == (2023, Decimal("9000"))


def test_intake_refuses_a_firm_without_base_year_revenue(city):
    made = firm("缺数企业", facts={2024: (None, 30)})
    with pytest.raises(PoolRefused, match=r"缺少 2024 年营业收入.*缺数企业"):
        pool_intake(level="city", region=city, year=2025, willingness={made.pk: "strong"})


def test_a_firm_cannot_enter_the_same_level_twice_but_may_enter_the_other(city, licheng):
    made = firm("重复企业", facts={2023: (100, 1), 2024: (100, 1)})
    pool_intake(level="city", region=city, year=2024, willingness={made.pk: "strong"})
    with pytest.raises(PoolRefused, match="已在市级倍增培育库：重复企业（2024年入库）"):
        pool_intake(level="city", region=city, year=2025, willingness={made.pk: "strong"})
    pool_intake(level="district", region=licheng, year=2025, willingness={made.pk: "strong"})
    assert PoolMember.objects.filter(enterprise=made).count() == 2


def test_a_district_chooses_only_its_own_firms(licheng):
    other = firm("历下企业", region="370102", facts=STEADY)
    with pytest.raises(PoolRefused, match="不在历城区"):
        pool_intake(level="district", region=licheng, year=2025, willingness={other.pk: "weak"})


def test_level_and_region_must_agree(city, licheng):
    made = firm("企业", facts=STEADY)
    with pytest.raises(PoolRefused, match="市级入库的遴选地区应为全市"):
        pool_intake(level="city", region=licheng, year=2025, willingness={made.pk: "weak"})
    with pytest.raises(PoolRefused, match="不是区县"):
        pool_intake(level="district", region=city, year=2025, willingness={made.pk: "weak"})


def test_willingness_must_be_strong_normal_or_weak(city):
    made = firm("企业", facts=STEADY)
    with pytest.raises(PoolRefused, match="倍增意愿"):
        pool_intake(level="city", region=city, year=2025, willingness={made.pk: "很强"})


def test_intake_keeps_the_score_with_its_method_weights_and_input_hash(city, analyst):
    fast = firm("快企业", facts={2022: (1000, 10), 2024: (1440, 20)})
    slow = firm("慢企业", facts={2022: (1000, 10), 2024: (1000, 10)})
    members = pool_intake(level="city", region=city, year=2025, user=analyst,
                          weights={"growth": 1}, willingness={fast.pk: "strong", slow.pk: "weak"})
    scores = {m.enterprise.name: m for m in members}
    # Growth alone over two firms: the faster ranks 100, the slower 0.
    assert scores["快企业"].selection_score == 100.0 and scores["慢企业"].selection_score == 0.0
    member = scores["快企业"]
    assert member.score_method_version == doubling.SELECTION_METHOD_VERSION
    assert len(member.score_input_hash) == 64
    assert member.score_weights == {"growth": 1.0, "innovation": 0.0, "projects": 0.0,
                                    "willingness": 0.0}
    assert member.selected_by == analyst
    assert AuditEvent.objects.filter(object_type="cultivation.PoolMember",
                                     action=AuditEvent.Action.CREATE).count() == 2


def test_same_inputs_give_the_same_input_hash(city, licheng):
    a, b = firm("甲", facts=STEADY), firm("乙", facts=STEADY)
    [first] = pool_intake(level="city", region=city, year=2025, willingness={a.pk: "strong"})
    [second] = pool_intake(level="district", region=licheng, year=2025,
                           willingness={a.pk: "strong"})
    [third] = pool_intake(level="city", region=city, year=2025, willingness={b.pk: "strong"})
    # Both firms are in 历城区, so the city's and 历城区's populations are the same table: the
    # same firm with the same willingness hashes alike; choosing the other firm changes it.
    assert first.score_input_hash == second.score_input_hash
    assert first.score_input_hash != third.score_input_hash


def test_support_measures_are_recorded_with_who_and_audited(city, analyst):
    made = firm("企业", facts=STEADY)
    [member] = pool_intake(level="city", region=city, year=2025, willingness={made.pk: "strong"})
    measure = measure_record(member, on=datetime.date(2025, 3, 1), kind="funding",
                             text="技改专项资金", unit=Unit.objects.get(code="gxj"), amount="150.5")
    assert measure.amount == Decimal("150.5") and measure.unit.code == "gxj"
    assert measure.recorded_by.startswith("命令行")
    assert list(member.measures.all()) == [measure]
    assert AuditEvent.objects.filter(object_type="cultivation.SupportMeasure").exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"text": " "}, "扶持内容"), ({"kind": "gift"}, "扶持类型"),
    ({"amount": "-5"}, "不小于 0"), ({"amount": "五十"}, "应为数字"),
])
def test_a_measure_needs_text_a_known_kind_and_a_non_negative_amount(city, changes, message):
    made = firm("企业", facts=STEADY)
    [member] = pool_intake(level="city", region=city, year=2025, willingness={made.pk: "strong"})
    given = {"on": datetime.date(2025, 3, 1), "kind": "land", "text": "用地指标"} | changes
    with pytest.raises(PoolRefused, match=message):
        measure_record(member, **given)
    assert not SupportMeasure.objects.exists()


def test_exit_by_hand_needs_a_note_and_happens_once(city):
    made = firm("企业", facts=STEADY)
    [member] = pool_intake(level="city", region=city, year=2025, willingness={made.pk: "strong"})
    with pytest.raises(PoolRefused, match="说明原因"):
        member_exit(member, note="  ")
    member_exit(member, note="企业迁出济南")
    member.refresh_from_db()
    assert member.status == PoolMember.Status.EXITED and member.exit_note == "企业迁出济南"
    with pytest.raises(PoolRefused, match="已退出"):
        member_exit(member, note="再次")


def test_doubled_status_follows_the_revenue_figures(city):
    grower, exited = firm("翻番企业", facts=STEADY), firm("退出企业", facts=STEADY)
    members = pool_intake(level="city", region=city, year=2025,
                          willingness={grower.pk: "strong", exited.pk: "weak"})
    member_exit(next(m for m in members if m.enterprise == exited), note="主动退出")
    assert pool_doubled_refresh() == 0
    # 10000 (2024) → 20000 (2025): doubled.
    Fact.objects.bulk_create([Fact(enterprise=grower, year=2025, revenue=20000, profit=700),
                              Fact(enterprise=exited, year=2025, revenue=30000, profit=700)])
    assert pool_doubled_refresh() == 1
    statuses = dict(PoolMember.objects.values_list("enterprise__name", "status"))
    assert statuses == {"翻番企业": "doubled", "退出企业": "exited"}
    assert AuditEvent.objects.filter(object_repr="倍增状态按企业数据更新").count() == 1
    # A correction below twice the base takes the status back.
    Fact.objects.filter(enterprise=grower, year=2025).update(revenue=19999)
    assert pool_doubled_refresh() == 1
    assert PoolMember.objects.get(enterprise=grower).status == "in_pool"


def test_progress_is_computed_against_the_snapshot_base(city):
    made = firm("进度企业", facts={2024: (1000, 100), 2025: (1500, 90)})
    pool_intake(level="city", region=city, year=2025, willingness={made.pk: "strong"})
    rows = {r["measure"]: r for r in member_progress(PoolMember.objects.all(),
                                                     target_years=3).to_dicts()}
    # base 1000 (2024) → 1500 (2025), 3 years to double:
    #   progress 0.5; required 2^(1/3) − 1 = 26.0 %; actual 50 % → on track, 2 years left
    revenue = rows["revenue"]
    assert revenue["progress"] == 0.5 and revenue["multiple"] == 1.5
    assert revenue["required_growth"] == pytest.approx(0.2599, abs=1e-4)
    assert revenue["actual_growth"] == pytest.approx(0.5)
    assert revenue["on_track"] is True and revenue["years_left"] == 2
    # profit 100 → 90: −10 %, behind
    assert rows["profit"]["progress"] == pytest.approx(-0.1)
    assert rows["profit"]["status"] == "behind"


def test_progress_of_a_loss_making_base_says_doubling_is_undefined(city):
    made = firm("亏损企业", facts={2024: (1000, -20), 2025: (1200, 50)})
    pool_intake(level="city", region=city, year=2025, willingness={made.pk: "normal"})
    rows = {r["measure"]: r for r in member_progress(PoolMember.objects.all()).to_dicts()}
    assert rows["profit"]["status"] == "base_not_positive" and rows["profit"]["multiple"] is None
    # default horizon: 5 years → 2^(1/5) − 1 = 14.9 % a year; 20 % so far → on track
    assert rows["revenue"]["required_growth"] == pytest.approx(0.1487, abs=1e-4)
    assert rows["revenue"]["status"] == "on_track"
