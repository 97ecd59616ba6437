"""Column expressions shared by the derived columns, the kind rules and the output numbers.

Polars expressions are values, so one name per quantity here keeps the formulas in
:mod:`.derived`, :mod:`.kinds` and :mod:`.outputs` reading the same columns; the
underscored columns are the working columns of :func:`.series.series_table` and
:mod:`.derived`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .constants import DIRECTION_METHODS, ZERO_SUBSTITUTE


@dataclass(frozen=True)
class Clock:
    """The plan period and the as_of moment, as the rules see them."""

    period_start: int
    period_end: int
    time_progress: float
    period_ended: bool
    reference_region: str
    as_of_key: int

    @classmethod
    def at(
        cls, as_of_year: int, as_of_month: int, period_start: int, period_end: int,
        reference_region: str,
    ) -> Clock:
        as_of_key = as_of_year * 12 + as_of_month
        months = 12 * (period_end - period_start + 1)
        elapsed = min(max((as_of_year - period_start) * 12 + as_of_month, 0), months)
        return cls(
            period_start=period_start,
            period_end=period_end,
            time_progress=elapsed / months,
            period_ended=as_of_key >= period_end * 12 + 12,
            reference_region=reference_region,
            as_of_key=as_of_key,
        )


KIND, CMP, FLOW = pl.col("kind"), pl.col("comparator"), pl.col("flow")
#: the no-target method of each row (a key of DIRECTION_METHODS, filled in by indicators_clean)
DIRECTION_METHOD = pl.col("direction_method")


def direction_thresholds() -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The (on_track, accelerate, lagging) thresholds on d·CAGR of each row's method."""
    return tuple(
        DIRECTION_METHOD.replace_strict({key: bands[i] for key, (_, bands) in
                                         DIRECTION_METHODS.items()}, return_dtype=pl.Float64)
        for i in range(3))
LATEST = pl.col("latest_value")
INCOMPLETE = pl.col("latest_month") < 12
LO, HI = pl.col("lower_limit"), pl.col("upper_limit")
TV = pl.col("target_value")
TOL = pl.col("_tol")
DIR = pl.col("_dir")
NO_DATA = LATEST.is_null()
NO_TARGET = TV.is_null()

# trend kinds: base, target level, current value and the years between them
VB_RAW, VT_RAW, V = pl.col("_vb"), pl.col("target_level"), pl.col("current_value")
VB = pl.when(VB_RAW == 0).then(ZERO_SUBSTITUTE).otherwise(VB_RAW)
VT = pl.when(VT_RAW == 0).then(ZERO_SUBSTITUTE).otherwise(VT_RAW)
T, B, BIG_T = pl.col("latest_year"), pl.col("_b"), pl.col("target_year")
SPAN_O = (T - B).cast(pl.Float64)
SPAN_R = (BIG_T - B).cast(pl.Float64)
G_O, G_R = pl.col("_g_o"), pl.col("_g_r")
R = pl.col("_r_open")

# annual_flow, cumulative, differential, rank
FR = pl.col("_flow_ratio")
CUM = pl.col("_cum_sum")
COMPLETION_CUM = CUM / TV
GAP = pl.col("_diff_value") - pl.col("_diff_ref")
PREV = pl.col("_prev_value")

# direction: year-to-date against the same period last year when that exists
USE_SAME_PERIOD = INCOMPLETE & pl.col("_same_period_prev").is_not_null()
