"""Synthetic demo figures for indicators that have no published figure.

Clearly labelled as demo data wherever they are shown. Deterministic: the same
plan gives the same figures. Each indicator gets a pace drawn from its code so
that the demo shows every status: ahead of plan, on track, slow, stalled and
going backwards.
"""

import polars as pl

DEMO_SOURCE = "演示数据（合成），非真实统计"
# Multipliers of the pace the target needs, chosen by a hash of the indicator code.
PACES = [1.25, 1.05, 0.85, 0.55, -0.3]
# Seasonal share of the year's flow reached by the end of each month (1–2月 combined).
SEASON = {2: 0.13, 3: 0.22, 4: 0.30, 5: 0.39, 6: 0.49, 7: 0.57, 8: 0.65, 9: 0.74, 10: 0.82,
          11: 0.91, 12: 1.0}
# District shares of the city's total for indicators shown by district.
# The 15 units of the plan's `regions` (12 districts and counties, 高新区, 起步区, 南部山区)
# make up the city: their shares add up to 1.
DISTRICT_SHARES = {"370102": 0.06, "370103": 0.04, "370104": 0.05, "370105": 0.06,
                   "370112": 0.14, "370113": 0.05, "370114": 0.11, "370115": 0.07,
                   "370116": 0.09, "370117": 0.12, "370124": 0.03, "370126": 0.03,
                   "370171": 0.12, "370100Z01": 0.02, "370100Z02": 0.01}
ZONES = ["370171", "370100Z01", "370100Z03", "370100Z04"]
COUNT_UNITS = ["家", "个", "项", "人"]


def _pace() -> pl.Expr:
    return pl.lit(PACES).list.get((pl.col("code").hash(seed=7) % len(PACES)).cast(pl.Int64))


def _annual(indicators: pl.DataFrame, base_year: int, last_year: int) -> pl.DataFrame:
    """City-wide annual values from each indicator's base year (the plan's by default)
    to `last_year`."""
    first = min(base_year, indicators["base_year"].min() or base_year)
    years = pl.DataFrame({"year": list(range(first, last_year + 1))}, schema={"year": pl.Int32})
    start = pl.col("base_year").fill_null(base_year)
    span = (pl.col("target_year").clip(lower_bound=start + 1) - start).cast(pl.Float64)
    step = (pl.col("year") - start).cast(pl.Float64)
    target = pl.col("target_value")
    level_base = target / (1.08 ** span)
    value = (
        pl.when(pl.col("kind") == "qualitative")
        .then((pl.col("pace") > 0.9).cast(pl.Float64) * (pl.col("year") >= start + 2))
        .when(pl.col("kind") == "change")
        .then(100 * (1 + target / 100 * pl.col("pace") * step / span))
        .when(pl.col("kind") == "share")
        .then(target * 0.85 + target * 0.15 * pl.col("pace") * step / span)
        .when(pl.col("kind").is_in(["annual_flow"]))
        .then(target * (0.8 + 0.2 * pl.col("pace")) * (1 + 0.03 * step))
        .when(pl.col("kind") == "cumulative")
        .then(target / span * pl.col("pace").clip(lower_bound=0.1))
        .when(pl.col("kind").is_in(["avg_growth", "differential"]))
        .then(target * pl.col("pace"))
        .when(pl.col("kind") == "direction")
        .then(50 * (1 + 0.02 * pl.col("pace") * step * pl.when(pl.col("comparator") == "decrease")
                    .then(-1).otherwise(1)))
        .otherwise(level_base * (1 + 0.08 * pl.col("pace")) ** step)
    )
    return (
        indicators.join(years, how="cross")
        .filter((pl.col("year") > start) | ((pl.col("year") == start) & (pl.col("kind") != "cumulative")))
        .with_columns(value.alias("value"))
    )


def demo_observations(indicators: pl.DataFrame, *, base_year: int, last_year: int,
                      until: tuple[int, int]) -> pl.DataFrame:
    """Rows in the columns of the observation import template, for every indicator given.

    `indicators` has code, kind, comparator, target_value (null → 100), target_year,
    base_year, frequency, unit. Figures run to `last_year` but no further than `until`
    (year, month), the last month that has ended on the day the demo is loaded: a year's
    figure once the year is over, 1–N月 figures (monthly and quarterly) to that month. The
    figures of the last year shown are marked preliminary.
    """
    final_year = until[0] if until[1] == 12 else until[0] - 1
    last_year = min(last_year, until[0])
    indicators = indicators.with_columns(
        pl.col("target_value").fill_null(100.0), _pace().alias("pace"),
    )
    annual = _annual(indicators, base_year, last_year)
    city = annual.with_columns(pl.lit("370100").alias("region"))
    by_district = annual.filter(
        pl.col("unit").is_in(["亿元", "家"]) & pl.col("kind").is_in(["level", "annual_flow"])
    ).join(pl.DataFrame({"region": list(DISTRICT_SHARES), "share": list(DISTRICT_SHARES.values())}),
           how="cross").with_columns((pl.col("value") * pl.col("share")).alias("value"))
    zones = annual.filter(pl.col("kind") == "differential").join(
        pl.DataFrame({"region": ZONES, "offset": [2.0, 4.5, -0.5, 1.0]}), how="cross"
    ).with_columns((pl.col("value") + pl.col("offset")).alias("value"))
    yearly = pl.concat([frame.select("code", "region", "year", "value", "frequency", "kind", "unit")
                        for frame in (city, by_district, zones)])
    months = pl.DataFrame({"month": list(SEASON), "season": list(SEASON.values())})
    flows = pl.col("kind").is_in(["annual_flow", "cumulative"]) | pl.col("unit").str.ends_with("元")
    quarter_end = pl.col("month").is_in([3, 6, 9, 12])
    monthly = (
        yearly.filter(pl.col("frequency").is_in(["monthly_cumulative", "quarterly"])
                      & (pl.col("year") > base_year))
        .join(months, how="cross")
        .filter(((pl.col("frequency") == "monthly_cumulative") | quarter_end)
                & (pl.col("year") * 12 + pl.col("month") <= until[0] * 12 + until[1]))
        .with_columns(
            pl.when(flows).then(pl.col("value") * pl.col("season"))
            .otherwise(pl.col("value") * (0.98 + 0.02 * pl.col("season"))).alias("value"),
            pl.format("{}年1-{}月", "year", "month").alias("period"),
        )
    )
    annual_rows = yearly.filter(pl.col("year") <= final_year).with_columns(
        pl.col("year").cast(pl.String).alias("period"))
    return pl.concat([
        frame.select(
            pl.col("code").alias("指标代码"), pl.col("region").alias("地区代码"),
            pl.col("period").alias("期别"),
            pl.when(pl.col("unit").is_in(COUNT_UNITS)).then(pl.col("value").round(0))
            .otherwise(pl.col("value").round(2)).cast(pl.String).alias("数值"),
            pl.lit("").alias("同比增长(%)"),
            pl.when(pl.col("year") == last_year).then(pl.lit("初步")).otherwise(pl.lit("最终"))
            .alias("数据状态"),
            pl.lit(DEMO_SOURCE).alias("来源说明"),
        )
        for frame in (annual_rows, monthly)
    ])
