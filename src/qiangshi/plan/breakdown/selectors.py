"""Reading the plan's targets broken down by region (目标分解): the version in force, the
tables the progress method reads, and a version set against the city's targets."""

import polars as pl
from django.db.models import Max

from qiangshi.engine import breakdown as engine
from qiangshi.engine import progress
from qiangshi.plan.models import Breakdown, BreakdownItem, BreakdownTarget, Plan
from qiangshi.plan.tables import indicator_table, milestone_table, observation_table

#: Kinds whose yearly breakdown values are levels the milestone path can take as they are.
MILESTONE_KINDS = ("level", "share", "annual_flow", "cumulative")
TARGETS = {"code": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64}


def breakdown_in_force(plan_code: str) -> Breakdown | None:
    """The latest issued version: the one the districts are judged by."""
    return (Breakdown.objects.filter(plan_code=plan_code, status=Breakdown.Status.ISSUED)
            .order_by("-number").first())


def next_number(plan_code: str) -> int:
    return (Breakdown.objects.filter(plan_code=plan_code).aggregate(n=Max("number"))["n"] or 0) + 1


def target_table(breakdown: Breakdown | None) -> pl.DataFrame:
    """code, region (code), year, value of a version's targets that have a value."""
    rows = [] if breakdown is None else BreakdownTarget.objects.filter(
        breakdown=breakdown, value__isnull=False).values_list(
        "indicator_code", "region__code", "year", "value")
    return pl.DataFrame(list(rows), schema=TARGETS, orient="row")


def region_targets(plan: Plan, indicators: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """From the version in force: each region's own target (code, region, target_value: its
    value in the indicator's target year) and its yearly milestones (code, region, year,
    value) for the kinds whose values are levels. Empty tables when none is issued, so that
    every district reads 目标未分解 rather than the city's target."""
    targets = target_table(breakdown_in_force(plan.code))
    kinds = indicators.select("code", "kind", "target_year")
    own = targets.join(kinds, on="code", how="inner")
    final = own.filter(pl.col("year") == pl.col("target_year")).select(
        "code", "region", pl.col("value").alias("target_value"))
    yearly = own.filter(pl.col("kind").is_in(MILESTONE_KINDS)).select(list(TARGETS))
    return final, yearly


def milestones_with_breakdown(plan: Plan, yearly: pl.DataFrame) -> pl.DataFrame:
    """The breakdown's yearly targets, with the milestones analysts set by hand for a region
    and year taking their place."""
    manual = milestone_table(plan)
    return pl.concat([yearly.join(manual, on=["code", "region", "year"], how="anti"), manual])


def city_targets(plan: Plan, indicators: pl.DataFrame | None = None) -> pl.DataFrame:
    """The city's value for each year of every indicator that can be broken down, in the
    terms of its target: the yearly milestone for amounts and levels, the target itself for
    percentage changes and growth rates; with the city's base-year figure. Columns of
    ``engine.breakdown.CITY`` less the method."""
    indicators = indicator_table(plan) if indicators is None else indicators
    breakable = indicators.filter(pl.col("kind").is_in(engine.BREAKABLE_KINDS))
    figures = observation_table(plan)
    city = plan.region.code
    path = progress.milestone_path(
        breakable.drop("pk", "unit"), figures, period_start=plan.period_start,
        period_end=plan.period_end, overrides=milestone_table(plan), reference_region=city,
    ).filter(pl.col("region") == city)
    levels = breakable.filter(~pl.col("kind").is_in(engine.RATE_KINDS)).select("code", "kind").join(
        path.select("code", "year", pl.col("value").alias("target")), on="code")
    rates = breakable.filter(pl.col("kind").is_in(engine.RATE_KINDS)).select(
        "code", "kind", pl.col("target_year").alias("year"), pl.col("target_value").alias("target"))
    bases = region_bases(plan, breakable, figures, [city]).select(
        "code", pl.col("base").alias("city_base"))
    return pl.concat([levels.with_columns(pl.col("year").cast(pl.Int32)), rates]).join(
        bases, on="code", how="left").join(
        breakable.select("code", pl.col("base_value").alias("_stated"), "unit"), on="code").select(
        "code", "kind", "year", "target",
        pl.coalesce("_stated", "city_base").alias("city_base"),
        # counts of firms, projects, parks are broken down into whole numbers
        (pl.col("unit").is_in(engine.COUNT_UNITS) & ~pl.col("kind").is_in(engine.RATE_KINDS))
        .alias("whole")).sort("code", "year")


def region_bases(plan: Plan, indicators: pl.DataFrame, figures: pl.DataFrame,
                 regions: list[str]) -> pl.DataFrame:
    """code, region, base: each region's full-year figure in the indicator's base year (the
    plan's base year when the indicator names none); null where there is none."""
    wanted = indicators.select(
        "code", pl.col("base_year").fill_null(plan.base_year).cast(pl.Int32).alias("year")
    ).join(pl.DataFrame({"region": regions}, schema={"region": pl.String}), how="cross")
    annual = figures.filter((pl.col("month") == 12) & (pl.col("period_type") == "annual")).select(
        "code", "region", pl.col("year").cast(pl.Int32), pl.col("value").alias("base"))
    return wanted.join(annual, on=["code", "region", "year"], how="left").select(
        "code", "region", "base")


def breakdown_sheet(breakdown: Breakdown, plan: Plan) -> dict:
    """Everything a version's page and export show: items with their method, the targets by
    indicator, region and year, and the check of each indicator and year against the city."""
    indicators = indicator_table(plan)
    items = {i.indicator_code: i for i in BreakdownItem.objects.filter(breakdown=breakdown)}
    regions = list(breakdown.regions.order_by("sort_order", "code"))
    targets = pl.DataFrame(list(BreakdownTarget.objects.filter(breakdown=breakdown).values_list(
        "indicator_code", "region__code", "year", "value", "method", "problem")), schema={
        **TARGETS, "method": pl.String, "problem": pl.String}, orient="row")
    city = city_targets(plan, indicators)
    totals = pl.DataFrame({"code": list(items), "total": [i.total for i in items.values()]},
                          schema={"code": pl.String, "total": pl.String})
    check = engine.breakdown_check(targets, city, totals, regions=len(regions))
    return {"items": items, "regions": regions, "targets": targets, "check": check,
            "city": city, "indicators": indicators}
