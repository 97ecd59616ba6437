"""The figures service takes a typed table (no text in between) and returns counts."""

import math

import polars as pl
import pytest

from qiangshi.plan.figures.store import FIGURES, figures_save
from qiangshi.plan.models import Observation, ObservationRevision

COMPUTED = Observation.SourceKind.COMPUTED


def _table(value: float, *, year: int = 2023) -> pl.DataFrame:
    return pl.DataFrame({"indicator": ["MFG-REV"], "region": ["370100"], "year": [year],
                         "month": [12], "period_type": ["annual"], "value": [value],
                         "source": ["企业数据汇总"], "trace": [None]}, schema=FIGURES)


def test_typed_figures_are_saved_as_floats_with_counts_and_revisions(mini_plan):
    value = 8640.123456789012
    report = figures_save(mini_plan, _table(value), label="汇总", source_kind=COMPUTED)
    assert (report.created, report.updated, report.unchanged, report.errors) == (1, 0, 0, [])
    figure = Observation.objects.get()
    assert figure.value == value  # no rounding through a text column
    assert (figure.source_kind, figure.source) == ("computed", "企业数据汇总")
    again = figures_save(mini_plan, _table(value), label="汇总", source_kind=COMPUTED)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = figures_save(mini_plan, _table(9000.0), label="汇总", source_kind=COMPUTED)
    assert changed.updated == 1
    revision = ObservationRevision.objects.order_by("-pk").first()
    assert (revision.old_value, revision.new_value) == (value, 9000.0)


def test_a_table_of_another_schema_is_refused():
    with pytest.raises(TypeError):
        figures_save(None, _table(1.0).with_columns(pl.col("value").cast(pl.String)),
                     label="汇总", source_kind=COMPUTED)


def test_a_non_finite_value_is_rejected_with_a_chinese_reason(mini_plan):
    report = figures_save(mini_plan, _table(math.nan), label="汇总", source_kind=COMPUTED)
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("汇总", 1, "数值")]
    assert "有限" in report.errors[0].reason
    assert not report.written and not Observation.objects.exists()
