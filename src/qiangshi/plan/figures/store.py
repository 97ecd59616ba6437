"""The figures service: the ONE write path of indicator figures.

Every writer hands it a typed table (`FIGURES`: indicator code, region, period, value as a
float, source, trace) and gets counts back (new / changed / unchanged / rejected): the
import of an Excel or CSV file and a report form's typed figures after their text is read
(plan.observation_import), official statistics (公开发布) and demo figures through that
import, computed indicators directly (plan.computed), with no text in between.

It validates as polars expressions over the whole table (known indicator and region, limits
of the indicator and of the database columns, scope on write, a form's bounds, duplicates),
then compares with the stored rows under a row lock, refuses changes to approved figures and
to figures changed since a form showed them (plan.figure_rules, plan.observation_write), and
writes. Every rejected row is reported with sheet, row, column, value and a reason in
Chinese. By default all-or-nothing; `valid_only=True` writes the valid rows and reports the
rest; `dry_run=True` runs the same path and rolls it back (dataio.runner). Figures are
upserted by indicator, region and period, so the same figures twice change nothing; every
changed figure keeps a revision with the old value, who and when; a write marks the plan's
figures changed (plan.figures.changes), whose reaction on commit recomputes what depends on them.
"""

import polars as pl
from django.db import transaction

from qiangshi.accounts.selectors import region_lookup
from qiangshi.dataio.limits import limit_checks
from qiangshi.dataio.merge import UNCHANGED, counted
from qiangshi.dataio.runner import import_write
from qiangshi.dataio.tables import ImportReport
from qiangshi.dataio.validation import Check, apply_checks, filled, given, number_check
from qiangshi.engine.periods import JANUARY_ALONE, Period
from qiangshi.plan.figures.rules import FormBounds, form_checks, in_write_scope
from qiangshi.plan.figures.write import KEY, classified, figures_write, write_checks
from qiangshi.plan.models import Indicator, Observation, Plan

FIGURES = {
    "indicator": pl.String, "region": pl.String, "year": pl.Int64, "month": pl.Int64,
    "period_type": pl.String, "value": pl.Float64, "source": pl.String,
    # The ComputedFigure a figure was computed as, if any.
    "trace": pl.Int64,
}


def figures_save(plan: Plan, figures: pl.DataFrame, *, source_kind: str, label: str,
                 digest: str = "", user=None, valid_only: bool = False,
                 dry_run: bool = False) -> ImportReport:
    """Validate and upsert typed figures (schema FIGURES; region as code or name); a row's
    errors name the sheet `label` and the row's place in the table."""
    if dict(figures.schema) != FIGURES:
        raise TypeError(f"figures_save wants the columns {FIGURES}, got {dict(figures.schema)}")
    periods = figures.select("year", "month", "period_type").unique()
    periods = periods.with_columns(pl.Series("period", [
        Period(year, month, kind).label for year, month, kind in periods.iter_rows()],
        dtype=pl.String))
    rows = figures.join(periods, on=["year", "month", "period_type"], how="left").select(
        pl.lit(label).alias("_sheet"), (pl.int_range(pl.len()) + 1).alias("_row"),
        "indicator", pl.col("region").alias("region_key"), "period", "year", "month",
        "period_type", pl.lit(None, pl.String).alias("period_error"),
        pl.col("value").cast(pl.String),
        pl.when(pl.col("value").is_finite()).then("value").alias("number"),
        *(pl.lit(None, dtype).alias(name) for name, dtype in UNSET.items()),
        "source", "trace",
    )
    return rows_save(plan, rows, ImportReport(rows=rows.height), label=label, digest=digest,
                     user=user, valid_only=valid_only, dry_run=dry_run,
                     source_kind=source_kind, form=None)


# Fields a typed table leaves as they are stored (see dataio.validation: null keeps).
UNSET = {"yoy": pl.String, "yoy_number": pl.Float64, "status": pl.String,
         "status_code": pl.String}


