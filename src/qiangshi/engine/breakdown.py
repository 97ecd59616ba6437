"""目标分解: a city target broken down to its districts and zones, year by year.

The plan's task 20 asks to 逐年分解 the three-year targets. A breakdown gives each region in
the set (the districts, counties and zones that together make up the city) a value for each
year of the plan, in the terms of the indicator's own target: an amount for level, flow and
cumulative targets, a percentage for share, change and average-growth targets. The methods:

* ``base_share`` (按基期占比): the city's value for the year × the region's share of the
  regions' base-year total. Only for targets that add up across regions.
* ``equal_growth`` (按同等增速): every region grows as the city must. An amount target gives
  ``region base × city value ÷ city base``; a percentage target (a change, an average growth
  rate) is the city's own percentage.
* ``weighted`` (按权重公式): the city's value × the region's weight ÷ the sum of weights, the
  weights given by the analyst (for example a mix of base share and growth potential).
* ``manual`` (手工填报): the values the analyst enters; nothing is generated.

A value that cannot be computed (a region without a base-year figure, a zero city base) is
null with the reason in ``problem``, never a number made up.

``breakdown_check`` sets the regions' values against the city's: their sum for targets that
add up, their mean for rates and shares (``region_total``), and shows the difference.

Pure: no Django, no I/O.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.exact import exact

METHOD_VERSION = "breakdown-1"

METHODS: dict[str, str] = {
    "base_share": "按基期占比",
    "equal_growth": "按同等增速",
    "weighted": "按权重公式",
    "manual": "手工填报",
}

TOTALS: dict[str, str] = {"sum": "各地区合计", "mean": "各地区平均", "none": "不汇总核对"}

#: Kinds whose target a region can have of its own; the others (高于全市、位次、方向性、定性)
#: apply to every region as they stand.
BREAKABLE_KINDS = ("level", "share", "change", "annual_flow", "cumulative", "avg_growth")
#: Kinds whose target is a percentage change, so that equal growth is the same percentage.
RATE_KINDS = ("change", "avg_growth")
#: Units of things that add up across regions (an amount in 元 of any size adds up too).
COUNT_UNITS = ("家", "个", "项", "户", "件", "人", "座", "条", "台")

CITY = {"code": pl.String, "kind": pl.String, "method": pl.String, "year": pl.Int32,
        "target": pl.Float64, "city_base": pl.Float64, "whole": pl.Boolean}
BASES = {"code": pl.String, "region": pl.String, "base": pl.Float64}
WEIGHTS = {"code": pl.String, "region": pl.String, "weight": pl.Float64}
OUTPUT = {"code": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64,
          "method": pl.String, "problem": pl.String}


def region_total(kind: pl.Expr, unit: pl.Expr) -> pl.Expr:
    """How the regions' values answer for the city's: ``sum`` for amounts and counts,
    ``mean`` for shares, rates and intensities, ``none`` for kinds not broken down."""
    adds_up = unit.str.ends_with("元") | unit.is_in(COUNT_UNITS)
    return (
        pl.when(kind.is_in(["annual_flow", "cumulative"]) | ((kind == "level") & adds_up))
        .then(pl.lit("sum"))
        .when(kind.is_in(BREAKABLE_KINDS))
        .then(pl.lit("mean"))
        .otherwise(pl.lit("none"))
    )


def breakdown_targets(city: pl.DataFrame, bases: pl.DataFrame,
                      weights: pl.DataFrame | None = None) -> pl.DataFrame:
    """Each region's value for each year, by the method each indicator names.

    ``city``: code, kind, method, year, target (the city's value for that year in the
    target's terms), city_base (the city's base-year figure), optionally whole (a count:
    the regions' values are whole numbers that keep their total, see ``_apportioned``).
    ``bases``: code, region, base
    (null where the region has none); its regions are the set the target is broken down to.
    ``weights``: code, region, weight, for ``weighted``. Returns code, region, year, value,
    method, problem; ``manual`` indicators give no rows.
    """
    if "whole" not in city.columns:
        city = city.with_columns(pl.lit(False).alias("whole"))
    city = city.select([pl.col(c).cast(t) for c, t in CITY.items()]).filter(
        pl.col("method") != "manual")
    bases = bases.select([pl.col(c).cast(t) for c, t in BASES.items()])
    weights = (weights if weights is not None else pl.DataFrame(schema=WEIGHTS)).select(
        [pl.col(c).cast(t) for c, t in WEIGHTS.items()])
    share = bases.with_columns(
        (pl.col("base") / pl.col("base").sum().over("code")).alias("_share"),
        pl.col("base").is_null().any().over("code").alias("_base_missing"),
        pl.col("base").sum().over("code").alias("_base_total"),
    )
    weight = weights.with_columns((pl.col("weight") / pl.col("weight").sum().over("code"))
                                  .alias("_weight_share"))
    rows = (
        city.join(share, on="code", how="inner")
        .join(weight.select("code", "region", "weight", "_weight_share"),
              on=["code", "region"], how="left")
    )
    method, target = pl.col("method"), pl.col("target")
    rate_kind = pl.col("kind").is_in(RATE_KINDS)
    problem = (
        pl.when(~pl.col("kind").is_in(BREAKABLE_KINDS))
        .then(pl.lit("该类指标不分解到地区"))
        .when(target.is_null())
        .then(pl.lit("全市目标值缺失"))
        .when((method == "base_share") & rate_kind)
        .then(pl.lit("增幅类目标不能按基期占比分解"))
        .when((method == "base_share") & pl.col("_base_missing"))
        .then(pl.lit("部分地区缺少基期值，无法计算占比"))
        .when((method == "base_share") & (pl.col("_base_total") == 0))
        .then(pl.lit("各地区基期值合计为零，无法计算占比"))
        .when((method == "equal_growth") & ~rate_kind & pl.col("base").is_null())
        .then(pl.lit("本地区缺少基期值"))
        .when((method == "equal_growth") & ~rate_kind
              & (pl.col("city_base").is_null() | (pl.col("city_base") == 0)))
        .then(pl.lit("全市基期值缺失或为零，无法按同等增速分解"))
        .when((method == "weighted") & pl.col("weight").is_null())
        .then(pl.lit("本地区未给出权重"))
        .when((method == "weighted") & ~pl.col("_weight_share").is_finite())
        .then(pl.lit("权重合计为零"))
        .when(~method.is_in(list(METHODS)))
        .then(pl.lit("未知的分解方法"))
    )
    value = (
        pl.when(method == "base_share").then(target * pl.col("_share"))
        .when((method == "equal_growth") & rate_kind).then(target)
        .when(method == "equal_growth").then(pl.col("base") * target / pl.col("city_base"))
        .when(method == "weighted").then(target * pl.col("_weight_share"))
    )
    return (
        rows.with_columns(problem.alias("problem"))
        .with_columns(pl.when(pl.col("problem").is_null()).then(value).alias("value"))
        .with_columns(pl.when("whole").then(_apportioned()).otherwise("value").alias("value"))
        .select([pl.col(c).cast(t) for c, t in OUTPUT.items()])
        .sort("code", "region", "year")
    )


def _apportioned() -> pl.Expr:
    """Whole numbers for a count (a district's 8.82 家 is 9 or 8), keeping the regions' total
    of each indicator and year: every value is rounded down, then the largest remainders
    take one more each until the rounded total is reached (Hamilton's largest-remainder
    method, as seats are apportioned)."""
    group = ["code", "year"]
    value = pl.col("value")
    floor = value.floor()
    short = (value.sum().over(group).round(0) - floor.sum().over(group))
    rank = (value - floor).rank("ordinal", descending=True).over(group)
    return pl.when(value.is_not_null()).then(floor + (rank <= short).cast(pl.Float64))


def breakdown_check(values: pl.DataFrame, city: pl.DataFrame, totals: pl.DataFrame,
                    regions: int) -> pl.DataFrame:
    """The regions' values set against the city's, per indicator and year.

    ``values``: code, region, year, value; ``city``: code, year, target; ``totals``: code,
    total (``sum``/``mean``/``none``); ``regions``: how many regions the breakdown covers.
    Returns code, year, total, city_target, regions_value (their sum or mean), difference
    (regions − city), relative (difference ÷ |city|, null when the city's is 0), filled (how
    many regions have a value) and complete (every region has one).
    """
    value = pl.col("value")
    per_year = (
        values.filter(value.is_not_null())
        .group_by("code", "year")
        .agg(value.sum().alias("_sum"), value.mean().alias("_mean"), pl.len().alias("filled"))
    )
    checked = (
        city.select("code", pl.col("year").cast(pl.Int32), pl.col("target").alias("city_target"))
        .join(totals.select("code", "total"), on="code", how="inner")
        .join(per_year.with_columns(pl.col("year").cast(pl.Int32)), on=["code", "year"],
              how="left")
        .with_columns(
            pl.col("filled").fill_null(0).cast(pl.Int32),
            pl.when(pl.col("total") == "sum").then("_sum")
            .when(pl.col("total") == "mean").then("_mean").alias("regions_value"),
        )
        # Shares of a total add back up to it only up to the last bits of a double: the
        # difference is rounded as every compared measure is (and -0 reads as 0).
        .with_columns((exact(pl.col("regions_value") - pl.col("city_target")) + 0.0)
                      .alias("difference"))
    )
    return checked.select(
        "code", "year", "total", "city_target", "regions_value", "difference",
        pl.when(pl.col("city_target") != 0)
        .then(pl.col("difference") / pl.col("city_target").abs()).alias("relative"),
        "filled", (pl.col("filled") == regions).alias("complete"),
    ).sort("code", "year")
