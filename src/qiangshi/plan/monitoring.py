"""Target monitoring: load the plan's indicators and figures into tables, call the progress
engine, and keep the result with the method version and a hash of its inputs."""

from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.db.models import Max

from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import Region
from qiangshi.engine import hashing
from qiangshi.engine import progress as engine
from qiangshi.engine.indexing import growth_to_index
from qiangshi.engine.periods import Period
from qiangshi.plan.models import (
    Indicator,
    Milestone,
    Observation,
    Plan,
    ProgressResult,
    ProgressRun,
)

# The engine's method plus this service's preparation of its inputs (growth-rate indexing).
METHOD_VERSION = f"{engine.METHOD_VERSION}+growth-index-1+zones-1"
# Columns kept as database columns; the engine's other outputs go into `detail`.
STORED = ("status", "latest_value", "latest_year", "latest_month", "completion", "time_progress",
          "projected_value", "required_growth", "observed_growth", "score", "milestone_value",
          "method", "explanation", "latest_observation_id")
# Money amounts and yearly counts add up month by month; stocks, shares and rates do not,
# so their year-to-date value is already the estimate for the year.
FLOW_KINDS = {"annual_flow", "cumulative"}


@dataclass(frozen=True)
class AsOf:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def indicator_table(plan: Plan) -> pl.DataFrame:
    rows = Indicator.objects.filter(plan=plan).values(
        "pk", "code", "kind", "comparator", "target_value", "target_value_high", "target_year",
        "base_value", "base_year", "tolerance", "lower_limit", "upper_limit", "compare_to", "unit",
    )
    frame = pl.DataFrame(list(rows), schema={
        "pk": pl.Int64, "code": pl.String, "kind": pl.String, "comparator": pl.String,
        "target_value": pl.Float64, "target_value_high": pl.Float64, "target_year": pl.Int32,
        "base_value": pl.Float64, "base_year": pl.Int32, "tolerance": pl.Float64,
        "lower_limit": pl.Float64, "upper_limit": pl.Float64, "compare_to": pl.String,
        "unit": pl.String,
    })
    return frame.with_columns(
        (pl.col("kind").is_in(FLOW_KINDS)
         | ((pl.col("kind") == "level") & pl.col("unit").str.ends_with("元"))).alias("flow"),
        # "高于全市平均水平": the same indicator for the whole city, unless compare_to names
        # another indicator of the plan.
        pl.when(pl.col("compare_to").is_in(frame["code"].implode()))
        .then("compare_to").otherwise("code").alias("compare_to"),
    )


def observation_table(plan: Plan) -> pl.DataFrame:
    """The plan's figures as the engine reads them: code, region, year, month, period_type,
    value (`figure_table` adds each figure's id and source kind, for tracing)."""
    return figure_table(plan).drop(FIGURE_TRACE)


FIGURE_TRACE = ["observation_id", "source_kind"]


def figure_table(plan: Plan) -> pl.DataFrame:
    rows = Observation.objects.filter(indicator__plan=plan).values_list(
        "pk", "source_kind", "indicator__code", "region__code", "year", "month", "period_type",
        "value")
    return pl.DataFrame(list(rows), orient="row", schema={
        "observation_id": pl.Int64, "source_kind": pl.String, "code": pl.String,
        "region": pl.String, "year": pl.Int32, "month": pl.Int32, "period_type": pl.String,
        "value": pl.Float64,
    })


def engine_observations(plan: Plan, indicators: pl.DataFrame,
                        observations: pl.DataFrame) -> pl.DataFrame:
    """Figures as the engine measures them: the yearly growth rates reported for
    年均增幅 targets are chain-linked into a level index from the base year."""
    growth = indicators.filter(pl.col("kind") == "avg_growth").with_columns(
        pl.col("base_year").fill_null(plan.period_start - 1))
    if growth.is_empty():
        return observations
    parts = [observations.filter(~pl.col("code").is_in(growth["code"].implode()))]
    for (base_year,), codes in growth.group_by("base_year"):
        parts.append(growth_to_index(
            observations.filter(pl.col("code").is_in(codes["code"].implode())),
            base_year=base_year))
    return pl.concat(parts)


