"""``progress()``: the steps of the method in order, from inputs to one row per series."""

from __future__ import annotations

import polars as pl

from . import derived, kinds, outputs, wording
from .columns import Clock
from .constants import DEFAULT_DIRECTION_METHOD, KEYS, OUTPUT_COLUMNS, REFERENCE_REGION, STATUS_LABELS
from .inputs import indicators_clean, observations_clean
from .milestones import milestone_rows, target_level
from .series import period_features, reference_features, series_table


def progress(
    indicators: pl.DataFrame,
    observations: pl.DataFrame,
    *,
    as_of_year: int,
    as_of_month: int,
    period_start: int,
    period_end: int,
    milestones: pl.DataFrame | None = None,
    reference_region: str = REFERENCE_REGION,
    direction_method: str = DEFAULT_DIRECTION_METHOD,
    region_targets: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Status of every (indicator, region) series at (as_of_year, as_of_month).

    Only observations on or before as_of count. Indicators are the plan's
    (code, kind, comparator, target_value, target_value_high, target_year, base_value,
    base_year, tolerance, lower_limit, upper_limit, compare_to, flow); observations are
    (code, region, year, month, period_type "annual"/"ytd", value). ``milestones``
    overrides this year's milestone (code, year, value[, region]).

    Returns one row per (code, region) with the columns in ``OUTPUT_COLUMNS``; see
    docs/progress-method.md for each kind's rule. Trend kinds (level, share, change)
    follow the Open SDG progress measure (ratio, score, status) and the UNSD Progress
    Chart (projected_value, expected_ratio). Direction targets follow the no-target method
    their indicator's ``direction_method`` column names (a key of ``DIRECTION_METHODS``), or,
    where it is null or absent, the ``direction_method`` argument. ``region_targets`` (code,
    region, target_value) are the districts' and zones' own targets (目标分解); when given, a
    region without one is ``unassigned`` rather than judged against the city's target.
    """
    clock = Clock.at(as_of_year, as_of_month, period_start, period_end, reference_region)
    ind = indicators_clean(indicators, period_start, period_end, direction_method)
    obs = observations_clean(observations, as_of_year * 12 + as_of_month)
    series, capped = series_table(ind, obs, reference_region, region_targets)
    series = period_features(series, capped, period_start, period_end)
    series = reference_features(series, capped, obs, reference_region)
    series = series.with_columns(target_level().alias("target_level"))

    series = derived.with_current_value(series, clock)
    series = derived.with_growth(series)
    series = derived.with_flow_ratio(series, clock)
    series = derived.with_direction_change(series)
    series = kinds.with_status(series, clock)
    series = series.with_columns(
        pl.when("_unassigned").then(pl.lit("unassigned")).otherwise("status").alias("status"),
        pl.when("_unassigned").then(pl.lit("region_no_target")).otherwise("method")
        .alias("method"),
    )
    series = outputs.with_outputs(series, clock)

    # milestone of the as_of year
    path = milestone_rows(series, period_start, period_end, milestones).filter(pl.col("year") == as_of_year)
    series = series.join(
        path.select(*KEYS, pl.col("value").alias("milestone_value")), on=KEYS, how="left"
    )

    series = series.with_columns(
        pl.col("status").replace_strict(STATUS_LABELS, return_dtype=pl.String).alias("status_label")
    )
    series = series.with_columns(wording.explanation(clock).alias("explanation"))
    # A number is finite or absent: a ratio to a zero target or base is not a figure to show
    # (nor valid JSON to store).
    finite = [pl.when(pl.col(name).is_finite()).then(pl.col(name)).alias(name)
              for name in OUTPUT_COLUMNS if series.schema[name] == pl.Float64]
    return series.with_columns(finite).select(OUTPUT_COLUMNS).sort(KEYS)
