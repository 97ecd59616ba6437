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
thresholds in ``constants``.

The package follows the method's steps, one module each: ``inputs`` (typing and
cleaning), ``projection`` (year-to-date → full year, 同比), ``series`` (one row per
series with base, latest and period features), ``milestones``, ``derived`` (growth
rates, target met, flow ratio, direction change), ``kinds`` (one rule per indicator
kind → status and method), ``outputs`` (the numbers shown), ``wording`` (the Chinese
explanation) and ``evaluate`` (``progress()`` runs them in order); ``plan_method``
(``plan_progress()``) adds the steps around it: growth rates indexed before, the rate shown
and the zone summary after. Thresholds and the method version are in ``constants``.
"""

from __future__ import annotations

from .constants import (
    ANNUAL_FLOW_ACCELERATE,
    ANNUAL_FLOW_LAGGING,
    ANNUAL_FLOW_ON_TRACK,
    AVG_GROWTH_ACCELERATE,
    COMPLETION_BASIS_LABELS,
    CUMULATIVE_ACCELERATE,
    DEFAULT_APPROX_TOLERANCE,
    DEFAULT_DIRECTION_METHOD,
    DEFAULT_STABLE_TOLERANCE,
    DIRECTION_METHODS,
    METHOD_LABELS,
    METHOD_VERSION,
    NATURAL_LIMIT_BAND,
    OPEN_SDG_HIGH,
    OPEN_SDG_LOW,
    OPEN_SDG_MED,
    OUTPUT_COLUMNS,
    REFERENCE_REGION,
    STATUS_LABELS,
    STATUS_ORDER,
    TREND_KINDS,
    ZERO_SUBSTITUTE,
)
from .evaluate import progress
from .milestones import milestone_path
from .plan_method import differentials_summarised, observations_indexed, plan_progress, rates_shown
from .precedence import SOURCES, figures_chosen, precedence_ranks
from .projection import project_annual, yoy_growth

__all__ = [
    "ANNUAL_FLOW_ACCELERATE",
    "ANNUAL_FLOW_LAGGING",
    "ANNUAL_FLOW_ON_TRACK",
    "AVG_GROWTH_ACCELERATE",
    "COMPLETION_BASIS_LABELS",
    "CUMULATIVE_ACCELERATE",
    "DEFAULT_APPROX_TOLERANCE",
    "DEFAULT_DIRECTION_METHOD",
    "DEFAULT_STABLE_TOLERANCE",
    "DIRECTION_METHODS",
    "METHOD_LABELS",
    "METHOD_VERSION",
    "NATURAL_LIMIT_BAND",
    "OPEN_SDG_HIGH",
    "OPEN_SDG_LOW",
    "OPEN_SDG_MED",
    "OUTPUT_COLUMNS",
    "REFERENCE_REGION",
    "SOURCES",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "TREND_KINDS",
    "ZERO_SUBSTITUTE",
    "differentials_summarised",
    "figures_chosen",
    "milestone_path",
    "observations_indexed",
    "plan_progress",
    "precedence_ranks",
    "progress",
    "project_annual",
    "rates_shown",
    "yoy_growth",
]
