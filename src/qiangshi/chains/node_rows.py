"""A chain's nodes as the pages show them: the map's data (segments left to right, colour by
rating, size by revenue), and the node table of the Excel export."""

import polars as pl
from django.urls import reverse

from qiangshi.chains.models import NodeResult
from qiangshi.engine.chains.inputs import SEGMENTS

Rating = NodeResult.Rating
RATING_COLORS = {Rating.STRONG: "#2f9e44", Rating.PRESENT: "#4dabf7", Rating.WEAK: "#e8a317",
                 Rating.MISSING: "#c92a2a"}
WEAK_RATINGS = (Rating.WEAK, Rating.MISSING)
TEN_THOUSAND = 10_000  # 万元 → 亿元


def weak_links(nodes: list[NodeResult]) -> list[NodeResult]:
    """The weak and missing nodes, the 补链 targets first in their ranked order."""
    weak = [n for n in nodes if n.rating in WEAK_RATINGS]
    return sorted(weak, key=lambda n: (n.target_rank is None, n.target_rank or 0, n.position))


def legend() -> list[dict]:
    return [{"rating": value, "label": label, "color": RATING_COLORS[value]}
            for value, label in Rating.choices]


def map_data(code: str, nodes: list[NodeResult], edges: list[dict]) -> dict:
    """Segments as columns in the map's order, each node in its segment's column by its place
    on the map; edges between nodes both shown."""
    segments = [s for s in SEGMENTS if any(n.segment == s for n in nodes)]
    rows: dict[str, int] = {}
    points = []
    for node in sorted(nodes, key=lambda n: n.position):
        row = rows.get(node.segment, 0)
        rows[node.segment] = row + 1
        points.append({
            "name": node.node, "segment": node.segment, "x": segments.index(node.segment), "y": row,
            "rating": node.rating, "label": node.get_rating_display(), "firms": node.firms,
            "revenue": round(node.revenue / TEN_THOUSAND, 2),
            "url": reverse("chains:node", args=[code, node.pk])})
    shown = {n.node for n in nodes}
    links = [{"source": e.get("upstream"), "target": e.get("downstream")} for e in edges
             if e.get("upstream") in shown and e.get("downstream") in shown]
    return {"segments": segments, "nodes": points, "links": links,
            "colors": {str(k): v for k, v in RATING_COLORS.items()}}


def node_frame(nodes: list[NodeResult]) -> pl.DataFrame:
    """The node table of a chain for Excel, in Chinese column names."""
    yes_no = {True: "是", False: "否"}
    return pl.DataFrame([
        (n.segment, n.node, n.firms, n.above_scale_firms, n.revenue / TEN_THOUSAND, n.growth, n.profit,
         n.tax, n.rd, n.top_share, n.city_share, n.lq, n.density, n.get_rating_display(),
         yes_no[n.dependent], n.reason, n.target_rank, n.target_reasons)
        for n in nodes], orient="row", schema={
        "环节": pl.String, "节点": pl.String, "企业数": pl.Int64, "规上企业数": pl.Int64,
        "营业收入（亿元）": pl.Float64, "营收增速": pl.Float64, "利润总额（万元）": pl.Float64,
        "实缴税金（万元）": pl.Float64, "研发费用（万元）": pl.Float64, "最大企业营收占比": pl.Float64,
        "占全市营收比重": pl.Float64, "区位熵": pl.Float64, "关联密度": pl.Float64, "强弱": pl.String,
        "链主依赖": pl.String, "判定说明": pl.String, "补链排序": pl.Int64, "补链理由": pl.String})
