"""One assessment: coverage → imputation → scores → weights → aggregation → total and rank.

``assess`` runs the OECD/JRC steps in order under declared :class:`Options` and returns an
:class:`Assessment`: one row per unit (total, rank within its band, status) and one row per
unit × indicator (value, score, weight, contribution). Hierarchical: indicator scores are
aggregated into group (一级) scores with the indicators' weights renormalised within the
group, and group scores into the composite with the group weights; 加分/减分 points are then
added and subtracted, and a 一票否决 event disqualifies the unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qiangshi.engine.assessment.coverage import DEFAULT_COVERAGE, coverage, impute
from qiangshi.engine.assessment.inputs import NORMALISATIONS, group_table
from qiangshi.engine.assessment.normalise import normalised
from qiangshi.engine.assessment.scoring import scheme_score
from qiangshi.engine.exact import exact

AGGREGATIONS = ("arithmetic", "geometric")
WEIGHTINGS = ("given", "equal")
VETO_RULES = ("last", "exclude")
STATUS_LABELS = {
    "scored": "已计分",
    "low_coverage": "数据覆盖不足，未计分",
    "no_score": "无可计分的指标，未计分",
    "vetoed": "一票否决",
}


@dataclass(frozen=True)
class Options:
    """The declared choices of one assessment (every one is stored with the run).

    normalisation: "scheme" (each indicator's own method) or one of ``NORMALISATIONS`` for all
    normal indicators; geometric_floor: scores below it are raised to it before a geometric
    mean, so a single 0 does not zero the unit (the declared treatment of zeros); veto:
    a disqualified unit is ranked after every scored unit of its band ("last") or not ranked.
    """

    coverage_threshold: float = DEFAULT_COVERAGE
    imputation: str = "none"
    normalisation: str = "scheme"
    weighting: str = "given"
    aggregation: str = "arithmetic"
    geometric_floor: float = 1.0
    veto: str = "last"

    def problems(self) -> list[str]:
        checks = [
            (self.normalisation in ("scheme", *NORMALISATIONS), f"标准化方法 {self.normalisation} 无法识别"),
            (self.weighting in WEIGHTINGS, f"赋权方式 {self.weighting} 无法识别"),
            (self.aggregation in AGGREGATIONS, f"加总方式 {self.aggregation} 无法识别"),
            (self.veto in VETO_RULES, f"一票否决处理 {self.veto} 无法识别"),
            (0 <= self.coverage_threshold <= 1, "覆盖率门槛应在 0 到 1 之间"),
            (self.geometric_floor > 0, "几何加总的下限须大于 0"),
        ]
        return [message for ok, message in checks if not ok]


@dataclass(frozen=True)
class Prepared:
    """The steps before scoring: every cell, the cells to score (covered units, covered normal
    indicators and every 加分/减分/否决 item, imputed), the coverage tables and group weights."""

    all_cells: pl.DataFrame
    cells: pl.DataFrame
    by_unit: pl.DataFrame
    by_indicator: pl.DataFrame
    groups: pl.DataFrame


@dataclass(frozen=True)
class Assessment:
    """units: unit, name, band, coverage, status, composite, bonus, deduction, total, rank.
    items: unit, indicator, name, group, kind, value, imputed, score, weight, contribution.
    indicators: indicator, present, expected, coverage, covered; prepared: the cells scored
    (what the uncertainty analysis re-scores)."""

    units: pl.DataFrame
    items: pl.DataFrame
    indicators: pl.DataFrame
    options: Options
    prepared: Prepared


def cell_table(values: pl.DataFrame, indicators: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """One row per unit × indicator with the indicator's parameters and the value (or null)."""
    return (
        units.select("unit", "band")
        .join(indicators, how="cross")
        .join(values.select("unit", "indicator", "value"), on=["unit", "indicator"], how="left")
    )


def item_scores(cells: pl.DataFrame, normalisation: str) -> pl.Series:
    """Each cell's score: the scheme's method, or `normalisation` for every normal indicator."""
    if normalisation == "scheme":
        by_normalisation = [
            pl.when(pl.col("method") == name).then(normalised(name)) for name in NORMALISATIONS
        ]
        expr = pl.coalesce(scheme_score(), *by_normalisation)
    else:
        expr = pl.when(pl.col("kind") == "normal").then(normalised(normalisation)).otherwise(scheme_score())
    return cells.select(expr.alias("score"))["score"]


def weighted(weight: str, aggregation: str, floor: float) -> pl.Expr:
    """Weighted mean of the present scores of a group_by (arithmetic or geometric), weights renormalised."""
    present = pl.col("score").is_not_null()
    w = pl.when(present).then(pl.col(weight)).otherwise(0.0)
    if aggregation == "arithmetic":
        total = (w * pl.col("score").fill_null(0.0)).sum() / w.sum()
    else:
        logs = pl.max_horizontal(pl.col("score"), pl.lit(floor)).log().fill_null(0.0)
        total = ((w * logs).sum() / w.sum()).exp()
    return pl.when(w.sum() > 0).then(total)


def within_weights(items: pl.DataFrame, groups: pl.DataFrame, weighting: str) -> pl.DataFrame:
    """Per unit the weight of each present item in its group and of each group in the total."""
    equal = weighting == "equal"
    item_w = pl.lit(1.0) if equal else pl.col("weight")
    items = items.join(groups.rename({"weight": "group_weight"}), on="group", how="left")
    group_w = pl.lit(1.0) if equal else pl.col("group_weight").fill_null(0.0)
    present = pl.col("score").is_not_null()
    item_share = pl.when(present).then(item_w) / pl.when(present).then(item_w).sum().over(["unit", "group"])
    group_has = present.any().over(["unit", "group"])
    first = pl.int_range(pl.len()).over(["unit", "group"]) == 0
    group_sum = pl.when(group_has & first).then(group_w).sum().over("unit")
    return items.with_columns(
        item_share.alias("item_weight"),
        pl.when(group_has).then(group_w / group_sum).alias("group_share"),
        pl.when(present).then(item_w).alias("item_raw"),
    ).with_columns((pl.col("item_weight") * pl.col("group_share")).alias("effective"))


def prepare(
    values: pl.DataFrame,
    indicators: pl.DataFrame,
    units: pl.DataFrame,
    groups: pl.DataFrame | None,
    options: Options,
) -> Prepared:
    """Coverage and imputation: the cells that are scored, the same for every alternative."""
    problems = options.problems()
    if problems:
        raise ValueError("；".join(problems))
    all_cells = cell_table(values, indicators, units)
    by_unit, by_indicator = coverage(all_cells.filter(pl.col("kind") == "normal"), options.coverage_threshold)
    covered_units = by_unit.filter("covered")["unit"].implode()
    covered_indicators = by_indicator.filter("covered")["indicator"].implode()
    cells = all_cells.filter(
        pl.col("unit").is_in(covered_units)
        & ((pl.col("kind") != "normal") | pl.col("indicator").is_in(covered_indicators))
    )
    cells = impute(cells, options.imputation)
    return Prepared(all_cells, cells, by_unit, by_indicator, group_table(groups, indicators))


def assess(
    values: pl.DataFrame,
    indicators: pl.DataFrame,
    units: pl.DataFrame,
    groups: pl.DataFrame | None = None,
    options: Options = Options(),
) -> Assessment:
    """Assess every unit; inputs as typed by ``inputs`` (value_table, indicator_table, unit_table)."""
    prepared = prepare(values, indicators, units, groups, options)
    scored = prepared.cells.with_columns(item_scores(prepared.cells, options.normalisation).alias("score"))
    normal = scored.filter(pl.col("kind") == "normal")
    normal_items = within_weights(normal, prepared.groups, options.weighting)
    group_scores = normal_items.group_by("unit", "group").agg(
        weighted("item_weight", options.aggregation, options.geometric_floor)
        .alias("score"),
        pl.col("group_share").first().alias("weight"),
    )
    composite = group_scores.group_by("unit").agg(
        weighted("weight", options.aggregation, options.geometric_floor).alias("composite")
    )
    other = scored.filter(pl.col("kind") != "normal").group_by("unit").agg(
        pl.col("score").filter(pl.col("kind") == "bonus").sum().alias("bonus"),
        pl.col("score").filter(pl.col("kind") == "deduction").sum().alias("deduction"),
        (pl.col("value").filter(pl.col("kind") == "veto") > 0).any().alias("vetoed"),
    )
    unit_rows = ranked(
        units.join(prepared.by_unit.select("unit", "coverage", "covered"), on="unit", how="left")
        .join(composite, on="unit", how="left")
        .join(other, on="unit", how="left"),
        options.veto,
    )
    arithmetic = options.aggregation == "arithmetic"
    items = prepared.all_cells.select("unit", "indicator", "name", "group", "kind", "value").join(
        pl.concat([
            normal_items.select("unit", "indicator", "imputed", "score", pl.col("effective").alias("weight")),
            scored.filter(pl.col("kind") != "normal").select(
                "unit", "indicator", "imputed", "score", pl.lit(None, dtype=pl.Float64).alias("weight")
            ),
        ]),
        on=["unit", "indicator"],
        how="left",
    ).with_columns(
        pl.when(pl.col("kind") == "normal")
        .then(pl.col("score") * pl.col("weight") if arithmetic else None)
        .when(pl.col("kind") == "bonus").then(pl.col("score").fill_null(0.0))
        .when(pl.col("kind") == "deduction").then(-pl.col("score").fill_null(0.0))
        .alias("contribution"),
        pl.col("imputed").fill_null(False),
    ).sort("unit", "indicator")
    return Assessment(unit_rows, items, prepared.by_indicator, options, prepared)


def ranked(units: pl.DataFrame, veto: str) -> pl.DataFrame:
    """Status, total and the rank within the band (ties share the better place)."""
    status = (
        pl.when(~pl.col("covered").fill_null(False)).then(pl.lit("low_coverage"))
        .when(pl.col("vetoed").fill_null(False)).then(pl.lit("vetoed"))
        .when(pl.col("composite").is_null()).then(pl.lit("no_score"))
        .otherwise(pl.lit("scored"))
    )
    frame = units.with_columns(
        status.alias("status"),
        pl.col("bonus").fill_null(0.0),
        pl.col("deduction").fill_null(0.0),
    ).with_columns(
        pl.when(pl.col("status") == "scored")
        .then(pl.col("composite") + pl.col("bonus") - pl.col("deduction")).alias("total")
    )
    scored_place = exact(pl.col("total")).rank("min", descending=True).over("band")
    last = (pl.col("status") == "scored").sum().over("band") + 1
    rank = pl.when(pl.col("status") == "scored").then(scored_place)
    if veto == "last":
        rank = rank.when(pl.col("status") == "vetoed").then(last)
    return frame.with_columns(rank.cast(pl.Int64).alias("rank")).select(
        "unit", "name", "band", "coverage", "status", "composite", "bonus", "deduction", "total", "rank"
    ).sort("band", "rank", "unit", nulls_last=True)
