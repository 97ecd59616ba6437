"""Everything one assessment run stores, in one call: the ranking table and its explanations.

``assessment_run`` is what a service calls (load the tables → this → save with
``METHOD_VERSION`` and the input hash): the assessment, the rank intervals, 位次变化 against the
previous run's ranks, the 红黄蓝 marks, the items and what would move each unit up a place.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qiangshi.engine.assessment.composite import Options, assess
from qiangshi.engine.assessment.explain import move_up
from qiangshi.engine.assessment.marks import marks, rank_change
from qiangshi.engine.assessment.uncertainty import Alternatives, DrawPlan, rank_intervals

METHOD_VERSION = "assessment-1"


@dataclass(frozen=True)
class MarkCounts:
    """How many places of each band get 蓝牌, 黄牌 and 红牌 (a scheme's choice)."""

    blue: int = 3
    yellow: int = 0
    red: int = 3


@dataclass(frozen=True)
class AssessmentRun:
    """units: unit, name, band, coverage, status, composite, bonus, deduction, total, rank,
    rank_low, rank_high, rank_median, previous_rank, change, mark; items: as ``assess``;
    move_up: as ``explain.move_up``; indicators: coverage per indicator."""

    units: pl.DataFrame
    items: pl.DataFrame
    move_up: pl.DataFrame
    indicators: pl.DataFrame


def assessment_run(
    values: pl.DataFrame,
    indicators: pl.DataFrame,
    units: pl.DataFrame,
    groups: pl.DataFrame | None = None,
    options: Options | None = None,
    alternatives: Alternatives | None = None,
    previous: pl.DataFrame | None = None,
    mark_counts: MarkCounts | None = None,
    plan: DrawPlan | None = None,
) -> AssessmentRun:
    """Assess, add rank intervals, 位次变化 (`previous`: unit, rank) and marks.

    Left out, options, alternatives and mark counts take their declared defaults.
    """
    options, alternatives = options or Options(), alternatives or Alternatives()
    mark_counts = mark_counts or MarkCounts()
    assessment = assess(values, indicators, units, groups, options)
    intervals = rank_intervals(assessment, alternatives, plan)
    previous = previous if previous is not None else pl.DataFrame(schema={"unit": pl.Utf8, "rank": pl.Int64})
    ranking = rank_change(
        assessment.units.join(intervals.drop("band", "rank", "draws"), on="unit", how="left"), previous
    )
    ranking = marks(ranking, mark_counts.blue, mark_counts.yellow, mark_counts.red)
    return AssessmentRun(ranking, assessment.items, move_up(assessment, indicators), assessment.indicators)
