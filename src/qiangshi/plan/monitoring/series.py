"""The series chart of one indicator: actual values, milestones, projection and target."""

import polars as pl

from qiangshi.engine import progress as engine
from qiangshi.plan.breakdown.selectors import milestones_with_breakdown, region_targets
from qiangshi.plan.models import Plan, ProgressResult
from qiangshi.plan.tables import counted, indicator_table


def computed_yoy(figures: pl.DataFrame) -> dict[tuple, float]:
    """同比 growth (%) computed from the figures that count of one indicator and region (a
    `tables.figure_table`), by (year, month, period_type)."""
    observations = counted(figures)
    growth = engine.yoy_growth(observations).filter(pl.col("yoy_growth").is_not_null())
    return {(y, m, t): g for y, m, t, g in
            growth.select("year", "month", "period_type", "yoy_growth").iter_rows()}


def indicator_chart(plan: Plan, code: str, region_code: str, result: ProgressResult | None,
                    figures: pl.DataFrame) -> dict:
    """The chart of one indicator and region; `figures` is its `tables.figure_table`."""
    years = list(range(plan.base_year, plan.period_end + 1))
    indicators = indicator_table(plan).filter(pl.col("code") == code)
    observations = counted(figures)
    annual = dict(observations.filter(pl.col("period_type") == "annual")
                  .select("year", "value").iter_rows())
    ytd = (observations.filter(pl.col("period_type") == "ytd")
           .sort("year", "month").group_by("year", maintain_order=True).last())
    ytd_values = dict(ytd.select("year", "value").iter_rows())
    # A 年均增幅 target is judged on an index of the rates; the chart shows the rates
    # themselves against the target rate.
    rates = indicators["kind"][0] == "avg_growth"
    # A district's path runs from its own base to its own target (目标分解), as progress does.
    own, yearly = region_targets(plan, indicators)
    path = {} if rates else dict(engine.milestone_path(
        indicators.drop("pk", "unit"),
        engine.observations_indexed(indicators, observations, period_start=plan.period_start),
        period_start=plan.period_start, period_end=plan.period_end,
        overrides=milestones_with_breakdown(plan, yearly).filter(pl.col("code") == code),
        reference_region=plan.region.code, region_targets=own,
    ).filter(pl.col("region") == region_code).select("year", "value").iter_rows())
    target = indicators["target_value"][0]
    if region_code != plan.region.code:
        mine = own.filter(pl.col("region") == region_code)["target_value"]
        target = mine[0] if mine.len() else None
    projection = [None] * len(years)
    if (not rates and result is not None and result.projected_value is not None
            and result.latest_year):
        target_year = indicators["target_year"][0]
        for year, value in ((result.latest_year, result.latest_value),
                            (target_year, result.projected_value)):
            if year in years:
                projection[years.index(year)] = value
    return {
        "years": [f"{y}" for y in years],
        "actual": [annual.get(y) for y in years],
        "ytd": [ytd_values.get(y) if y not in annual else None for y in years]
        if ytd_values else [],
        "milestones": [path.get(y) for y in years],
        "projection": projection,
        "target": target,
        "unit": indicators["unit"][0],
    }
