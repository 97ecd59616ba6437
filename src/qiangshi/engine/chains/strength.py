"""Node strength: strong / present / weak / missing by declared rules, and 链主 dependency.

The rules are data: rows of (rating, measure, minimum), a node earning a rating when every
row of that rating holds (measure ≥ minimum, through ``engine.exact`` so that a figure lying
exactly on the line passes). Ratings are tried strong, then present; a node with at least one
firm that earns neither is weak; a node with no firm is missing. A null measure (no benchmark,
so no LQ) fails its row: a rating is never earned on a figure that is not there. A node is
flagged as depending on one firm (链主依赖) when its largest firm holds strictly more than
``dominance_share`` of the node's revenue.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.chains.inputs import ChainInputInvalid
from qiangshi.engine.exact import exact
from qiangshi.engine.numbers import grouped

RULE_SCHEMA = {"rating": pl.Utf8, "measure": pl.Utf8, "minimum": pl.Float64}
# Defaults for a city of Jinan's size, revenue in 万元: 10亿 and 3 规上 firms make a node strong.
DEFAULT_RULES = [
    {"rating": "strong", "measure": "above_scale_firms", "minimum": 3},
    {"rating": "strong", "measure": "revenue", "minimum": 100_000},
    {"rating": "present", "measure": "above_scale_firms", "minimum": 1},
    {"rating": "present", "measure": "revenue", "minimum": 10_000},
]
DOMINANCE_SHARE = 0.5
#: Measures that are fractions (0.12 is 12 %), shown as percentages in the reasons.
PERCENT_MEASURES = {"growth", "city_share"}
RATINGS = ("strong", "present")
RATING_LABELS = {"strong": "强", "present": "有基础", "weak": "薄弱", "missing": "缺失"}
MEASURE_LABELS = {
    "firms": "企业数",
    "above_scale_firms": "规上企业数",
    "revenue": "营业收入（万元）",
    "growth": "营收增速",
    "profit": "利润（万元）",
    "tax": "税收（万元）",
    "rd": "研发投入（万元）",
    "city_share": "占全市营收比重",
    "lq": "区位商",
}


def rule_table(rows: list[dict] | pl.DataFrame | None = None) -> pl.DataFrame:
    """The strength rules typed and checked (the defaults when none are given)."""
    frame = (
        rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(rows or DEFAULT_RULES, schema=RULE_SCHEMA)
    )
    frame = frame.select(pl.col(column).cast(dtype) for column, dtype in RULE_SCHEMA.items())
    problems = [
        f"强弱规则的等级 {r} 无法识别（应为 strong 或 present）"
        for r in frame.filter(~pl.col("rating").is_in(RATINGS))["rating"].fill_null("（空）")
    ]
    problems += [
        f"强弱规则的指标 {m} 无法识别"
        for m in frame.filter(~pl.col("measure").is_in(list(MEASURE_LABELS)))["measure"].fill_null("（空）")
    ]
    problems += ["强弱规则的门槛值不能为空"] * min(1, frame["minimum"].null_count())
    if problems:
        raise ChainInputInvalid(problems)
    return frame


def rate_nodes(
    figures: pl.DataFrame, rules: pl.DataFrame, dominance_share: float = DOMINANCE_SHARE
) -> pl.DataFrame:
    """`figures` (from ``node_figures``) with rating, dependent (链主依赖) and a Chinese reason."""
    earned = {rating: _all_hold(rules.filter(pl.col("rating") == rating)) for rating in RATINGS}
    rating = (
        pl.when(pl.col("firms") == 0)
        .then(pl.lit("missing"))
        .when(earned["strong"])
        .then(pl.lit("strong"))
        .when(earned["present"])
        .then(pl.lit("present"))
        .otherwise(pl.lit("weak"))
    )
    dependent = (exact(pl.col("top_share")) > dominance_share).fill_null(False)
    rated = figures.with_columns(rating.alias("rating"), dependent.alias("dependent"))
    return rated.with_columns(_reason(rules, dominance_share).alias("reason"))


def _holds(measure: str, minimum: float) -> pl.Expr:
    return (exact(pl.col(measure)) >= minimum).fill_null(False)


def _all_hold(rules: pl.DataFrame) -> pl.Expr:
    conditions = [
        _holds(measure, minimum) for measure, minimum in rules.select("measure", "minimum").iter_rows()
    ]
    return pl.all_horizontal(conditions) if conditions else pl.lit(True)


def _minimum_shown(measure: str, minimum: float) -> str:
    return f"{minimum * 100:.1f}%" if measure in PERCENT_MEASURES else f"{minimum:,.6g}"


def _shortfall(rules: pl.DataFrame, rating: str) -> pl.Expr:
    """Which rows of `rating` the node misses, as 「规上企业数 2 未达 3」, joined."""
    parts = [
        pl.when(~_holds(measure, minimum)).then(
            pl.format(
                f"{MEASURE_LABELS[measure]} {{}} 未达 {_minimum_shown(measure, minimum)}",
                _shown(measure, pl.col(measure)).fill_null("缺数"),
            )
        )
        for measure, minimum in rules.filter(pl.col("rating") == rating)
        .select("measure", "minimum")
        .iter_rows()
    ]
    return pl.concat_str(parts, separator="，", ignore_nulls=True) if parts else pl.lit("")


def _shown(measure: str, value: pl.Expr) -> pl.Expr:
    """A measure as a page shows it: shares and growth as percentages, the rest to four places
    with thousands separated and no trailing ".0"."""
    if measure in PERCENT_MEASURES:
        return pl.concat_str((value * 100).round(1).cast(pl.Utf8), pl.lit("%"))
    return grouped(value.round(4).cast(pl.Utf8)).str.strip_suffix(".0")


def _reason(rules: pl.DataFrame, dominance_share: float) -> pl.Expr:
    label = pl.col("rating").replace_strict(RATING_LABELS, return_dtype=pl.Utf8)
    base = (
        pl.when(pl.col("rating") == "missing")
        .then(pl.lit("本市无企业挂接此节点"))
        .when(pl.col("rating") == "strong")
        .then(pl.lit("达到“强”的全部条件"))
        .when(pl.col("rating") == "present")
        .then(pl.concat_str(pl.lit("未达“强”："), _shortfall(rules, "strong")))
        .otherwise(pl.concat_str(pl.lit("未达“有基础”："), _shortfall(rules, "present")))
    )
    dependence = (
        pl.when(pl.col("dependent"))
        .then(
            pl.format(
                f"；最大企业占节点营收 {{}}%，超过 {dominance_share:.0%}，存在链主依赖",
                (pl.col("top_share") * 100).round(1).cast(pl.Utf8),
            )
        )
        .otherwise(pl.lit(""))
    )
    return pl.concat_str(label, pl.lit("："), base, dependence)
