"""Target monitoring: load the plan's indicators and figures into tables, call the progress
engine, and keep the result with the method version and a hash of its inputs."""


import polars as pl
from django.conf import settings
from django.db import transaction

from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import Region
from qiangshi.engine import hashing
from qiangshi.engine import progress as engine
from qiangshi.plan.breakdown.selectors import milestones_with_breakdown, region_targets
from qiangshi.plan.models import Plan, ProgressResult, ProgressRun
from qiangshi.plan.monitoring.selectors import METHOD_VERSION, AsOf, period_label
from qiangshi.plan.tables import FIGURE_TRACE, figure_table, indicator_table

# Columns kept as database columns; the engine's other outputs go into `detail`.
STORED = ("status", "latest_value", "latest_year", "latest_month", "completion", "time_progress",
          "projected_value", "required_growth", "observed_growth", "score", "milestone_value",
          "method", "explanation", "latest_observation_id")


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
    own_targets, yearly = region_targets(plan, indicators)
    milestones = milestones_with_breakdown(plan, yearly)
    # Database keys are left out: the same figures re-imported under new keys are the same input.
    # Every figure is hashed with its source, rank and whether it counts, so a change of
    # precedence or of an approval is a new input.
    input_hash = hashing.input_hash(
        indicators.drop("pk"), milestones, own_targets, observations.drop("observation_id"),
        method=METHOD_VERSION, parameters={"as_of": [as_of.year, as_of.month],
                                           "direction_method": settings.QIANGSHI_DIRECTION_METHOD})
    existing = ProgressRun.objects.filter(
        plan=plan, as_of_year=as_of.year, as_of_month=as_of.month,
        method_version=METHOD_VERSION, input_hash=input_hash,
    ).first()
    if existing is not None:
        if existing.data_version != plan.data_version:
            ProgressRun.objects.filter(pk=existing.pk).update(data_version=plan.data_version)
            existing.data_version = plan.data_version
        return existing
    observations = observations.filter("counted")
    result = engine.plan_progress(
        indicators.drop("pk", "unit"), observations.drop(FIGURE_TRACE),
        as_of_year=as_of.year, as_of_month=as_of.month,
        period_start=plan.period_start, period_end=plan.period_end,
        milestones=milestones, reference_region=plan.region.code,
        region_names=dict(Region.objects.values_list("code", "short_name")),
        direction_method=settings.QIANGSHI_DIRECTION_METHOD, region_targets=own_targets,
    )
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
            "completion_basis": r.detail.get("completion_basis"),
            "progress_from_base": r.detail.get("progress_from_base"),
            "time_progress": r.time_progress,
            "projected_value": r.projected_value,
            "required_growth": r.required_growth,
            "observed_growth": r.observed_growth,
            "ratio": r.detail.get("ratio"),
            "expected_ratio": r.detail.get("expected_ratio"),
            "tolerance": r.detail.get("tolerance"),
            "score": r.score,
            "method": r.method,
            "explanation": r.explanation,
            "method_version": run.method_version,
            "computed_at": run.computed_at.isoformat(),
        }
        for r in results
    ]