def milestone_table(plan: Plan) -> pl.DataFrame:
    rows = Milestone.objects.filter(plan_code=plan.code).values_list(
        "indicator_code", "region__code", "year", "value")
    return pl.DataFrame(list(rows), orient="row", schema={
        "code": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64})


def latest_as_of(plan: Plan) -> AsOf | None:
    """The most recent month that any figure of the plan covers."""
    found = Observation.objects.filter(indicator__plan=plan).aggregate(year=Max("year"))
    if found["year"] is None:
        return None
    month = Observation.objects.filter(indicator__plan=plan, year=found["year"]).aggregate(
        month=Max("month"))["month"]
    return AsOf(found["year"], month)


def progress_for(plan: Plan, as_of: AsOf) -> ProgressRun:
    """The stored run for the plan's current figures, computed only when the figures changed."""
    plan.refresh_from_db(fields=["data_version"])
    run = ProgressRun.objects.filter(
        plan=plan, as_of_year=as_of.year, as_of_month=as_of.month,
        method_version=METHOD_VERSION, data_version=plan.data_version,
    ).first()
    return run or progress_compute(plan, as_of)


def progress_compute(plan: Plan, as_of: AsOf) -> ProgressRun:
    """The progress of every indicator and region at `as_of`; an identical earlier run
    (same method version, same inputs) is reused rather than recomputed."""
    plan.refresh_from_db(fields=["data_version"])
    indicators = indicator_table(plan)
    observations = figure_table(plan).filter(
        (pl.col("year") < as_of.year)
        | ((pl.col("year") == as_of.year) & (pl.col("month") <= as_of.month))
    )
    milestones = milestone_table(plan)
    # Database keys are left out: the same figures re-imported under new keys are the same input.
    input_hash = hashing.input_hash(
        indicators.drop("pk"), milestones, observations.drop("observation_id"),
        method=METHOD_VERSION, parameters={"as_of": [as_of.year, as_of.month]})
    existing = ProgressRun.objects.filter(
        plan=plan, as_of_year=as_of.year, as_of_month=as_of.month,
        method_version=METHOD_VERSION, input_hash=input_hash,
    ).first()
    if existing is not None:
        if existing.data_version != plan.data_version:
            ProgressRun.objects.filter(pk=existing.pk).update(data_version=plan.data_version)
            existing.data_version = plan.data_version
        return existing
    raw = observations.drop(FIGURE_TRACE)
    result = engine.progress(
        indicators.drop("pk", "unit"), engine_observations(plan, indicators, raw),
        as_of_year=as_of.year, as_of_month=as_of.month,
        period_start=plan.period_start, period_end=plan.period_end,
        milestones=milestones, reference_region=plan.region.code,
    )
    result = _rates_shown(result, raw, indicators)
    result = _differentials_summarised(result, indicators, plan.region.code)
    result = _traced(result, observations)
    return _save(plan, as_of, input_hash, observations.height, indicators, result)


def _traced(result: pl.DataFrame, observations: pl.DataFrame) -> pl.DataFrame:
    """Each result names the figure its latest value came from, and that figure's source kind."""
    latest = observations.select(
        "code", "region", pl.col("year").alias("latest_year"),
        pl.col("month").alias("latest_month"), pl.col("period_type").alias("latest_period_type"),
        pl.col("observation_id").alias("latest_observation_id"),
        pl.col("source_kind").alias("latest_source_kind"))
    return result.join(latest, on=["code", "region", "latest_year", "latest_month",
                                   "latest_period_type"], how="left")


