"""The 招商指引 and the target list on the demo: 补链 nodes in rank order with their reasons,
each target firm given its node's score, the method stated, exports that open, a chain
user kept to its chain, bad ids answered 404, and a query budget for the list."""

import io

import polars as pl

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.chains.models import NodeResult
from qiangshi.chains.models_lists import Carrier, TargetFirm
from tests.chains.lists_data import NEV
from tests.conftest import login

OTHER = "integrated-circuit"


def _analyst(client):
    login(client, "analyst", DEMO_PASSWORD)
    return client


def _ranked(chain):
    return list(NodeResult.objects.filter(run__in=NodeResult.objects.values("run").order_by("-run")[:1],
                                          chain=chain, score__isnull=False).order_by("target_rank"))


def test_the_guide_lists_the_chains_fill_nodes_by_rank_with_targets_and_carriers(shared_demo, client):
    page = _analyst(client).get(f"/chains/{NEV}/guide/").content.decode()
    ranked = _ranked(NEV)
    positions = [page.index(f"第 {n.target_rank} 位 · {n.node}") for n in ranked]
    assert positions == sorted(positions) and len(ranked) > 1
    target = TargetFirm.objects.filter(chain=NEV).first()
    section = page[page.index(f"· {target.node}"):]
    assert target.name in section.split("</section>")[0]
    # the demo's 历下 park suits the whole chain: it stands under every node
    assert Carrier.objects.filter(name__startswith="历下智造产业园").exists()
    assert all("历下智造产业园" in section for section in page.split("guide-node")[1:])
    assert "缺口 × 0.4 + 上下游相邻强节点 × 0.3 + 关联密度 × 0.3" in page
    assert "15 个区县和功能区" in page and "上下游相邻：" in page


def test_each_target_on_the_list_carries_its_nodes_score(shared_demo, client):
    page = _analyst(client).get(f"/chains/{NEV}/targets/").content.decode()
    scores = {n.node: n for n in _ranked(NEV)}
    for target in TargetFirm.objects.filter(chain=NEV):
        row = page[page.index(target.name):].split("</tr>")[0]
        assert f"{scores[target.node].score:.3f}".rstrip("0").rstrip(".") in row
    export = pl.read_excel(io.BytesIO(client.get(f"/chains/{NEV}/targets/?format=xlsx").content))
    assert export.height == TargetFirm.objects.filter(chain=NEV).count()
    assert export["节点补链得分"].to_list() == sorted(export["节点补链得分"].to_list(), reverse=True)


def test_the_guide_exports_nodes_targets_and_carriers(shared_demo, client):
    content = _analyst(client).get(f"/chains/{NEV}/guide/?format=xlsx").content
    sheets = pl.read_excel(io.BytesIO(content), sheet_id=0)
    assert list(sheets) == ["补链节点", "目标企业", "落地载体"]
    assert sheets["补链节点"]["补链排序"].to_list() == [n.target_rank for n in _ranked(NEV)]
    assert sheets["目标企业"].height == TargetFirm.objects.filter(chain=NEV).count()
    assert sheets["落地载体"].height > 0


def test_the_demo_has_a_landed_target_linked_to_a_project_of_its_chain(shared_demo):
    landed = TargetFirm.objects.get(stage=TargetFirm.Stage.LANDED)
    assert landed.project.chain_code == landed.chain == NEV and "演示" in landed.name
    assert TargetFirm.objects.values("chain").distinct().count() >= 3
    assert set(TargetFirm.objects.values_list("stage", flat=True)) >= {"lead", "contact", "negotiating"}


def test_the_chain_user_sees_its_chain_and_404_elsewhere(shared_demo, client):
    login(client, "chain", DEMO_PASSWORD)
    for page in ("targets", "carriers", "guide"):
        assert client.get(f"/chains/{NEV}/{page}/").status_code == 200
        assert client.get(f"/chains/{OTHER}/{page}/").status_code == 404
    other = TargetFirm.objects.exclude(chain=NEV).first()
    assert client.get(f"/chains/{other.chain}/targets/{other.pk}/").status_code == 404
    assert client.get(f"/chains/{NEV}/targets/{other.pk}/").status_code == 404


def test_bad_chains_and_ids_answer_404(shared_demo, client):
    _analyst(client)
    assert client.get("/chains/no-such-chain/guide/").status_code == 404
    assert client.get(f"/chains/{NEV}/targets/999999/").status_code == 404
    assert client.get(f"/chains/{NEV}/targets/abc/").status_code == 404


def test_the_target_list_has_a_query_budget(shared_demo, client, django_assert_max_num_queries):
    _analyst(client)
    with django_assert_max_num_queries(16):
        assert client.get(f"/chains/{NEV}/targets/").status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(f"/chains/{NEV}/guide/").status_code == 200
