"""Target monitoring: load the plan's indicators and figures into tables, call the progress
engine, and keep the result with the method version and a hash of its inputs."""

import hashlib
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.db.models import Max

from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import Region
from qiangshi.engine import progress as engine
from qiangshi.plan.models import Indicator, Observation, Plan, ProgressResult, ProgressRun

# Columns kept as database columns; the engine's other outputs go into `detail`.
STORED = ("status", "latest_value", "latest_year", "latest_month", "completion", "time_progress",
          "projected_value", "required_growth", "observed_growth", "score", "milestone_value",
          "method", "explanation")
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
        pl.when(pl.col("compare_to") == "").then(None).otherwise("compare_to").alias("compare_to"),
    )


def observation_table(plan: Plan) -> pl.DataFrame:
    rows = Observation.objects.filter(indicator__plan=plan).values_list(
        "pk", "indicator__code", "region__code", "year", "month", "period_type", "value")
    return pl.DataFrame(list(rows), orient="row", schema={
        "observation_id": pl.Int64, "code": pl.String, "region": pl.String, "year": pl.Int32,
        "month": pl.Int32, "period_type": pl.String, "value": pl.Float64,
    })


def latest_as_of(plan: Plan) -> AsOf | None:
    """The most recent month that any figure of the plan covers."""
    found = Observation.objects.filter(indicator__plan=plan).aggregate(year=Max("year"))
    if found["year"] is None:
        return None
    month = Observation.objects.filter(indicator__plan=plan, year=found["year"]).aggregate(
        month=Max("month"))["month"]
    return AsOf(found["year"], month)


def _input_hash(indicators: pl.DataFrame, observations: pl.DataFrame, as_of: AsOf) -> str:
    digest = hashlib.sha256(f"{engine.METHOD_VERSION}|{as_of.year}-{as_of.month}|".encode())
    digest.update(indicators.drop("pk").sort("code").write_csv().encode())
    digest.update(observations.drop("observation_id").sort(
        "code", "region", "year", "month", "period_type").write_csv().encode())
    return digest.hexdigest()


def progress_compute(plan: Plan, as_of: AsOf) -> ProgressRun:
    """The progress of every indicator and region at `as_of`; an identical earlier run
    (same method version, same inputs) is reused rather than recomputed."""
    indicators = indicator_table(plan)
    observations = observation_table(plan).filter(
        (pl.col("year") < as_of.year)
        | ((pl.col("year") == as_of.year) & (pl.col("month") <= as_of.month))
    )
    input_hash = _input_hash(indicators, observations, as_of)
    existing = ProgressRun.objects.filter(
        plan=plan, as_of_year=as_of.year, as_of_month=as_of.month,
        method_version=engine.METHOD_VERSION, input_hash=input_hash,
    ).first()
    if existing is not None:
        return existing
    result = engine.progress(
        indicators.drop("pk", "unit"), observations.drop("observation_id"),
        as_of_year=as_of.year, as_of_month=as_of.month,
        period_start=plan.period_start, period_end=plan.period_end,
    )
    return _save(plan, as_of, input_hash, observations.height, indicators, result)


@transaction.atomic
def _save(plan, as_of, input_hash, observation_count, indicators, result) -> ProgressRun:
    run = ProgressRun.objects.create(
        plan=plan, as_of_year=as_of.year, as_of_month=as_of.month,
        method_version=engine.METHOD_VERSION, input_hash=input_hash,
        observation_count=observation_count, computed_by=current_actor().name,
    )
    regions = dict(Region.objects.values_list("code", "pk"))
    indicator_ids = dict(zip(indicators["code"], indicators["pk"], strict=True))
    detail_columns = [c for c in result.columns if c not in (*STORED, "code", "region")]
    ProgressResult.objects.bulk_create([
        ProgressResult(
            run=run, indicator_id=indicator_ids[row["code"]], region_id=regions[row["region"]],
            latest_period_type=row["latest_period_type"] or "",
            detail={name: row[name] for name in detail_columns},
            **{name: row[name] for name in STORED},
        )
        for row in result.iter_rows(named=True)
    ], batch_size=1000)
    return run


def period_label(year, month, period_type) -> str | None:
    if year is None:
        return None
    if period_type == "annual":
        return f"{year}年"
    return f"{year}年1月" if month == 1 else f"{year}年1-{month}月"


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
