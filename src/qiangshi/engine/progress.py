"""目标进度: progress of an action plan's indicators towards their targets.

Pure functions over polars tables; no Django, no I/O, no Python loops over rows.
The method in words, with the formulas, thresholds and edge cases, is in
``docs/progress-method.md``. Two published methods are implemented for the
trend kinds (level / share / change):

* **UNSD Progress Chart** (UN Statistics Division, *Progress Chart Technical Note
  2023*, as implemented on the EUSTAT Open-SDG site, ``EUSTAT-DES/site``
  ``_pages/en/metodologia.md``): the value expected in the target year at the
  observed compound annual growth rate (CAGR), ``v_T^e = v_t·(1+CAGR_a)^(T−t)``,
  and ``R = (v_T^e − v_b)/(v_T − v_b)`` — columns ``projected_value`` and
  ``expected_ratio``. Its documented exceptions are followed: a target already met
  counts as achieved whatever the trend; a target of 0 or 100 with the latest value
  within 1 point counts as met; no base-year value → the nearest year that still
  gives two points; a passed target year → evaluate up to the target year.
* **Open SDG progress measure** (Statistics Canada / Open SDG,
  ``open-sdg/sdg-build`` ``sdg/ProgressMeasure.py``, method 2): ``R =
  sign·direction·CAGR_o/|CAGR_r|`` with thresholds 0.95 / 0.60 / 0 and the score
  ``7.1429·R − 4.2857`` (R ≥ 0.60) or ``4.1667·R − 2.5`` clipped to [−5, 5] —
  columns ``ratio``, ``score`` and the status. Its edge cases are followed: base 0
  → 0.001, target 0 → 0.001, a sign change between base and latest → no result,
  fewer than two points → no result, target reached → score 5.

The other kinds (annual_flow, cumulative, avg_growth, differential, rank,
direction, qualitative) use the plan-specific rules documented at their
thresholds below.
"""

from __future__ import annotations

import polars as pl

METHOD_VERSION = "progress-1"

STATUS_LABELS: dict[str, str] = {
    "achieved": "已完成",
    "on_track": "进度正常",
    "accelerate": "需加快",
    "lagging": "滞后",
    "regressing": "倒退",
    "insufficient": "数据不足",
}

# --- thresholds (configurable module constants) -----------------------------------------
#: Open SDG method 2 thresholds on R (sdg-build ``get_progress_thresholds``).
OPEN_SDG_HIGH = 0.95
OPEN_SDG_MED = 0.60
OPEN_SDG_LOW = 0.0
#: Open SDG: a base or target of exactly 0 is replaced by this before growth rates.
ZERO_SUBSTITUTE = 0.001
#: UNSD: a target of 0 or 100 (a natural limit) is met when the value is this close.
NATURAL_LIMIT_BAND = 1.0
#: annual_flow: (projected or latest complete) value / target.
ANNUAL_FLOW_ON_TRACK = 1.0
ANNUAL_FLOW_ACCELERATE = 0.9
ANNUAL_FLOW_LAGGING = 0.6
#: cumulative: completion ≥ this × time_progress → accelerate (below it: lagging).
CUMULATIVE_ACCELERATE = 0.8
#: avg_growth: realised growth ≥ this × target growth → accelerate.
AVG_GROWTH_ACCELERATE = 0.8
#: Relative tolerance when ``tolerance`` is null: approx 左右, stable 基本稳定.
DEFAULT_APPROX_TOLERANCE = 0.05
DEFAULT_STABLE_TOLERANCE = 0.01
#: direction kind, increase/decrease: a relative change within this band is "no change"
#: (the UNSD no-target table's 0.5 % stagnation threshold).
DEFAULT_DIRECTION_TOLERANCE = 0.005
#: Region whose series a differential indicator is compared with (全市).
REFERENCE_REGION = "370100"

TREND_KINDS = ("level", "share", "change")
_GROWTH_KINDS = (*TREND_KINDS, "avg_growth")
_KEYS = ["code", "region"]

_INDICATOR_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "kind": pl.String(),
    "comparator": pl.String(),
    "target_value": pl.Float64(),
    "target_value_high": pl.Float64(),
    "target_year": pl.Int32(),
    "base_value": pl.Float64(),
    "base_year": pl.Int32(),
    "tolerance": pl.Float64(),
    "lower_limit": pl.Float64(),
    "upper_limit": pl.Float64(),
    "compare_to": pl.String(),
    "flow": pl.Boolean(),
}

OUTPUT_COLUMNS = [
    "code",
    "region",
    "kind",
    "comparator",
    "status",
    "status_label",
    "latest_value",
    "latest_year",
    "latest_month",
    "latest_period_type",
    "target_value",
    "target_level",
    "target_year",
    "base_value",
    "base_year",
    "current_value",
    "compare_value",
    "completion",
    "time_progress",
    "projected_value",
    "required_growth",
    "observed_growth",
    "ratio",
    "expected_ratio",
    "score",
    "milestone_value",
    "method",
    "explanation",
]


# --- input cleaning ------------------------------------------------------------------------


def _observations_clean(observations: pl.DataFrame, as_of_key: int | None = None) -> pl.DataFrame:
    """Typed, as_of-filtered observations, one per (code, region, year, month).

    An annual value is a December value; where an annual value and a December
    year-to-date value exist for the same year, the annual value wins. Observations
    are otherwise unique per (code, region, year, month, period_type), the natural key
    the database keeps. Row order is not meaningful.
    """
    obs = observations.select(
        pl.col("code").cast(pl.String),
        pl.col("region").cast(pl.String),
        pl.col("year").cast(pl.Int32),
        pl.when(pl.col("period_type") == "annual")
        .then(pl.lit(12))
        .otherwise(pl.col("month"))
        .cast(pl.Int32)
        .alias("month"),
        pl.col("period_type").cast(pl.String),
        pl.col("value").cast(pl.Float64),
    ).filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
    obs = obs.with_columns((pl.col("year") * 12 + pl.col("month")).alias("_key"))
    if as_of_key is not None:
        obs = obs.filter(pl.col("_key") <= as_of_key)
    december = obs.filter(pl.col("month") == 12)
    if december.height:
        ytd_december = december.filter(pl.col("period_type") != "annual")
        annual = december.filter(pl.col("period_type") == "annual")
        december = pl.concat([annual, ytd_december.join(annual, on=[*_KEYS, "year"], how="anti")])
    return pl.concat([obs.filter(pl.col("month") != 12), december])