def indicator_rules(plan: Plan) -> pl.DataFrame:
    """What the write rules read of each indicator: id, kind, frequency, source, limits and
    the reporting units (plan.figure_rules)."""
    units: dict[int, list[int]] = {}
    through = Indicator.reporting_units.through.objects.filter(indicator__plan=plan)
    for indicator_id, unit_id in through.values_list("indicator_id", "unit_id"):
        units.setdefault(indicator_id, []).append(unit_id)
    rows = [
        (*row, units.get(row[1], []))
        for row in Indicator.objects.filter(plan=plan).values_list(
            "code", "pk", "kind", "frequency", "source", "lower_limit", "upper_limit")
    ]
    return pl.DataFrame(
        rows, orient="row",
        schema={"indicator": pl.String, "indicator_id": pl.Int64, "kind": pl.String,
                "frequency": pl.String, "source": pl.String, "lower_limit": pl.Float64,
                "upper_limit": pl.Float64, "unit_ids": pl.List(pl.Int64)},
    )


def _checks(user, plan: Plan, form: FormBounds | None) -> list[Check]:
    return [
        Check("指标代码", "indicator", "当前计划中没有这个指标代码", pl.col("indicator_id").is_null()),
        Check("地区代码", "region_key", "未知地区：应为区划代码或地区名称",
              pl.col("region_id").is_null()),
        Check("期别", "period", None, pl.col("period_error").is_not_null(), "period_error"),
        Check("期别", "period", JANUARY_ALONE,
              (pl.col("frequency") == "monthly_cumulative") & (pl.col("period_type") == "ytd")
              & (pl.col("month") == 1)),
        Check("数值", "value", "请填写数值（数值不能为空，也不能清空）", ~filled("value")),
        number_check("数值", "value", "number"),
        Check("数值", "value", "低于该指标的自然下限", pl.col("number") < pl.col("lower_limit")),
        Check("数值", "value", "高于该指标的自然上限", pl.col("number") > pl.col("upper_limit")),
        Check("数值", "value", "定性指标只能填 1（已完成）或 0（未完成）",
              (pl.col("kind") == "qualitative") & ~pl.col("number").is_in([0.0, 1.0])),
        number_check("同比增长(%)", "yoy"),
        Check("数据状态", "status", "应为“初步”“预计”或“最终”",
              given("status") & pl.col("status_code").is_null()),
        *limit_checks(Observation, {"source": "来源说明"}),
        Check("指标代码", "indicator", "超出您的数据范围：只能填报本单位负责的指标或本地区的数据",
              pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
              & ~in_write_scope(user, plan)),
        Check("期别", "period", "同一指标、地区、期别在文件中重复出现",
              pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
              & pl.col("year").is_not_null() & (pl.int_range(pl.len()).over(KEY) > 0)),
        *form_checks(form),
    ]


def rows_save(plan: Plan, rows: pl.DataFrame, report: ImportReport, *, label: str, digest: str,
              user, valid_only: bool, dry_run: bool, source_kind: str,
              form: FormBounds | None) -> ImportReport:
    """Check, compare and write rows read from text (plan.observation_import) or typed
    (`figures_save`); `report` comes with the rows' reading problems."""
    indicators = indicator_rules(plan)
    rows = (rows.join(indicators, on="indicator", how="left")
            .join(region_lookup().drop("region_kind"), on="region_key", how="left"))
    valid, row_errors = apply_checks(rows, _checks(user, plan, form))
    with transaction.atomic():
        # Stored rows are read under a row lock from here to the end of the write; a figure
        # inserted by someone else meanwhile is refused by import_write (unique key).
        checked, write_errors = write_checks(classified(valid), plan, indicators, form)
        report.errors = sorted(report.errors + row_errors + write_errors,
                               key=lambda e: (e.sheet, e.row))
        report.created, report.updated = counted(checked, "change")
        report.unchanged = checked.height - report.created - report.updated
        import_write(report, lambda: figures_write(
            plan, checked.filter(pl.col("change") != UNCHANGED), filename=label, digest=digest,
            user=user, source_kind=source_kind,
        ), valid_rows=checked.height, dry_run=dry_run, valid_only=valid_only)
    return report