def _rates_shown(result: pl.DataFrame, raw: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """年均增幅 rows show the latest published rate, not the index the engine worked on."""
    codes = indicators.filter(pl.col("kind") == "avg_growth")["code"].implode()
    rates = raw.filter(pl.col("code").is_in(codes)).select(
        "code", "region", pl.col("year").alias("latest_year"), pl.col("month").alias("latest_month"),
        pl.col("period_type").alias("latest_period_type"), pl.col("value").alias("_rate"))
    return (
        result.join(rates, on=["code", "region", "latest_year", "latest_month",
                               "latest_period_type"], how="left")
        .with_columns(
            pl.coalesce("_rate", "latest_value").alias("latest_value"),
            pl.when(pl.col("code").is_in(codes)).then(None).otherwise("projected_value")
            .alias("projected_value"),
        )
        .drop("_rate")
    )


def _differentials_summarised(result: pl.DataFrame, indicators: pl.DataFrame,
                              city: str) -> pl.DataFrame:
    """The city row of a "高于全市平均" indicator is the comparison base, so it carries the
    zones' picture instead: the worst zone's status and every zone's gap."""
    codes = indicators.filter(pl.col("kind") == "differential")["code"].implode()
    zones = result.filter(pl.col("code").is_in(codes) & (pl.col("region") != city)
                          & (pl.col("status") != "insufficient"))
    if zones.is_empty():
        return result
    names = dict(Region.objects.values_list("code", "short_name"))
    severity = {status: rank for rank, status in enumerate(
        ["regressing", "lagging", "accelerate", "on_track", "achieved"])}
    summary = (
        zones.with_columns(
            pl.col("status").replace_strict(severity, return_dtype=pl.Int32).alias("_rank"),
            pl.format("{}{}个百分点（{}）",
                      pl.col("region").replace_strict(names, default=pl.col("region")),
                      pl.when(pl.col("current_value") >= pl.col("compare_value"))
                      .then(pl.lit("+")).otherwise(pl.lit("")) +
                      (pl.col("current_value") - pl.col("compare_value")).round(1).cast(pl.String),
                      pl.col("status_label")).alias("_part"),
        )
        .sort("_rank")
        .group_by("code", maintain_order=True)
        .agg(pl.col("status").first().alias("_status"),
             pl.col("status_label").first().alias("_label"),
             pl.col("_part").str.join("；").alias("_parts"))
        .with_columns(pl.lit(city).alias("region"))
    )
    return (
        result.join(summary, on=["code", "region"], how="left")
        .with_columns(
            pl.coalesce("_status", "status").alias("status"),
            pl.coalesce("_label", "status_label").alias("status_label"),
            pl.when(pl.col("_parts").is_not_null())
            .then(pl.format("各开发区较全市：{}", "_parts")).otherwise("explanation")
            .alias("explanation"),
            pl.when(pl.col("_parts").is_not_null()).then(pl.lit("differential_zones"))
            .otherwise("method").alias("method"),
        )
        .drop("_status", "_label", "_parts")
    )


@transaction.atomic
def _save(plan, as_of, input_hash, observation_count, indicators, result) -> ProgressRun:
    run = ProgressRun.objects.create(
        plan=plan, as_of_year=as_of.year, as_of_month=as_of.month,
        method_version=METHOD_VERSION, input_hash=input_hash,
        observation_count=observation_count, computed_by=current_actor().name,
        data_version=plan.data_version,
    )
    regions = dict(Region.objects.values_list("code", "pk"))
    indicator_ids = dict(zip(indicators["code"], indicators["pk"], strict=True))
    detail_columns = [c for c in result.columns if c not in (*STORED, "code", "region")]
    ProgressResult.objects.bulk_create([
        ProgressResult(
            run=run, indicator_id=indicator_ids[row["code"]], region_id=regions[row["region"]],
            latest_period_type=row["latest_period_type"] or "",
            latest_source_kind=row["latest_source_kind"] or "",
            detail={name: row[name] for name in detail_columns},
            **{name: row[name] for name in STORED},
        )
        for row in result.iter_rows(named=True)
    ], batch_size=1000)
    return run


def period_label(year, month, period_type) -> str | None:
    return None if year is None else Period(year, month, period_type).label


def progress_rows(run: ProgressRun, *, region_code: str) -> list[dict]:
    """The run's results for one region, in the fields of `qiangshi progress --json`."""
    results = run.results.filter(region__code=region_code).select_related("indicator")
    return [
        {
            "code": r.indicator.code,
            "name": r.indicator.name,
            "status": r.status,
            "status_label": engine.STATUS_LABELS[r.status],
            "latest_value": r.latest_value,
            "latest_period": period_label(r.latest_year, r.latest_month, r.latest_period_type),
            "target_value": r.indicator.target_value,
            "completion": r.completion,
            "time_progress": r.time_progress,
            "projected_value": r.projected_value,
            "required_growth": r.required_growth,
            "observed_growth": r.observed_growth,
            "score": r.score,
            "method_version": run.method_version,
            "computed_at": run.computed_at.isoformat(),
        }
        for r in results
    ]