def _indicators_clean(indicators: pl.DataFrame, period_start: int, period_end: int) -> pl.DataFrame:
    missing = [
        pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in _INDICATOR_SCHEMA.items()
        if name not in indicators.columns
    ]
    ind = indicators.with_columns(missing).select(
        [pl.col(name).cast(dtype) for name, dtype in _INDICATOR_SCHEMA.items()]
    )
    kind, cmp = pl.col("kind"), pl.col("comparator")
    return ind.unique(subset="code", keep="first", maintain_order=True).with_columns(
        pl.col("flow").fill_null(False),
        pl.col("target_year").fill_null(period_end),
        pl.coalesce("base_year", pl.lit(period_start - 1, dtype=pl.Int32)).alias("_base_year_req"),
        pl.coalesce(
            "tolerance",
            pl.when(cmp == "stable")
            .then(DEFAULT_STABLE_TOLERANCE)
            .when(kind == "direction")
            .then(DEFAULT_DIRECTION_TOLERANCE)
            .when(cmp == "approx")
            .then(DEFAULT_APPROX_TOLERANCE)
            .otherwise(0.0),
        ).alias("_tol"),
        # evaluate up to the target year (UNSD) for the growth kinds, else up to period end
        pl.when(kind.is_in(_GROWTH_KINDS))
        .then(pl.col("target_year").fill_null(period_end))
        .otherwise(pl.lit(period_end))
        .cast(pl.Int32)
        .alias("_cap_year"),
        # +1 higher is better, −1 lower is better, 0: decided by base → target (approx, stable)
        pl.when(cmp.is_in(["gte", "increase", "achieve"]))
        .then(1)
        .when(cmp.is_in(["lte", "decrease"]))
        .then(-1)
        .otherwise(0)
        .cast(pl.Int8)
        .alias("_dir"),
    )


# --- within-year projection and 同比 --------------------------------------------------------


def _shares(obs: pl.DataFrame, ytd: pl.DataFrame | None = None) -> pl.DataFrame:
    """Year-to-date rows (of ``ytd``, default all of ``obs``) with their share of the same
    year's complete value in ``obs`` (null if none).

    The complete value is the annual value, else the December year-to-date value; only
    positive, finite shares of a positive annual value are kept.
    """
    complete = obs.filter(pl.col("month") == 12).select(
        *_KEYS, "year", pl.col("value").alias("_annual")
    )
    share = pl.col("value") / pl.col("_annual")
    return (
        (obs if ytd is None else ytd)
        .filter(pl.col("period_type") == "ytd")
        .join(complete, on=[*_KEYS, "year"], how="left")
        .with_columns(
            pl.when((pl.col("_annual") > 0) & (share > 0) & share.is_finite())
            .then(share)
            .alias("_share")
        )
        .drop("_annual")
    )


