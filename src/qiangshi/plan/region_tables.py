"""The plan's figures per region as the assessment (考核) reads them: a door of the plan app.

Three reads, each a polars table keyed by region code, for any period (a year and the month
it runs to): the latest counted figure of an indicator at or before the period with its 同比
growth, the completion of the indicator's target in the stored progress run of that month,
and each region's report completeness and timeliness (its government's or zone committee's
obligations). Nothing here computes a stored result or writes.
"""

import datetime

import polars as pl
from django.db.models import Count

from qiangshi.accounts.models import Unit
from qiangshi.engine import progress as engine
from qiangshi.plan.models import Plan, ProgressResult
from qiangshi.plan.monitoring.selectors import AsOf, progress_latest
from qiangshi.plan.reporting.obligations import timeliness_table
from qiangshi.plan.tables import observation_table

FIGURE_SCHEMA = {"code": pl.String, "region": pl.String, "value": pl.Float64, "yoy": pl.Float64,
                 "year": pl.Int32, "month": pl.Int32}
COMPLETION_SCHEMA = {"code": pl.String, "region": pl.String, "completion": pl.Float64}
TIMELINESS_SCHEMA = {"region": pl.String, "completeness": pl.Float64, "timeliness": pl.Float64}


def region_figures(plan: Plan, codes: list[str], *, year: int, month: int) -> pl.DataFrame:
    """code, region, value, yoy (同比 %, null when the year before has no figure), and the
    period of the figure: per indicator and region the latest counted figure at or before
    `month` of `year` (a year's figure counts as its December and wins over 1–12月)."""
    figures = observation_table(plan).filter(pl.col("code").is_in(codes))
    if figures.is_empty():
        return pl.DataFrame(schema=FIGURE_SCHEMA)
    growth = engine.yoy_growth(figures).select("code", "region", "year", "month", "period_type", "yoy_growth")
    until = pl.col("year") * 12 + pl.col("month") <= year * 12 + month
    return (
        figures.filter(until)
        .join(growth, on=["code", "region", "year", "month", "period_type"], how="left")
        .sort("code", "region", "year", "month", pl.col("period_type") == "annual")
        .group_by("code", "region", maintain_order=True).last()
        .select("code", "region", "value", pl.col("yoy_growth").alias("yoy"),
                pl.col("year").cast(pl.Int32), pl.col("month").cast(pl.Int32))
    )


def region_completion(plan: Plan, codes: list[str], *, year: int, month: int) -> pl.DataFrame:
    """code, region, completion (%) of each indicator's target in the stored progress run at
    the month (empty when that month's progress has not been computed)."""
    run = progress_latest(plan, AsOf(year, month))
    if run is None:
        return pl.DataFrame(schema=COMPLETION_SCHEMA)
    rows = ProgressResult.objects.filter(run=run, indicator__code__in=codes).values_list(
        "indicator__code", "region__code", "completion")
    return pl.DataFrame(list(rows), orient="row", schema=COMPLETION_SCHEMA).with_columns(
        pl.col("completion") * 100)


def region_statuses(plan: Plan, region_code: str, *, year: int, month: int) -> list[tuple]:
    """(status, Chinese label, count) of the region's targets in the stored progress run at the
    month, worst first, leaving out statuses no target has; empty when it is not computed."""
    run = progress_latest(plan, AsOf(year, month))
    if run is None:
        return []
    counts = dict(ProgressResult.objects.filter(run=run, region__code=region_code)
                  .order_by().values_list("status").annotate(n=Count("pk")))
    return [(status, engine.STATUS_LABELS[status], counts[status])
            for status in engine.STATUS_ORDER if counts.get(status)]


def region_timeliness(plan: Plan, region_codes: list[str], *, today: datetime.date) -> pl.DataFrame:
    """region, completeness and timeliness (%) of the reports owed by each region's government
    or zone committee by `today`; a region whose unit owes nothing yet has nulls."""
    units = list(Unit.objects.filter(
        region__code__in=region_codes, kind__in=[Unit.Kind.GOVERNMENT, Unit.Kind.ZONE_ADMIN]
    ).select_related("region"))
    if not units:
        return pl.DataFrame(schema=TIMELINESS_SCHEMA)
    region_of = pl.DataFrame({"unit": [u.code for u in units], "region": [u.region.code for u in units]})
    rates = timeliness_table(plan, units, today=today)
    return region_of.join(rates, on="unit", how="left").group_by("region", maintain_order=True).agg(
        (pl.col("completeness").mean() * 100).alias("completeness"),
        (pl.col("timeliness").mean() * 100).alias("timeliness"),
    ).cast(TIMELINESS_SCHEMA)
