"""One rule per indicator kind: which status a series gets, and by which rule (method).

Each function returns a :class:`KindRule`: the rows it applies to, the status and the
method (the name of the rule that decided, which :mod:`.wording` turns into a sentence).
Inside a kind the conditions are tried in order, first match wins. The columns they
read are computed beforehand by :mod:`.derived`; the method in words is in
docs/progress-method.md.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from .columns import (
    BIG_T,
    CMP,
    COMPLETION_CUM,
    CUM,
    DIR,
    FR,
    G_O,
    G_R,
    GAP,
    INCOMPLETE,
    KIND,
    LATEST,
    NO_DATA,
    NO_TARGET,
    PREV,
    SPAN_O,
    TOL,
    TV,
    VB,
    VB_RAW,
    VT_RAW,
    Clock,
    R,
    T,
    V,
    direction_thresholds,
)
from .constants import (
    ANNUAL_FLOW_ACCELERATE,
    ANNUAL_FLOW_LAGGING,
    ANNUAL_FLOW_ON_TRACK,
    AVG_GROWTH_ACCELERATE,
    CUMULATIVE_ACCELERATE,
    OPEN_SDG_HIGH,
    OPEN_SDG_LOW,
    OPEN_SDG_MED,
    RATE_DECIMALS,
    TREND_KINDS,
)


class KindRule(NamedTuple):
    applies: pl.Expr
    status: pl.Expr
    method: pl.Expr


def _chain(
    applies: pl.Expr, rules: list[tuple[pl.Expr, str, str]], default: tuple[str, str]
) -> KindRule:
    """Fold (condition, status, method) rules into a status and a method expression."""
    status = pl.when(rules[0][0]).then(pl.lit(rules[0][1]))
    method = pl.when(rules[0][0]).then(pl.lit(rules[0][2]))
    for cond, st, me in rules[1:]:
        status = status.when(cond).then(pl.lit(st))
        method = method.when(cond).then(pl.lit(me))
    return KindRule(
        applies, status.otherwise(pl.lit(default[0])), method.otherwise(pl.lit(default[1]))
    )


def trend(clock: Clock) -> KindRule:
    """level / share / change: target met, else Open SDG R against its thresholds."""
    return _chain(
        KIND.is_in(TREND_KINDS),
        [
            (NO_DATA, "insufficient", "no_data"),
            (NO_TARGET, "insufficient", "no_target"),
            (VT_RAW.is_null(), "insufficient", "no_base"),
            (pl.col("_met"), "achieved", "target_met"),
            (VB_RAW.is_null(), "insufficient", "no_base"),
            (SPAN_O <= 0, "insufficient", "too_few_points"),
            (V / VB < 0, "insufficient", "sign_change"),
            (G_R.is_null() | G_R.is_nan(), "insufficient", "no_required_growth"),
            (G_R == 0, "regressing", "target_equals_base"),
            (R >= OPEN_SDG_HIGH, "on_track", "open_sdg"),
            (R >= OPEN_SDG_MED, "accelerate", "open_sdg"),
            (R >= OPEN_SDG_LOW, "lagging", "open_sdg"),
        ],
        ("regressing", "open_sdg"),
    )


def annual_flow(clock: Clock) -> KindRule:
    """(projected or latest complete) value against the yearly target."""
    on_track = pl.when(CMP == "approx").then(ANNUAL_FLOW_ON_TRACK - TOL).otherwise(ANNUAL_FLOW_ON_TRACK)
    return _chain(
        KIND == "annual_flow",
        [
            (NO_DATA, "insufficient", "no_data"),
            (NO_TARGET, "insufficient", "no_target"),
            (pl.col("_flow_all_met"), "achieved", "annual_flow_all_met"),
            (FR.is_null() | ~FR.is_finite() | (FR < 0), "insufficient", "no_ratio"),
            (FR >= on_track, "on_track", "annual_flow"),
            (FR >= ANNUAL_FLOW_ACCELERATE, "accelerate", "annual_flow"),
            (FR >= ANNUAL_FLOW_LAGGING, "lagging", "annual_flow"),
        ],
        ("regressing", "annual_flow"),
    )


def cumulative(clock: Clock) -> KindRule:
    """Additions since period_start against the target, compared with time progress."""
    tp = pl.lit(clock.time_progress)
    return _chain(
        KIND == "cumulative",
        [
            (NO_DATA | pl.col("_cum_years").is_null(), "insufficient", "no_data"),
            (NO_TARGET | (TV == 0), "insufficient", "no_target"),
            ((DIR == -1) & (CUM > TV), "regressing", "cumulative_cap"),
            ((DIR == -1) & pl.lit(clock.period_ended), "achieved", "cumulative_cap"),
            (DIR == -1, "on_track", "cumulative_cap"),
            (
                COMPLETION_CUM >= 1.0 - pl.when(CMP == "approx").then(TOL).otherwise(0.0),
                "achieved",
                "cumulative_met",
            ),
            (COMPLETION_CUM >= tp, "on_track", "cumulative"),
            (COMPLETION_CUM >= CUMULATIVE_ACCELERATE * tp, "accelerate", "cumulative"),
        ],
        ("lagging", "cumulative"),
    )


def avg_growth(clock: Clock) -> KindRule:
    """Realised geometric average growth against the target growth (%)."""
    x = pl.col("_d") * G_O * 100.0
    y = pl.col("_d") * TV
    y_eff = pl.when(CMP == "approx").then(y - TOL * y.abs()).otherwise(y)
    at_horizon = (T >= BIG_T) & ~INCOMPLETE
    return _chain(
        KIND == "avg_growth",
        [
            (NO_DATA, "insufficient", "no_data"),
            (NO_TARGET, "insufficient", "no_target"),
            (VB_RAW.is_null(), "insufficient", "no_base"),
            (SPAN_O <= 0, "insufficient", "too_few_points"),
            (V / VB < 0, "insufficient", "sign_change"),
            (at_horizon & (x >= y_eff), "achieved", "avg_growth_met"),
            (x >= y_eff, "on_track", "avg_growth"),
            ((y > 0) & (x >= AVG_GROWTH_ACCELERATE * y), "accelerate", "avg_growth"),
            ((y > 0) & (x >= 0), "lagging", "avg_growth"),
        ],
        ("regressing", "avg_growth"),
    )


def differential(clock: Clock) -> KindRule:
    """Gap in points against the reference region's series, same period."""
    dd = pl.when(DIR == -1).then(-1.0).otherwise(1.0)
    gx, gy = dd * GAP, dd * TV
    final = (
        pl.lit(clock.period_ended)
        & (pl.col("_diff_year") >= clock.period_end)
        & (pl.col("_diff_month") == 12)
    )
    return _chain(
        KIND == "differential",
        [
            (NO_DATA, "insufficient", "no_data"),
            (NO_TARGET, "insufficient", "no_target"),
            (
                (pl.col("region") == clock.reference_region)
                & (pl.col("_compare_code") == pl.col("code")),
                "insufficient",
                "reference_series",
            ),
            (GAP.is_null(), "insufficient", "no_common_period"),
            (final & (gx >= gy), "achieved", "differential_met"),
            (gx >= gy, "on_track", "differential"),
            (gx >= 0, "accelerate", "differential"),
        ],
        ("lagging", "differential"),
    )