def _projected(seasonal_share: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Projected annual value and method from a mean seasonal share (null → linear)."""
    seasonal = seasonal_share.is_not_null()
    value = (
        pl.when(seasonal)
        .then(pl.col("value") / seasonal_share)
        .otherwise(pl.col("value") * 12.0 / pl.col("month"))
    )
    method = pl.when(seasonal).then(pl.lit("seasonal")).otherwise(pl.lit("linear"))
    return value, method


def _project(obs: pl.DataFrame) -> pl.DataFrame:
    """Seasonal projection of every year-to-date row (see :func:`project_annual`)."""
    ytd = _shares(obs).sort([*_KEYS, "month", "year"])
    share = pl.col("_share").fill_null(0.0)
    has = pl.col("_share").is_not_null().cast(pl.Int32)
    group = [*_KEYS, "month"]
    ytd = ytd.with_columns(
        (share.cum_sum().over(group) - share).alias("_prev_sum"),
        (has.cum_sum().over(group) - has).alias("seasonal_years"),
    ).with_columns(
        pl.when(pl.col("seasonal_years") > 0)
        .then(pl.col("_prev_sum") / pl.col("seasonal_years"))
        .alias("seasonal_share")
    )
    value, method = _projected(pl.col("seasonal_share"))
    return ytd.select(
        *_KEYS,
        "year",
        "month",
        pl.col("value").alias("ytd_value"),
        value.alias("projected_value"),
        method.alias("method"),
        "seasonal_share",
        "seasonal_years",
    ).sort([*_KEYS, "year", "month"])


def _project_latest(capped: pl.DataFrame, latest: pl.DataFrame) -> pl.DataFrame:
    """The same projection, for each series' latest observation only (no full sort)."""
    wanted = latest.filter(pl.col("latest_month") < 12).select(
        *_KEYS, pl.col("latest_month").alias("month"), "latest_year"
    )
    months = capped.join(wanted.select(*_KEYS, "month"), on=[*_KEYS, "month"], how="semi")
    shares = (
        _shares(capped, months)
        .join(wanted, on=[*_KEYS, "month"], how="inner")
        .filter(pl.col("year") < pl.col("latest_year"))
        .group_by(_KEYS)
        .agg(pl.col("_share").mean().alias("_seasonal_share"))
    )
    rows = latest.filter(pl.col("latest_month") < 12).select(
        *_KEYS,
        "latest_year",
        "latest_month",
        pl.col("latest_value").alias("value"),
        pl.col("latest_month").alias("month"),
    )
    value, method = _projected(pl.col("_seasonal_share"))
    return rows.join(shares, on=_KEYS, how="left").select(
        *_KEYS, value.alias("_ytd_projection"), method.alias("_projection_method")
    )


def project_annual(observations: pl.DataFrame) -> pl.DataFrame:
    """Project each year-to-date value of a flow series to its full year.

    ``projected = ytd / mean_y'(ytd_{y',m} / annual_{y'})`` over the earlier years y'
    that have both the year-to-date value at the same month m and the year's annual
    value (an annual observation, else a December year-to-date value); only positive
    shares count. With no such year the fallback is linear: ``ytd·12/month``.

    Returns one row per year-to-date observation: code, region, year, month,
    ytd_value, projected_value, method ("seasonal" or "linear"), seasonal_share
    (the mean share, null for linear) and seasonal_years (how many years it averages).
    Apply it to flow series only (revenue, investment); for shares and rates the
    year-to-date value is itself the estimate.
    """
    return _project(_observations_clean(observations))


def yoy_growth(observations: pl.DataFrame) -> pl.DataFrame:
    """同比 growth in % of each observation against the same period a year earlier.

    The same period is the same month of the previous year (annual and December
    year-to-date values are both the full year; the annual value wins where both
    exist). ``yoy_growth = (value / previous_value − 1)·100``, null when there is no
    previous value or it is not positive (growth from zero or from a loss is undefined).
    Returns code, region, year, month, period_type, value, previous_value, yoy_growth.
    """
    obs = _observations_clean(observations)
    previous = obs.select(
        *_KEYS,
        (pl.col("year") + 1).cast(pl.Int32).alias("year"),
        "month",
        pl.col("value").alias("previous_value"),
    )
    return (
        obs.join(previous, on=[*_KEYS, "year", "month"], how="left")
        .with_columns(
            pl.when(pl.col("previous_value") > 0)
            .then((pl.col("value") / pl.col("previous_value") - 1.0) * 100.0)
            .alias("yoy_growth")
        )
        .select(*_KEYS, "year", "month", "period_type", "value", "previous_value", "yoy_growth")
        .sort([*_KEYS, "year", "month"])
    )


# --- series features ------------------------------------------------------------------------


def _series(
    ind: pl.DataFrame, obs: pl.DataFrame, reference_region: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One row per (code, region) with everything the rules need, and the capped observations.

    Indicators without any observation get one row in ``reference_region``.
    """
    capped = (
        obs.join(ind.select("code", "_cap_year"), on="code", how="inner")
        .filter(pl.col("year") <= pl.col("_cap_year"))
        .drop("_cap_year")
    )
    by_key = pl.col("_key")
    latest = capped.group_by(_KEYS).agg(
        pl.col("year").sort_by(by_key).last().alias("latest_year"),
        pl.col("month").sort_by(by_key).last().alias("latest_month"),
        pl.col("period_type").sort_by(by_key).last().alias("latest_period_type"),
        pl.col("value").sort_by(by_key).last().alias("latest_value"),
        pl.col("value").sort_by(by_key).shift(1).last().alias("_prev_value"),
    )
    # the same period a year before the latest observation (同比 comparison)
    same_period = capped.join(
        latest.select(
            *_KEYS,
            (pl.col("latest_year") - 1).cast(pl.Int32).alias("year"),
            pl.col("latest_month").alias("month"),
        ),
        on=[*_KEYS, "year", "month"],
        how="inner",
    ).select(*_KEYS, pl.col("value").alias("_same_period_prev"))

    complete = capped.filter(pl.col("month") == 12).select(*_KEYS, "year", "value")
    by_year = pl.col("year")
    last_complete = complete.group_by(_KEYS).agg(
        by_year.max().alias("_last_complete_year"),
        pl.col("value").sort_by(by_year).last().alias("_last_complete_value"),
        by_year.sort().shift(1).last().alias("_prev_complete_year"),
        pl.col("value").sort_by(by_year).shift(1).last().alias("_prev_complete_value"),
    )

    series = (
        ind.join(latest, on="code", how="left")
        .with_columns(pl.col("region").fill_null(reference_region))
        .join(same_period, on=_KEYS, how="left")
        .join(last_complete, on=_KEYS, how="left")
        .join(_project_latest(capped, latest), on=_KEYS, how="left")
    )

    # base: the stated value; else the complete year at base_year, else the next one that
    # still leaves a later point (Open SDG), else the nearest earlier one (UNSD).
    year = pl.col("year")
    candidates = (
        series.select(*_KEYS, "_base_year_req", "latest_year")
        .join(complete, on=_KEYS, how="inner")
        .group_by(_KEYS)
        .agg(
            year.filter((year >= pl.col("_base_year_req")) & (year < pl.col("latest_year")))
            .min()
            .alias("_after"),
            year.filter(year < pl.col("_base_year_req")).max().alias("_before"),
            year.filter(year >= pl.col("_base_year_req")).min().alias("_any"),
        )
        .select(*_KEYS, pl.coalesce("_after", "_before", "_any").alias("_obs_base_year"))
    )
    series = (
        series.join(candidates, on=_KEYS, how="left")
        .join(
            complete.rename({"year": "_obs_base_year", "value": "_obs_base_value"}),
            on=[*_KEYS, "_obs_base_year"],
            how="left",
        )
        .with_columns(
            pl.when(pl.col("base_value").is_not_null())
            .then(pl.col("_base_year_req"))
            .otherwise(pl.col("_obs_base_year"))
            .alias("_b"),
            pl.coalesce("base_value", "_obs_base_value").alias("_vb"),
        )
    )
    return series, capped


def _period_features(
    series: pl.DataFrame, capped: pl.DataFrame, period_start: int, period_end: int
) -> pl.DataFrame:
    """Per-series sums and counts over the plan period (cumulative, annual_flow)."""
    wanted = series.filter(pl.col("kind").is_in(["cumulative", "annual_flow"])).select("code")
    per_year = (
        capped.join(wanted, on="code", how="semi")
        .group_by([*_KEYS, "year"])
        .agg(
            pl.col("value").sort_by("month").last().alias("_year_value"),
            (pl.col("month").max() == 12).alias("_year_complete"),
        )
    )
    in_period = per_year.filter(pl.col("year").is_between(period_start, period_end))
    cumulative = in_period.group_by(_KEYS).agg(
        pl.col("_year_value").sum().alias("_cum_sum"),
        pl.len().alias("_cum_years"),
    )
    targets = series.select(*_KEYS, "target_value", "target_year", "_dir", "_tol", "comparator")
    tv = pl.col("target_value")
    met = (
        pl.when(pl.col("_dir") == -1)
        .then(pl.col("_year_value") <= tv)
        .when(pl.col("comparator") == "approx")
        .then(pl.col("_year_value") >= tv * (1.0 - pl.col("_tol")))
        .otherwise(pl.col("_year_value") >= tv)
    )
    flow_years = (
        in_period.filter(pl.col("_year_complete"))
        .join(targets, on=_KEYS, how="inner")
        .filter(pl.col("year") >= pl.col("target_year"))
        .group_by(_KEYS)
        .agg(met.sum().alias("_flow_years_met"))
    )
    return series.join(cumulative, on=_KEYS, how="left").join(flow_years, on=_KEYS, how="left")


def _reference(
    series: pl.DataFrame, capped: pl.DataFrame, obs: pl.DataFrame, reference_region: str
) -> pl.DataFrame:
    """Latest period common to a differential series and its reference series (全市)."""
    pairs = series.filter(pl.col("kind") == "differential").select(
        *_KEYS,
        pl.coalesce("compare_to", "code").alias("_compare_code"),
    )
    reference = obs.filter(pl.col("region") == reference_region).select(
        pl.col("code").alias("_compare_code"),
        "year",
        "month",
        pl.col("value").alias("_ref_value"),
    )
    common = (
        capped.join(pairs, on=_KEYS, how="inner")
        .join(reference, on=["_compare_code", "year", "month"], how="inner")
        .sort([*_KEYS, "_key"])
        .group_by(_KEYS)
        .agg(
            pl.col("year").last().alias("_diff_year"),
            pl.col("month").last().alias("_diff_month"),
            pl.col("value").last().alias("_diff_value"),
            pl.col("_ref_value").last().alias("_diff_ref"),
        )
    )
    return series.join(pairs.select(*_KEYS, "_compare_code"), on=_KEYS, how="left").join(
        common, on=_KEYS, how="left"
    )


# --- milestones ---------------------------------------------------------------------------


def _target_level() -> pl.Expr:
    """Absolute target: change → base·(1+tv/100); avg_growth → base·(1+tv/100)^(T−b)."""
    tv, vb = pl.col("target_value"), pl.col("_vb")
    span = (pl.col("target_year") - pl.col("_b")).cast(pl.Float64)
    return (
        pl.when(pl.col("kind").is_in(["level", "share"]))
        .then(tv)
        .when(pl.col("kind") == "change")
        .then(vb * (1.0 + tv / 100.0))
        .when(pl.col("kind") == "avg_growth")
        .then(vb * (1.0 + tv / 100.0).pow(span))
        .otherwise(None)
        .cast(pl.Float64)
    )


def _path(
    series: pl.DataFrame, period_start: int, period_end: int, overrides: pl.DataFrame | None
) -> pl.DataFrame:
    years = pl.DataFrame(
        {"year": list(range(period_start, period_end + 1))}, schema={"year": pl.Int32}
    )
    y = pl.col("year").cast(pl.Float64)
    b = pl.col("_b").cast(pl.Float64)
    vb, vt, tv = pl.col("_vb"), pl.col("target_level"), pl.col("target_value")
    span = pl.col("target_year").cast(pl.Float64) - b
    frac = ((y - b) / span).clip(0.0, 1.0)
    kind = pl.col("kind")
    value = (
        pl.when(kind.is_in(TREND_KINDS) & (span > 0) & (vb > 0) & (vt > 0))
        .then(vb * (vt / vb).pow(frac))
        .when(kind.is_in(TREND_KINDS) & (span > 0))
        .then(vb + (vt - vb) * frac)
        .when(kind.is_in(TREND_KINDS))
        .then(vt)
        .when(kind == "avg_growth")
        .then(vb * (1.0 + tv / 100.0).pow((y - b).clip(lower_bound=0.0)))
        .when(kind == "cumulative")
        .then(tv * (y - period_start + 1) / (period_end - period_start + 1))
        .when((kind == "annual_flow") & (pl.col("year") >= pl.col("target_year")))
        .then(tv)
        .otherwise(None)
    )
    path = (
        series.select(*_KEYS, "kind", "_b", "_vb", "target_value", "target_year", "target_level")
        .join(years, how="cross")
        .select(*_KEYS, "year", value.alias("value"))
        .filter(pl.col("value").is_not_null())
        .with_columns(pl.lit("path").alias("source"))
    )
    if overrides is not None and overrides.height:
        on = [*_KEYS, "year"] if "region" in overrides.columns else ["code", "year"]
        ov = overrides.select(
            *[pl.col(c).cast(pl.String) for c in on if c != "year"],
            pl.col("year").cast(pl.Int32),
            pl.col("value").cast(pl.Float64).alias("_override"),
        ).filter(pl.col("year").is_between(period_start, period_end))
        if "region" not in overrides.columns:
            ov = ov.join(series.select(_KEYS), on="code", how="inner")
        path = (
            path.join(ov, on=[*_KEYS, "year"], how="full", coalesce=True)
            .with_columns(
                pl.coalesce("_override", "value").alias("value"),
                pl.when(pl.col("_override").is_not_null())
                .then(pl.lit("override"))
                .otherwise(pl.lit("path"))
                .alias("source"),
            )
            .drop("_override")
        )
    return path.select(*_KEYS, "year", "value", "source").sort([*_KEYS, "year"])


def milestone_path(
    indicators: pl.DataFrame,
    observations: pl.DataFrame,
    *,
    period_start: int,
    period_end: int,
    overrides: pl.DataFrame | None = None,
    reference_region: str = REFERENCE_REGION,
) -> pl.DataFrame:
    """Yearly milestones (年度目标) for each year period_start..period_end.

    * level / share / change: geometric path from the base to the (absolute) target,
      ``v_b·(v_T/v_b)^((y−b)/(T−b))`` — linear ``v_b + (v_T−v_b)·(y−b)/(T−b)`` when the
      base or target is not positive; the target from the target year on;
    * avg_growth: ``v_b·(1+g/100)^(y−b)``;
    * cumulative: linear, ``target·(y−period_start+1)/(period_end−period_start+1)``;
    * annual_flow: the target itself, from its target_year (the first year it applies);
    * other kinds have no milestones.

    The base is resolved as in :func:`progress` (stated base_value, else the complete
    year at base_year, defaulting to period_start − 1, else the next complete year
    before the latest one, else the nearest earlier). ``overrides`` (code, year, value,
    optionally region) replace path values and add years the path lacks.

    Returns code, region, year, value, source ("path" or "override").
    """
    ind = _indicators_clean(indicators, period_start, period_end)
    obs = _observations_clean(observations)
    series, _ = _series(ind, obs, reference_region)
    series = series.with_columns(_target_level().alias("target_level"))
    return _path(series, period_start, period_end, overrides)


# --- rules ----------------------------------------------------------------------------------


def _chain(
    rules: list[tuple[pl.Expr, str, str]], default: tuple[str, str]
) -> tuple[pl.Expr, pl.Expr]:
    """Fold (condition, status, method) rules into a status and a method expression."""
    status = pl.when(rules[0][0]).then(pl.lit(rules[0][1]))
    method = pl.when(rules[0][0]).then(pl.lit(rules[0][2]))
    for cond, st, me in rules[1:]:
        status = status.when(cond).then(pl.lit(st))
        method = method.when(cond).then(pl.lit(me))
    return status.otherwise(pl.lit(default[0])), method.otherwise(pl.lit(default[1]))


def _num(expr: pl.Expr) -> pl.Expr:
    """A number as text: 1 decimal from 10 up, 2 from 1, else 4 (9850.0, 2.25, 0.8312)."""
    a = expr.abs()
    return (
        pl.when(a >= 10)
        .then(expr.round(1))
        .when(a >= 1)
        .then(expr.round(2))
        .otherwise(expr.round(4))
        .cast(pl.String)
    )


def _pct(expr: pl.Expr) -> pl.Expr:
    return pl.concat_str(expr.round(1).cast(pl.String), pl.lit("%"))


def _period_text(year: str, month: str) -> pl.Expr:
    y, m = pl.col(year).cast(pl.String), pl.col(month)
    return (
        pl.when(m == 12)
        .then(pl.concat_str(y, pl.lit("年")))
        .when(m == 1)
        .then(pl.concat_str(y, pl.lit("年1月")))
        .otherwise(pl.concat_str(y, pl.lit("年1-"), m.cast(pl.String), pl.lit("月")))
    )


def _s(text: str) -> pl.Expr:
    return pl.lit(text)


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
    Chart (projected_value, expected_ratio).
    """
    as_of_key = as_of_year * 12 + as_of_month
    months = 12 * (period_end - period_start + 1)
    elapsed = min(max((as_of_year - period_start) * 12 + as_of_month, 0), months)
    time_progress = elapsed / months
    period_ended = as_of_key >= period_end * 12 + 12

    ind = _indicators_clean(indicators, period_start, period_end)
    obs = _observations_clean(observations, as_of_key)
    series, capped = _series(ind, obs, reference_region)
    series = _period_features(series, capped, period_start, period_end)
    series = _reference(series, capped, obs, reference_region)
    series = series.with_columns(_target_level().alias("target_level"))

    kind, cmp = pl.col("kind"), pl.col("comparator")
    flow = pl.col("flow")
    latest = pl.col("latest_value")
    incomplete = pl.col("latest_month") < 12
    lo, hi = pl.col("lower_limit"), pl.col("upper_limit")

    # current value at the latest year: a flow's year-to-date value is projected to the year
    series = series.with_columns(
        pl.when(
            flow
            & incomplete
            & kind.is_in(["level", "share", "change", "avg_growth", "annual_flow"])
        )
        .then(pl.col("_ytd_projection").clip(lo, hi))
        .otherwise(latest)
        .alias("current_value"),
        pl.lit(time_progress).alias("time_progress"),
    )

    # --- trend kinds: Open SDG R and UNSD expected value -------------------------------------
    vb_raw, vt_raw, v = pl.col("_vb"), pl.col("target_level"), pl.col("current_value")
    vb = pl.when(vb_raw == 0).then(ZERO_SUBSTITUTE).otherwise(vb_raw)
    vt = pl.when(vt_raw == 0).then(ZERO_SUBSTITUTE).otherwise(vt_raw)
    t, b, big_t = pl.col("latest_year"), pl.col("_b"), pl.col("target_year")
    span_o = (t - b).cast(pl.Float64)
    span_r = (big_t - b).cast(pl.Float64)
    d = (
        pl.when(pl.col("_dir") != 0)
        .then(pl.col("_dir").cast(pl.Float64))
        .otherwise((vt_raw - vb_raw).sign())
    )
    series = series.with_columns(
        pl.when((span_o > 0) & (v / vb >= 0)).then((v / vb).pow(1.0 / span_o) - 1.0).alias("_g_o"),
        pl.when((span_r > 0) & (vt / vb > 0)).then((vt / vb).pow(1.0 / span_r) - 1.0).alias("_g_r"),
        d.alias("_d"),
        pl.when(vb < 0).then(-1.0).otherwise(1.0).alias("_sign"),
    )
    g_o, g_r = pl.col("_g_o"), pl.col("_g_r")
    r_open = pl.col("_sign") * pl.col("_d") * g_o / g_r.abs()
    projected = (
        pl.when(t >= big_t)
        .then(v)
        .otherwise(v * (1.0 + g_o).pow((big_t - t).cast(pl.Float64)))
        .clip(lo, hi)
    )
    change_needed = vt_raw - vb_raw
    series = series.with_columns(
        pl.when(kind.is_in(_GROWTH_KINDS)).then(projected).alias("_proj_trend"),
        pl.when(kind.is_in(TREND_KINDS) & (g_r != 0)).then(r_open).alias("_r_open"),
    ).with_columns(
        pl.when(change_needed != 0)
        .then((pl.col("_proj_trend") - vb_raw) / change_needed)
        .alias("_expected_ratio"),
        pl.when(change_needed != 0).then((v - vb_raw) / change_needed).alias("_completion_trend"),
    )

    # target met (trend kinds): flows whose latest value is year-to-date are judged on the
    # last complete year (or on a year-to-date value already above a floor)
    tol = pl.col("_tol")
    met_value = pl.when(flow & incomplete).then(pl.col("_last_complete_value")).otherwise(latest)
    target = vt_raw

    def meets(x: pl.Expr) -> pl.Expr:
        within = (x - target).abs() <= tol * target.abs()
        natural = (
            target.is_in([0.0, 100.0])
            & ((kind == "share") | (lo == target) | (hi == target))
            & ((x - target).abs() <= NATURAL_LIMIT_BAND)
        )
        by_comparator = (
            pl.when(cmp.is_in(["approx", "stable"]))
            .then(
                within
                | ((cmp == "approx") & (pl.col("_d") != 0) & (pl.col("_d") * (x - target) >= 0))
            )
            .when(pl.col("_dir") == -1)
            .then(x <= target)
            .otherwise(x >= target)
        )
        return (by_comparator | natural).fill_null(False)

    series = series.with_columns(
        (meets(met_value) | (flow & incomplete & (pl.col("_dir") == 1) & (latest >= target)))
        .fill_null(False)
        .alias("_met")
    )

    # --- rules per kind ------------------------------------------------------------------------
    no_data = latest.is_null()
    no_target = pl.col("target_value").is_null()
    r = pl.col("_r_open")
    trend_status, trend_method = _chain(
        [
            (no_data, "insufficient", "no_data"),
            (no_target, "insufficient", "no_target"),
            (vt_raw.is_null(), "insufficient", "no_base"),
            (pl.col("_met"), "achieved", "target_met"),
            (vb_raw.is_null(), "insufficient", "no_base"),
            (span_o <= 0, "insufficient", "too_few_points"),
            (v / vb < 0, "insufficient", "sign_change"),
            (g_r.is_null() | g_r.is_nan(), "insufficient", "no_required_growth"),
            (g_r == 0, "regressing", "target_equals_base"),
            (r >= OPEN_SDG_HIGH, "on_track", "open_sdg"),
            (r >= OPEN_SDG_MED, "accelerate", "open_sdg"),
            (r >= OPEN_SDG_LOW, "lagging", "open_sdg"),
        ],
        ("regressing", "open_sdg"),
    )

    # annual_flow: (projected or latest complete) value against the yearly target
    tv = pl.col("target_value")
    flow_ratio = pl.when(pl.col("_dir") == -1).then(tv / v).otherwise(v / tv)
    flow_on_track = (
        pl.when(cmp == "approx").then(ANNUAL_FLOW_ON_TRACK - tol).otherwise(ANNUAL_FLOW_ON_TRACK)
    )
    years_needed = period_end - pl.max_horizontal(pl.lit(period_start), big_t) + 1
    series = series.with_columns(
        pl.when(kind == "annual_flow").then(flow_ratio).alias("_flow_ratio"),
        (
            pl.lit(period_ended)
            & (pl.col("_flow_years_met").fill_null(0) >= years_needed)
            & (years_needed > 0)
        ).alias("_flow_all_met"),
    )
    fr = pl.col("_flow_ratio")
    flow_status, flow_method = _chain(
        [
            (no_data, "insufficient", "no_data"),
            (no_target, "insufficient", "no_target"),
            (pl.col("_flow_all_met"), "achieved", "annual_flow_all_met"),
            (fr.is_null() | ~fr.is_finite() | (fr < 0), "insufficient", "no_ratio"),
            (fr >= flow_on_track, "on_track", "annual_flow"),
            (fr >= ANNUAL_FLOW_ACCELERATE, "accelerate", "annual_flow"),
            (fr >= ANNUAL_FLOW_LAGGING, "lagging", "annual_flow"),
        ],
        ("regressing", "annual_flow"),
    )

    # cumulative: additions since period_start against the target, compared with time
    cum = pl.col("_cum_sum")
    completion_cum = cum / tv
    tp = pl.lit(time_progress)
    cum_status, cum_method = _chain(
        [
            (no_data | pl.col("_cum_years").is_null(), "insufficient", "no_data"),
            (no_target | (tv == 0), "insufficient", "no_target"),
            ((pl.col("_dir") == -1) & (cum > tv), "regressing", "cumulative_cap"),
            ((pl.col("_dir") == -1) & pl.lit(period_ended), "achieved", "cumulative_cap"),
            (pl.col("_dir") == -1, "on_track", "cumulative_cap"),
            (
                completion_cum >= 1.0 - pl.when(cmp == "approx").then(tol).otherwise(0.0),
                "achieved",
                "cumulative_met",
            ),
            (completion_cum >= tp, "on_track", "cumulative"),
            (completion_cum >= CUMULATIVE_ACCELERATE * tp, "accelerate", "cumulative"),
        ],
        ("lagging", "cumulative"),
    )

    # avg_growth: realised geometric average growth against the target growth (%)
    x = pl.col("_d") * g_o * 100.0
    y = pl.col("_d") * tv
    y_eff = pl.when(cmp == "approx").then(y - tol * y.abs()).otherwise(y)
    at_horizon = (t >= big_t) & ~incomplete
    avg_status, avg_method = _chain(
        [
            (no_data, "insufficient", "no_data"),
            (no_target, "insufficient", "no_target"),
            (vb_raw.is_null(), "insufficient", "no_base"),
            (span_o <= 0, "insufficient", "too_few_points"),
            (v / vb < 0, "insufficient", "sign_change"),
            (at_horizon & (x >= y_eff), "achieved", "avg_growth_met"),
            (x >= y_eff, "on_track", "avg_growth"),
            ((y > 0) & (x >= AVG_GROWTH_ACCELERATE * y), "accelerate", "avg_growth"),
            ((y > 0) & (x >= 0), "lagging", "avg_growth"),
        ],
        ("regressing", "avg_growth"),
    )

    # differential: gap in points against the reference region's series, same period
    gap = pl.col("_diff_value") - pl.col("_diff_ref")
    dd = pl.when(pl.col("_dir") == -1).then(-1.0).otherwise(1.0)
    gx, gy = dd * gap, dd * tv
    diff_final = (
        pl.lit(period_ended) & (pl.col("_diff_year") >= period_end) & (pl.col("_diff_month") == 12)
    )
    diff_status, diff_method = _chain(
        [
            (no_data, "insufficient", "no_data"),
            (no_target, "insufficient", "no_target"),
            (
                (pl.col("region") == reference_region)
                & (pl.col("_compare_code") == pl.col("code")),
                "insufficient",
                "reference_series",
            ),
            (gap.is_null(), "insufficient", "no_common_period"),
            (diff_final & (gx >= gy), "achieved", "differential_met"),
            (gx >= gy, "on_track", "differential"),
            (gx >= 0, "accelerate", "differential"),
        ],
        ("lagging", "differential"),
    )

    # rank: lower is better
    prev = pl.col("_prev_value")
    rank_status, rank_method = _chain(
        [
            (no_data, "insufficient", "no_data"),
            (tv.is_not_null() & (latest <= tv), "achieved", "rank_met"),
            (prev.is_null(), "insufficient", "too_few_points"),
            (latest < prev, "on_track", "rank"),
            (latest == prev, "accelerate", "rank"),
        ],
        ("regressing", "rank"),
    )

    # direction: the last two complete years, or year-to-date against the same period last year
    use_same_period = incomplete & pl.col("_same_period_prev").is_not_null()
    dir_cur = pl.when(use_same_period).then(latest).otherwise(pl.col("_last_complete_value"))
    dir_prev = (
        pl.when(use_same_period)
        .then(pl.col("_same_period_prev"))
        .otherwise(pl.col("_prev_complete_value"))
    )
    series = series.with_columns(
        pl.when(kind == "direction").then(dir_cur).alias("_dir_cur"),
        pl.when(kind == "direction").then(dir_prev).alias("_dir_prev"),
        pl.when(kind == "direction")
        .then(
            pl.when(use_same_period)
            .then(_period_text("latest_year", "latest_month"))
            .otherwise(pl.concat_str(pl.col("_last_complete_year").cast(pl.String), _s("年")))
        )
        .alias("_dir_cur_text"),
        pl.when(kind == "direction")
        .then(
            pl.when(use_same_period)
            .then(
                pl.concat_str(
                    (pl.col("latest_year") - 1).cast(pl.String),
                    pl.when(pl.col("latest_month") == 1)
                    .then(_s("年1月"))
                    .otherwise(
                        pl.concat_str(_s("年1-"), pl.col("latest_month").cast(pl.String), _s("月"))
                    ),
                )
            )
            .otherwise(pl.concat_str(pl.col("_prev_complete_year").cast(pl.String), _s("年")))
        )
        .alias("_dir_prev_text"),
    )
    c0, c1 = pl.col("_dir_prev"), pl.col("_dir_cur")
    rel = (
        pl.when(c0 != 0)
        .then((c1 - c0) / c0.abs())
        .when(c1 == c0)
        .then(0.0)
        .otherwise((c1 - c0).sign() * float("inf"))
    )
    series = series.with_columns(rel.alias("_rel"))
    rel_c = pl.col("_rel")
    dir_status, dir_method = _chain(
        [
            (no_data, "insufficient", "no_data"),
            (rel_c.is_null(), "insufficient", "too_few_points"),
            ((cmp == "stable") & (rel_c.abs() <= tol), "on_track", "stable"),
            (cmp == "stable", "accelerate", "stable"),
            (pl.col("_dir") == 0, "insufficient", "unsupported_comparator"),
            (pl.col("_dir") * rel_c > tol, "on_track", "direction"),
            (rel_c.abs() <= tol, "accelerate", "direction"),
        ],
        ("regressing", "direction"),
    )

    qual_status, qual_method = _chain(
        [
            (no_data, "insufficient", "no_data"),
            (latest >= 1, "achieved", "qualitative"),
        ],
        ("accelerate", "qualitative"),
    )

    by_kind = [
        (kind.is_in(TREND_KINDS), trend_status, trend_method),
        (kind == "annual_flow", flow_status, flow_method),
        (kind == "cumulative", cum_status, cum_method),
        (kind == "avg_growth", avg_status, avg_method),
        (kind == "differential", diff_status, diff_method),
        (kind == "rank", rank_status, rank_method),
        (kind == "direction", dir_status, dir_method),
        (kind == "qualitative", qual_status, qual_method),
    ]
    status = pl.when(by_kind[0][0]).then(by_kind[0][1])
    method = pl.when(by_kind[0][0]).then(by_kind[0][2])
    for cond, st, me in by_kind[1:]:
        status = status.when(cond).then(st)
        method = method.when(cond).then(me)
    series = series.with_columns(
        status.otherwise(pl.lit("insufficient")).alias("status"),
        method.otherwise(pl.lit("unsupported_kind")).alias("method"),
    )

    # --- output numbers ------------------------------------------------------------------------
    achieved = pl.col("status") == "achieved"
    trend = kind.is_in(TREND_KINDS)
    growth = kind.is_in(_GROWTH_KINDS)
    usable = ~pl.col("method").is_in(
        ["no_data", "no_target", "no_base", "too_few_points", "sign_change"]
    )
    score = (pl.when(r >= OPEN_SDG_MED).then(7.1429 * r - 4.2857).otherwise(4.1667 * r - 2.5)).clip(
        -5.0, 5.0
    )
    flow_projection = pl.when(incomplete).then(v).otherwise(latest)
    series = series.with_columns(
        pl.when(growth & usable)
        .then(pl.col("_completion_trend"))
        .when(kind == "annual_flow")
        .then(latest / tv)
        .when(kind == "cumulative")
        .then(completion_cum)
        .alias("completion"),
        pl.when(growth & usable)
        .then(pl.col("_proj_trend"))
        .when(kind == "annual_flow")
        .then(flow_projection)
        .when(kind == "cumulative")
        .then(pl.when(tp > 0).then(cum / tp))
        .alias("projected_value"),
        pl.when(trend)
        .then(g_r * 100.0)
        .when(kind == "avg_growth")
        .then(tv)
        .alias("required_growth"),
        pl.when(growth & usable).then(g_o * 100.0).alias("observed_growth"),
        pl.when(trend & usable)
        .then(r)
        .when(kind == "annual_flow")
        .then(fr)
        .when(kind == "cumulative")
        .then(pl.when(tp > 0).then(completion_cum / tp))
        .when((kind == "avg_growth") & usable & (tv != 0))
        .then(g_o * 100.0 / tv)
        .when((kind == "differential") & (tv != 0))
        .then(gap / tv)
        .alias("ratio"),
        pl.when(growth & usable).then(pl.col("_expected_ratio")).alias("expected_ratio"),
        pl.when(trend & achieved)
        .then(5.0)
        .when(trend & usable & r.is_not_null())
        .then(score)
        .alias("score"),
        pl.when(kind == "differential")
        .then(pl.col("_diff_ref"))
        .when(kind == "rank")
        .then(prev)
        .when(kind == "direction")
        .then(pl.col("_dir_prev"))
        .alias("compare_value"),
        pl.when(kind == "cumulative")
        .then(cum)
        .when(kind == "direction")
        .then(pl.col("_dir_cur"))
        .when(kind == "differential")
        .then(pl.col("_diff_value"))
        .otherwise(v)
        .alias("current_value"),
        pl.when(growth).then(pl.col("_b")).alias("base_year"),
        pl.when(growth).then(vb_raw).alias("base_value"),
    )

    # --- milestone of the as_of year ----------------------------------------------------------
    path = _path(series, period_start, period_end, milestones).filter(pl.col("year") == as_of_year)
    series = series.join(
        path.select(*_KEYS, pl.col("value").alias("milestone_value")), on=_KEYS, how="left"
    )

    series = series.with_columns(
        pl.col("status").replace_strict(STATUS_LABELS, return_dtype=pl.String).alias("status_label")
    )
    series = series.with_columns(_explanation(period_start).alias("explanation"))
    return series.select(OUTPUT_COLUMNS).sort(_KEYS)


def _explanation(period_start: int) -> pl.Expr:
    """One Chinese sentence per series, with the numbers that decided its status."""
    m = pl.col("method")
    label = pl.col("status_label")
    period = _period_text("latest_year", "latest_month")
    incomplete = pl.col("latest_month") < 12
    flow_part = (
        pl.when(pl.col("kind").is_in(_GROWTH_KINDS) & incomplete & pl.col("flow"))
        .then(pl.concat_str(_s("（全年预计 "), _num(pl.col("current_value")), _s("）")))
        .otherwise(_s(""))
    )
    actual = pl.concat_str(
        period,
        pl.when(incomplete & pl.col("flow")).then(_s("累计 ")).otherwise(_s("实际 ")),
        _num(pl.col("latest_value")),
        flow_part,
    )
    # a flow whose year-to-date value is below the target met it in its last complete year
    met_actual = (
        pl.when(pl.col("flow") & incomplete & (pl.col("latest_value") < pl.col("target_level")))
        .then(
            pl.concat_str(
                pl.col("_last_complete_year").cast(pl.String),
                _s("年实际 "),
                _num(pl.col("_last_complete_value")),
            )
        )
        .otherwise(actual)
    )
    target_text = pl.concat_str(
        _s("目标 "),
        _num(pl.col("target_level")),
        _s("（"),
        pl.col("target_year").cast(pl.String),
        _s("年）"),
    )
    target_year = pl.col("target_year").cast(pl.String)
    base = pl.concat_str(
        _s("基期（"), pl.col("base_year").cast(pl.String), _s("年）"), _num(pl.col("base_value"))
    )
    direction_word = (
        pl.when(pl.col("comparator") == "stable")
        .then(_s("基本稳定"))
        .when(pl.col("comparator").is_in(["increase", "gte"]))
        .then(_s("持续提升"))
        .otherwise(_s("持续下降"))
    )
    # method → sentence
    sentences: list[tuple[str, pl.Expr]] = [
        ("no_data", _s("暂无观测数据，数据不足")),
        ("no_target", pl.concat_str(actual, _s("，未设定目标值，数据不足"))),
        ("no_base", pl.concat_str(actual, _s("，缺少基期值，数据不足"))),
        (
            "too_few_points",
            pl.concat_str(
                actual,
                pl.when(pl.col("base_year").is_not_null())
                .then(pl.concat_str(_s("，基期为"), pl.col("base_year").cast(pl.String), _s("年")))
                .otherwise(_s("")),
                _s("，至少需要基期和其后一个时点的数据，数据不足"),
            ),
        ),
        (
            "sign_change",
            pl.concat_str(base, _s("与"), actual, _s("正负号不同，无法计算年均增速，数据不足")),
        ),
        (
            "no_required_growth",
            pl.concat_str(base, _s("与"), target_text, _s("之间无法计算所需年均增速，数据不足")),
        ),
        (
            "target_met",
            pl.concat_str(met_actual, _s("，"), target_text, _s("，已达到目标，"), label),
        ),
        (
            "target_equals_base",
            pl.concat_str(actual, _s("，"), target_text, _s("与基期值相同而当前未达标，"), label),
        ),
        (
            "open_sdg",
            pl.concat_str(
                actual,
                _s("，"),
                target_text,
                _s("，按观测年均增速 "),
                _pct(pl.col("observed_growth")),
                _s(" 推算 "),
                target_year,
                _s("年 "),
                _num(pl.col("projected_value")),
                _s("，需年均 "),
                _pct(pl.col("required_growth")),
                _s("，"),
                label,
            ),
        ),
        (
            "annual_flow",
            pl.concat_str(
                pl.col("latest_year").cast(pl.String),
                pl.when(incomplete)
                .then(
                    pl.concat_str(
                        _s("年1-"),
                        pl.col("latest_month").cast(pl.String),
                        _s("月累计 "),
                        _num(pl.col("latest_value")),
                        _s("，全年预计 "),
                    )
                )
                .otherwise(_s("年实际 ")),
                _num(pl.col("projected_value")),
                _s("，年度目标 "),
                _num(pl.col("target_value")),
                _s("，为目标的 "),
                _pct(pl.col("ratio") * 100.0),
                _s("，"),
                label,
            ),
        ),
        (
            "annual_flow_all_met",
            pl.concat_str(
                _s("规划期内每年均达到年度目标 "),
                _num(pl.col("target_value")),
                _s("（"),
                period,
                _s("实际 "),
                _num(pl.col("latest_value")),
                _s("），"),
                label,
            ),
        ),
        ("no_ratio", pl.concat_str(actual, _s("，无法与年度目标比较，数据不足"))),
        *[
            (
                name,
                pl.concat_str(
                    _s(f"{period_start}年以来累计 "),
                    _num(pl.col("current_value")),
                    _s("，目标 "),
                    _num(pl.col("target_value")),
                    _s("，完成 "),
                    _pct(pl.col("completion") * 100.0),
                    _s("，时间进度 "),
                    _pct(pl.col("time_progress") * 100.0),
                    _s("，"),
                    label,
                ),
            )
            for name in ("cumulative", "cumulative_met", "cumulative_cap")
        ],
        *[
            (
                name,
                pl.concat_str(
                    pl.col("base_year").cast(pl.String),
                    _s("—"),
                    pl.col("latest_year").cast(pl.String),
                    _s("年年均增长 "),
                    _pct(pl.col("observed_growth")),
                    pl.when(incomplete)
                    .then(
                        pl.concat_str(
                            _s("（"),
                            period,
                            _s("累计 "),
                            _num(pl.col("latest_value")),
                            _s("，全年按 "),
                            _num(pl.col("current_value")),
                            _s(" 计）"),
                        )
                    )
                    .otherwise(_s("")),
                    _s("，目标年均 "),
                    _pct(pl.col("target_value")),
                    _s("，"),
                    label,
                ),
            )
            for name in ("avg_growth", "avg_growth_met")
        ],
        *[
            (
                name,
                pl.concat_str(
                    _period_text("_diff_year", "_diff_month"),
                    _s("本地区 "),
                    _num(pl.col("current_value")),
                    _s("，全市 "),
                    _num(pl.col("compare_value")),
                    _s("，相差 "),
                    (pl.col("current_value") - pl.col("compare_value")).round(1).cast(pl.String),
                    _s(" 个百分点，目标高出 "),
                    _num(pl.col("target_value")),
                    _s(" 个百分点，"),
                    label,
                ),
            )
            for name in ("differential", "differential_met")
        ],
        ("reference_series", _s("本序列是差值指标的对比基准（全市），不单独评价，数据不足")),
        ("no_common_period", pl.concat_str(actual, _s("，与全市没有同期数据，数据不足"))),
        (
            "rank_met",
            pl.concat_str(
                period,
                _s("位次 "),
                _num(pl.col("latest_value")),
                _s("，目标 "),
                _num(pl.col("target_value")),
                _s(" 位以内，"),
                label,
            ),
        ),
        (
            "rank",
            pl.concat_str(
                period,
                _s("位次 "),
                _num(pl.col("latest_value")),
                _s("，上期 "),
                _num(pl.col("compare_value")),
                pl.when(pl.col("target_value").is_not_null())
                .then(pl.concat_str(_s("，目标 "), _num(pl.col("target_value")), _s(" 位以内")))
                .otherwise(_s("")),
                _s("，"),
                label,
            ),
        ),
        *[
            (
                name,
                pl.concat_str(
                    pl.col("_dir_cur_text"),
                    _s(" "),
                    _num(pl.col("current_value")),
                    _s("，"),
                    pl.col("_dir_prev_text"),
                    _s(" "),
                    _num(pl.col("compare_value")),
                    _s("，变化 "),
                    _pct(pl.col("_rel") * 100.0),
                    _s("，要求"),
                    direction_word,
                    _s("，"),
                    label,
                ),
            )
            for name in ("direction", "stable")
        ],
        ("unsupported_comparator", _s("方向型指标的比较方式无法识别，数据不足")),
        (
            "qualitative",
            pl.concat_str(
                period,
                pl.when(pl.col("latest_value") >= 1)
                .then(_s("报告已完成，"))
                .otherwise(_s("报告尚未完成，")),
                label,
            ),
        ),
        ("unsupported_kind", _s("指标类型无法识别，数据不足")),
    ]
    expr = pl.when(m == sentences[0][0]).then(sentences[0][1])
    for name, sentence in sentences[1:]:
        expr = expr.when(m == name).then(sentence)
    return pl.coalesce(expr.otherwise(None), pl.concat_str(label, _s("（"), m, _s("）")))
