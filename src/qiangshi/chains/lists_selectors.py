"""Reads of the target list, the carriers and the 招商指引, every one through the scoping
selector. A target firm gets the 补链 score of the node it fills in the newest run."""

from dataclasses import dataclass, field

import polars as pl
from django.db.models import Max

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.chains.models import NodeResult
from qiangshi.chains.models_lists import Carrier, TargetFirm
from qiangshi.chains.selectors import node_results, run_latest
from qiangshi.engine.chains.ranking import DEFAULT_WEIGHTS

# target_reasons holds the three parts of the score in this order (engine.chains.ranking).
REASON_PARTS = ("缺口", "上下游相邻", "关联密度")
WEIGHTS = {"缺口": DEFAULT_WEIGHTS.gap, "上下游相邻强节点": DEFAULT_WEIGHTS.adjacency,
           "关联密度": DEFAULT_WEIGHTS.density}


def targets(*, user, chain: str):
    """The chain's target firms the user may read, each with its last event's date."""
    return (scope_filter(TargetFirm.objects.filter(chain=chain), user=user)
            .select_related("unit", "project").annotate(last_event=Max("events__on"))
            .order_by("node", "name"))


def target_get(*, user, chain: str, pk: int) -> TargetFirm:
    return scoped_get_or_404(TargetFirm.objects.select_related("unit", "project"), user=user,
                             chain=chain, pk=pk)


def node_scores(*, user, chain: str) -> dict[str, NodeResult]:
    """node → its result in the newest run (score and rank where it is a 补链 node)."""
    return {n.node: n for n in node_results(run_latest(), user=user, chain=chain)}


def scored(rows, scores: dict[str, NodeResult]) -> list:
    """`rows` (target firms) each with `result` (its node's NodeResult or None), highest
    score first; unscored nodes last."""
    for row in rows:
        row.result = scores.get(row.node)
    return sorted(rows, key=lambda r: (r.result is None or r.result.score is None,
                                       -(r.result.score or 0) if r.result else 0, r.node, r.name))


def carriers(*, user, chain: str) -> list[Carrier]:
    """The carriers the user may read that suit `chain`, each with `nodes` (the chain's nodes
    it names) and `whole_chain` (it suits every node of the chain)."""
    found = []
    for carrier in scope_filter(Carrier.objects.select_related("region"), user=user):
        items = [item for item in carrier.suits if item.get("chain") == chain]
        if items:
            carrier.nodes = sorted(item["node"] for item in items if item.get("node"))
            carrier.whole_chain = any(not item.get("node") for item in items)
            found.append(carrier)
    return found


@dataclass
class GuideNode:
    result: NodeResult
    reasons: list[tuple[str, str]]
    targets: list = field(default_factory=list)
    carriers: list = field(default_factory=list)


def guide(*, user, chain: str) -> list[GuideNode]:
    """The chain's 补链 nodes by rank, each with the target firms that fill it and the carriers
    that suit it (or suit the whole chain)."""
    run = run_latest()
    ranked = node_results(run, user=user, chain=chain).filter(score__isnull=False).order_by("target_rank")
    firms = list(targets(user=user, chain=chain))
    places = carriers(user=user, chain=chain)
    return [GuideNode(result=node, reasons=list(zip(REASON_PARTS, node.target_reasons.split("；"),
                                                    strict=False)),
                      targets=[t for t in firms if t.node == node.node],
                      carriers=[c for c in places if c.whole_chain or node.node in c.nodes])
            for node in ranked]


STAGES = dict(TargetFirm.Stage.choices)
MODES = dict(TargetFirm.Mode.choices)


def target_frame(rows: list) -> pl.DataFrame:
    """The scored target list as a sheet."""
    return pl.DataFrame([(
        r.node, r.name, r.uscc, r.location, r.products, r.scale, r.revenue, MODES.get(r.mode, ""),
        STAGES.get(r.stage, ""), r.last_event, r.project.code if r.project else "",
        r.result.score if r.result else None, r.result.target_rank if r.result else None,
        r.unit.name if r.unit else "", r.contact) for r in rows], orient="row", schema={
        "节点": pl.String, "企业名称": pl.String, "统一社会信用代码": pl.String, "所在省市": pl.String,
        "主要产品": pl.String, "规模与行业地位": pl.String, "营业收入（万元）": pl.Float64,
        "招引类型": pl.String, "跟进阶段": pl.String, "最近跟进日期": pl.Date, "落地项目编号": pl.String,
        "节点补链得分": pl.Float64, "节点补链排序": pl.Int64, "责任单位": pl.String, "联系人": pl.String})


def carrier_frame(rows: list[Carrier]) -> pl.DataFrame:
    kinds = dict(Carrier.Kind.choices)
    return pl.DataFrame([(
        c.name, c.region.name, kinds.get(c.kind, ""), c.total_area, c.free_area, c.free_floor,
        "、".join(["整条产业链"] * c.whole_chain + c.nodes), c.note) for c in rows], orient="row", schema={
        "载体名称": pl.String, "所在区县或功能区": pl.String, "载体类型": pl.String,
        "总面积（亩）": pl.Float64, "可用面积（亩）": pl.Float64, "闲置标准厂房（㎡）": pl.Float64,
        "适合的节点": pl.String, "备注": pl.String})


def guide_sheets(nodes: list[GuideNode]) -> dict[str, pl.DataFrame]:
    """The 招商指引 as three sheets: nodes, the targets under them, the carriers suiting them."""
    ratings = dict(NodeResult.Rating.choices)
    node_sheet = pl.DataFrame([(
        n.result.target_rank, n.result.node, n.result.segment, ratings.get(n.result.rating, ""),
        n.result.score, n.result.density, *([text for _, text in n.reasons] + ["", "", ""])[:3],
        len(n.targets), len(n.carriers)) for n in nodes], orient="row", schema={
        "补链排序": pl.Int64, "节点": pl.String, "环节": pl.String, "强弱": pl.String,
        "补链得分": pl.Float64, "关联密度": pl.Float64, "缺口": pl.String, "上下游相邻": pl.String,
        "关联密度说明": pl.String, "目标企业数": pl.Int64, "适合载体数": pl.Int64})
    targets_sheet = pl.concat([target_frame([_with(t, n.result) for t in n.targets]) for n in nodes]
                              or [target_frame([])])
    carrier_sheet = pl.concat([carrier_frame(n.carriers).select(
        pl.lit(n.result.node).alias("补链节点"), pl.all()) for n in nodes]
        or [carrier_frame([]).select(pl.lit("").alias("补链节点"), pl.all()).clear()])
    return {"补链节点": node_sheet, "目标企业": targets_sheet, "落地载体": carrier_sheet}


def _with(target, result):
    target.result = result
    return target
