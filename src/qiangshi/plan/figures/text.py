"""Reading indicator figures from Excel or CSV sheets (the import command, the analysts'
import, a report form's typed figures and its upload, demo and official figures) into the
figures service (plan.figures.store), which checks, compares and writes them.

Sheets are read by normalised headers (dataio.tables); each text cell is parsed here (number,
period, status word, region code or name), and a cell that does not parse is rejected with
the service's other checks, so a row's problems are reported together.
"""

import polars as pl

from qiangshi.dataio.tables import ImportReport, RowError, file_import
from qiangshi.dataio.validation import (
    filled,
    number,
    sheet_rows,
    unknown_headers,
)
from qiangshi.engine.periods import PeriodError, parse_period
from qiangshi.plan.figures.rules import FormBounds
from qiangshi.plan.figures.store import rows_save
from qiangshi.plan.models import Observation, Plan

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


def _parsed(rows: pl.DataFrame) -> pl.DataFrame:
    """The text cells read as the figures service's columns (plan.figures.store)."""
    return (
        rows.with_columns(
            pl.when(filled("region")).then("region").otherwise("region_name")
            .alias("region_key"),
            number("value").alias("number"),
            number("yoy").alias("yoy_number"),
            pl.col("status").replace_strict(STATUS_WORDS, default=None, return_dtype=pl.String)
            .alias("status_code"),
            pl.lit(None, pl.Int64).alias("trace"),
        )
        .join(_period_table(rows["period"].unique().to_list()), on="period", how="left")
    )


def observation_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as observation_sheets_save, from an uploaded .xlsx or .csv file."""
    return file_import(observation_sheets_save, content, filename, **options)


def observation_sheets_save(sheets: dict[str, pl.DataFrame], *, label: str, digest: str, plan: Plan,
                            user=None, valid_only: bool = False, dry_run: bool = False,
                            source_kind: str = Observation.SourceKind.REPORTED,
                            form: FormBounds | None = None) -> ImportReport:
    """Read figures given as sheets with the template's column headers and save them through
    the figures service. `form` bounds the rows to one report form's figures and carries
    the versions it showed."""
    report = ImportReport(warnings=unknown_headers(sheets, COLUMNS))
    rows, report.errors = _rows(sheets)
    report.rows = rows.height
    return rows_save(plan, _parsed(rows), report, label=label, digest=digest, user=user,
                     valid_only=valid_only, dry_run=dry_run, source_kind=source_kind, form=form)