def rank(clock: Clock) -> KindRule:
    """A rank, lower is better: target reached, else against the previous rank."""
    return _chain(
        KIND == "rank",
        [
            (NO_DATA, "insufficient", "no_data"),
            (TV.is_not_null() & (LATEST <= TV), "achieved", "rank_met"),
            (PREV.is_null(), "insufficient", "too_few_points"),
            (LATEST < PREV, "on_track", "rank"),
            (LATEST == PREV, "accelerate", "rank"),
        ],
        ("regressing", "rank"),
    )


def direction(clock: Clock) -> KindRule:
    """持续提升 / 持续下降: d·CAGR from the base against a published no-target method's
    thresholds; 基本稳定: the relative change ``_rel`` within a tolerance."""
    rel = pl.col("_rel")
    high, med, low = direction_thresholds()
    x = (pl.col("_sign") * DIR * G_O).round(RATE_DECIMALS)
    stable = CMP == "stable"
    return _chain(
        KIND == "direction",
        [
            (NO_DATA, "insufficient", "no_data"),
            (stable & rel.is_null(), "insufficient", "too_few_points"),
            (stable & (rel.abs() <= TOL), "on_track", "stable"),
            (stable, "accelerate", "stable"),
            (DIR == 0, "insufficient", "unsupported_comparator"),
            (VB_RAW.is_null(), "insufficient", "no_base"),
            (SPAN_O <= 0, "insufficient", "too_few_points"),
            (V / VB < 0, "insufficient", "sign_change"),
            (x >= high, "on_track", "direction"),
            (x >= med, "accelerate", "direction"),
            (x >= low, "lagging", "direction"),
        ],
        ("regressing", "direction"),
    )


def qualitative(clock: Clock) -> KindRule:
    """A report of 1 or more is done; not done is in progress until December of the target
    year, then final."""
    deadline_passed = pl.lit(clock.as_of_key) >= BIG_T.cast(pl.Int64) * 12 + 12
    return _chain(
        KIND == "qualitative",
        [
            (NO_DATA, "insufficient", "no_data"),
            (LATEST >= 1, "achieved", "qualitative"),
            (deadline_passed, "missed", "qualitative"),
        ],
        ("in_progress", "qualitative"),
    )


KIND_RULES = (trend, annual_flow, cumulative, avg_growth, differential, rank, direction, qualitative)


def with_status(series: pl.DataFrame, clock: Clock) -> pl.DataFrame:
    """Columns status and method: the first kind that applies decides."""
    rules = [rule(clock) for rule in KIND_RULES]
    status = pl.when(rules[0].applies).then(rules[0].status)
    method = pl.when(rules[0].applies).then(rules[0].method)
    for rule in rules[1:]:
        status = status.when(rule.applies).then(rule.status)
        method = method.when(rule.applies).then(rule.method)
    return series.with_columns(
        status.otherwise(pl.lit("insufficient")).alias("status"),
        method.otherwise(pl.lit("unsupported_kind")).alias("method"),
    )
