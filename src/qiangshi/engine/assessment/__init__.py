"""区县 / 开发区 assessment (考核): scheme scoring methods, the composite index and its uncertainty.

Issue 14 §2–§3; ``docs/assessment-method.md`` has the method in words with its sources. Pure:
polars tables in, polars tables out (numpy for the uncertainty draws), no Django, no files.

Inputs (typed and checked by ``inputs``; every reason a table is refused is in Chinese in
``AssessmentInputInvalid.problems``):

- values — ``value_table``: unit, indicator, value (null = missing);
- indicators — ``indicator_table``: indicator, name, group (一级), weight, direction (+1 / −1),
  method (``efficacy`` 功效系数法, ``linear`` 基数值→目标值, ``completion`` 目标完成 ± 分/百分点,
  ``rank_points`` 赋分, ``count`` 计数, or a normalisation ``minmax`` / ``zscore`` /
  ``target`` / ``rank``), kind (``normal``, ``bonus`` 加分, ``deduction`` 减分, ``veto``
  一票否决) and the parameter columns of ``PARAMETER_DEFAULTS`` (low, high, base, span, full,
  at_target, per_point, step, per_count, floor, cap);
- units — ``unit_table``: unit, name, band (档: units are ranked within their band);
- groups (optional) — group, weight: the 一级 weights of a hierarchical scheme.

The steps, one module each:

- ``scoring``: the scheme methods as expressions; ``normalise``: the four normalisations;
- ``coverage``: coverage flags (65 % by default) and imputation;
- ``composite``: ``assess(values, indicators, units, groups, Options(...))`` → ``Assessment``
  (units with total, rank and status; items with value, score, weight, contribution);
- ``uncertainty``: ``rank_intervals(assessment, Alternatives(...), plan)`` → rank_low,
  rank_high, rank_median per unit over seeded draws (``random_plan``) or every alternative
  (``enumerated_plan``);
- ``explain``: ``move_up`` (what would lift a unit a place) and ``item_sentence``;
- ``marks``: ``rank_change`` (位次变化) and ``marks`` (红黄蓝牌);
- ``zones``: plan task 15's rule, ``zone_growth_gaps`` and ``zone_status``;
- ``run``: ``assessment_run`` — all of it in one call, as a service stores it with
  ``METHOD_VERSION`` and ``engine.hashing.input_hash``.
"""

from qiangshi.engine.assessment.composite import Assessment, Options, assess
from qiangshi.engine.assessment.inputs import (
    AssessmentInputInvalid,
    indicator_table,
    unit_table,
    value_table,
)
from qiangshi.engine.assessment.run import METHOD_VERSION, AssessmentRun, MarkCounts, assessment_run
from qiangshi.engine.assessment.uncertainty import Alternatives, enumerated_plan, random_plan, rank_intervals

__all__ = [
    "METHOD_VERSION", "Alternatives", "Assessment", "AssessmentInputInvalid", "AssessmentRun", "MarkCounts",
    "Options", "assess", "assessment_run", "enumerated_plan", "indicator_table", "random_plan",
    "rank_intervals", "unit_table", "value_table",
]
