"""Importing indicator figures from an Excel or CSV file, and the ONE write path of figures.

Every figure write goes through `observation_sheets_save`: the import command, the analysts'
import, a report form's typed figures and its upload, computed and demo figures. It reads
sheets by normalised headers (dataio.tables), validates as polars expressions over the whole
file (types, limits of the database columns, scope on write, a form's bounds), then compares
with the stored rows under a row lock, refuses changes to approved figures and to figures
changed since a form showed them (plan.figure_rules, plan.observation_write), and writes.
Every rejected row is reported with sheet, row, column, value and a reason in Chinese. By
default the import is all-or-nothing; `valid_only=True` writes the valid rows and reports
the rest; `dry_run=True` runs the same path and rolls it back (dataio.runner). Figures are
upserted by indicator, region and period, so the same file imported twice changes nothing;
every changed figure keeps a revision with the old value, who and when.
"""

import polars as pl
from django.db import transaction

from qiangshi.accounts.selectors import region_lookup
from qiangshi.dataio.limits import limit_checks
from qiangshi.dataio.merge import UNCHANGED, counted
from qiangshi.dataio.runner import import_write
from qiangshi.dataio.tables import ImportReport, RowError, file_import
from qiangshi.dataio.validation import (
    Check,
    apply_checks,
    filled,
    given,
    number,
    number_check,
    sheet_rows,
    unknown_headers,
)
from qiangshi.engine.periods import JANUARY_ALONE, PeriodError, parse_period
from qiangshi.plan.figure_rules import FormBounds, form_checks, in_write_scope
from qiangshi.plan.models import Indicator, Observation, Plan
from qiangshi.plan.observation_write import KEY, classified, figures_write, write_checks

COLUMNS = {
    "indicator": "指标代码",
    "indicator_name": "指标名称",
    "region": "地区代码",
    "region_name": "地区名称",
    "period": "期别",
    "value": "数值",
    "yoy": "同比增长(%)",
    "status": "数据状态",
    "source": "来源说明",
}
REQUIRED = ("indicator", "period", "value")
STATUS_WORDS = {"最终": "final", "终值": "final", "正式": "final",
                "初步": "preliminary", "预计": "preliminary", "初步/预计": "preliminary",
                "快报": "preliminary"}


def _rows(sheets: dict[str, pl.DataFrame]) -> tuple[pl.DataFrame, list[RowError]]:
    return sheet_rows(sheets, COLUMNS, required=REQUIRED, alternatives=(("region", "region_name"),))


def _indicator_table(plan: Plan) -> pl.DataFrame:
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


def _period_table(texts: list[str]) -> pl.DataFrame:
    """Each distinct period text parsed once."""
    rows = []
    for text in texts:
        try:
            period = parse_period(text)
            rows.append((text, period.year, period.month, period.period_type, None))
        except PeriodError as error:
            rows.append((text, None, None, None, str(error)))
    return pl.DataFrame(rows, orient="row",
                        schema={"period": pl.String, "year": pl.Int64, "month": pl.Int64,
                                "period_type": pl.String, "period_error": pl.String})


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
        number_check("数值", "value"),
        Check("数值", "value", "低于该指标的自然下限", pl.col("number") < pl.col("lower_limit")),
        Check("数值", "value", "高于该指标的自然上限", pl.col("number") > pl.col("upper_limit")),
        Check("数值", "value", "定性指标只能填 1（已完成）或 0（未完成）",
              (pl.col("kind") == "qualitative") & ~pl.col("number").is_in([0.0, 1.0])),
        number_check("同比增长(%)", "yoy"),
        Check("数据状态", "status", "应为“初步”“预计”或“最终”",
              given("status") & pl.col("status_code").is_null()),
        *limit_checks(Observation, {"source": COLUMNS["source"]}),
        Check("指标代码", "indicator", "超出您的数据范围：只能填报本单位负责的指标或本地区的数据",
              pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
              & ~in_write_scope(user, plan)),
        Check("期别", "period", "同一指标、地区、期别在文件中重复出现",
              pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
              & pl.col("year").is_not_null() & (pl.int_range(pl.len()).over(KEY) > 0)),
        *form_checks(form),
    ]


def _validate(rows: pl.DataFrame, plan: Plan, indicators: pl.DataFrame, user,
              form: FormBounds | None) -> tuple[pl.DataFrame, list[RowError]]:
    rows = (
        rows.with_columns(
            pl.when(filled("region")).then("region").otherwise("region_name")
            .alias("region_key"),
            number("value").alias("number"),
            number("yoy").alias("yoy_number"),
            pl.col("status").replace_strict(STATUS_WORDS, default=None, return_dtype=pl.String)
            .alias("status_code"),
        )
        .join(indicators, on="indicator", how="left")
        .join(region_lookup().drop("region_kind"), on="region_key", how="left")
        .join(_period_table(rows["period"].unique().to_list()), on="period", how="left")
    )
    return apply_checks(rows, _checks(user, plan, form))


def observation_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as observation_sheets_save, from an uploaded .xlsx or .csv file."""
    return file_import(observation_sheets_save, content, filename, **options)


def observation_sheets_save(sheets: dict[str, pl.DataFrame], *, label: str, digest: str, plan: Plan,
                            user=None, valid_only: bool = False, dry_run: bool = False,
                            source_kind: str = Observation.SourceKind.REPORTED,
                            form: FormBounds | None = None) -> ImportReport:
    """Validate and upsert figures given as sheets with the template's column headers: the ONE
    write path of figures (see the module's note). `form` bounds the rows to one report
    form's figures and carries the versions it showed."""
    report = ImportReport(warnings=unknown_headers(sheets, COLUMNS))
    rows, errors = _rows(sheets)
    report.rows = rows.height
    indicators = _indicator_table(plan)
    valid, row_errors = _validate(rows, plan, indicators, user, form)
    with transaction.atomic():
        # Stored rows are read under a row lock from here to the end of the write; a figure
        # inserted by someone else meanwhile is refused by import_write (unique key).
        checked, write_errors = write_checks(classified(valid), plan, indicators, form)
        report.errors = sorted(errors + row_errors + write_errors, key=lambda e: (e.sheet, e.row))
        report.created, report.updated = counted(checked, "change")
        report.unchanged = checked.height - report.created - report.updated
        import_write(report, lambda: figures_write(
            plan, checked.filter(pl.col("change") != UNCHANGED), filename=label, digest=digest,
            user=user, source_kind=source_kind,
        ), valid_rows=checked.height, dry_run=dry_run, valid_only=valid_only)
    return report
