"""Runs of the chain method over the registry (tests/chains/registry.py): what is stored, that
identical inputs give the stored run, that the task force's decisions beat the rules and stay
within its chain, that 链主 decisions survive a new run, and that a chain user reads its
chain's firms."""

import pytest

from qiangshi.accounts.scoping import scope_filter
from qiangshi.chains.models import Attachment, ChainResult, Decision, Leader, NodeResult, Run
from qiangshi.chains.services import (
    ChainRefused,
    chains_load,
    decision_set,
    leader_decide,
    run_create,
)
from qiangshi.enterprises.models import Enterprise, Fact
from tests.chains.registry import CHAIN, registry
from tests.conftest import login


@pytest.fixture
def firms(reference):
    chains_load(CHAIN, note="测试")
    return registry()


def _ratings(run):
    return dict(NodeResult.objects.filter(run=run).values_list("node", "rating"))


def test_a_run_rates_the_nodes_and_attaches_firms_by_code_and_keyword(firms):
    run = run_create()
    assert (run.year, run.chain_count, run.firm_count, run.method_version) == (2024, 1, 5, "chains-1")
    assert _ratings(run) == {"动力电池": "strong", "整车": "present", "充电设施": "weak"}
    bases = dict(Attachment.objects.values_list("enterprise__name", "basis"))
    assert bases["泉城充电桩科技有限公司"] == "keyword" and bases["济南甲动力科技有限公司"] == "code"
    assert "济南己纺织有限公司" not in bases
    chain = ChainResult.objects.get(run=run)
    assert (chain.firms, chain.revenue) == (5, 161_000)
    assert chain.city_share == pytest.approx(161_000 / 170_000)
    battery = NodeResult.objects.get(run=run, node="动力电池")
    assert battery.growth == pytest.approx(0.2)  # only A reports both years: 60,000 / 50,000
    assert battery.top_firm == firms["济南甲动力科技有限公司"]
    weak = NodeResult.objects.get(run=run, node="充电设施")
    assert weak.target_rank == 1 and "动力电池" not in weak.target_reasons  # not its neighbour
    assert NodeResult.objects.get(run=run, node="整车").score is None  # present: not a 补链 target


def test_the_same_inputs_give_the_stored_run_and_a_changed_figure_a_new_one(firms):
    first = run_create()
    assert run_create() == first
    Fact.objects.filter(enterprise=firms["济南乙汽车有限公司"]).update(revenue=5_000)
    second = run_create()
    assert second != first and _ratings(second)["整车"] == "weak"
    assert set(Attachment.objects.values_list("run", flat=True)) == {second.pk}
    assert NodeResult.objects.filter(run=first).exists()  # the earlier run's figures stay


def test_a_rejection_removes_a_rule_attachment_and_a_confirmation_adds_one(firms):
    run_create()
    decision_set(user=None, enterprise=firms["泉城充电桩科技有限公司"], chain="nev", node="充电设施",
                 decision="rejected", note="实为批发")
    decision_set(user=None, enterprise=firms["济南己纺织有限公司"], chain="nev", node="整车",
                 decision="confirmed", note="内饰配套")
    run = run_create()
    on = dict(Attachment.objects.filter(run=run).values_list("enterprise__name", "basis"))
    assert "泉城充电桩科技有限公司" not in on and on["济南己纺织有限公司"] == "manual"
    assert _ratings(run)["充电设施"] == "missing"
    withdrawn = decision_set(user=None, enterprise=firms["泉城充电桩科技有限公司"], chain="nev",
                             node="充电设施", decision="")
    assert withdrawn is None and Decision.objects.count() == 1


def test_a_chain_user_may_not_decide_on_another_chain_nor_on_a_node_not_on_the_map(firms, make_user):
    other = make_user("steel", "chain", chain_codes=["steel"])
    own = make_user("nevteam", "chain", chain_codes=["nev"])
    with pytest.raises(ChainRefused, match="只能维护本产业链"):
        decision_set(user=other, enterprise=firms["济南乙汽车有限公司"], chain="nev", node="整车",
                     decision="rejected")
    with pytest.raises(ChainRefused, match="不在本产业链图谱中"):
        decision_set(user=own, enterprise=firms["济南乙汽车有限公司"], chain="nev", node="底盘",
                     decision="confirmed")
    with pytest.raises(ChainRefused, match="确认挂接 或 否定挂接"):
        decision_set(user=own, enterprise=firms["济南乙汽车有限公司"], chain="nev", node="整车",
                     decision="maybe")
    assert not Decision.objects.exists()


def test_the_task_forces_leader_decisions_survive_a_new_run_and_stale_proposals_go(firms):
    run_create()
    proposed = dict(Leader.objects.values_list("enterprise__name", "status"))
    assert proposed == {"济南甲动力科技有限公司": "proposed", "济南乙汽车有限公司": "proposed",
                        "济南丁电池有限公司": "proposed"}
    leader_decide(user=None, leader=Leader.objects.get(enterprise=firms["济南甲动力科技有限公司"]),
                  status="confirmed", note="专班确认")
    Fact.objects.filter(enterprise=firms["济南丁电池有限公司"], year=2024).update(revenue=100)
    run_create()
    after = dict(Leader.objects.values_list("enterprise__name", "status"))
    assert after["济南甲动力科技有限公司"] == "confirmed" and "济南丁电池有限公司" not in after
    confirmed = Leader.objects.get(status="confirmed")
    assert confirmed.decided_by and confirmed.decided_at is not None


def test_a_chain_user_reads_the_firms_of_its_chain_and_no_others(firms, make_user):
    run_create()
    own = make_user("nevteam", "chain", chain_codes=["nev"])
    other = make_user("steel", "chain", chain_codes=["steel"])
    visible = set(scope_filter(Enterprise.objects.all(), user=own).values_list("name", flat=True))
    assert visible == {"济南甲动力科技有限公司", "济南乙汽车有限公司", "泉城充电桩科技有限公司",
                       "济南丁电池有限公司", "济南戊能源有限公司"}
    assert not scope_filter(Enterprise.objects.all(), user=other).exists()


def test_a_run_without_yearly_facts_is_refused_in_chinese(reference):
    chains_load(CHAIN, note="测试")
    with pytest.raises(ChainRefused, match="尚无年度数据"):
        run_create()
    assert not Run.objects.exists()


def test_a_chain_users_header_names_its_chain_not_its_code(firms, make_user, client):
    make_user("nevteam", "chain", chain_codes=["nev", "unmapped-chain"])
    login(client, "nevteam")
    page = client.get("/").content.decode()
    assert "新能源汽车产业链" in page and "nev" not in page.split("</header>")[0].replace("nevteam", "")
    assert "unmapped-chain" in page  # a chain with no map yet can only be named by its code
