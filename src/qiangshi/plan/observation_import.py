"""Importing indicator figures from an Excel or CSV file.

Validation runs as polars expressions over the whole file; every rejected row
is reported with sheet, row, column, value and a reason in Chinese. By default
the import is all-or-nothing; `valid_only=True` writes the valid rows and
reports the rest. Figures are upserted by indicator, region and period, so the
same file imported twice changes nothing; every changed figure keeps a
revision with the old value, who and when.
"""


import polars as pl
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.accounts.scoping import scope_values, user_sees_everything
from qiangshi.accounts.selectors import region_lookup
from qiangshi.dataio.tables import ImportReport, RowError, file_import
from qiangshi.dataio.validation import Check, apply_checks, number, sheet_rows
from qiangshi.engine.periods import JANUARY_ALONE, PeriodError, parse_period
from qiangshi.plan.models import Indicator, Observation, ObservationRevision, Plan

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
STATUS_WORDS = {"": "final", "最终": "final", "终值": "final", "正式": "final",
                "初步": "preliminary", "预计": "preliminary", "初步/预计": "preliminary",
                "快报": "preliminary"}
KEY = ["indicator_id", "region_id", "year", "month", "period_type"]
# Values closer than this are the same figure (floats through Excel and back).
SAME = 1e-9


def _rows(sheets: dict[str, pl.DataFrame]) -> tuple[pl.DataFrame, list[RowError]]:
    # absent="": the pre-issue-11 reading (an absent column as empty cells) until this
    # importer moves onto the keep/clear rule of dataio.validation.
    return sheet_rows(sheets, COLUMNS, required=REQUIRED, alternatives=(("region", "region_name"),),
                      absent="")


def _indicator_table(plan: Plan) -> pl.DataFrame:
    units: dict[int, list[int]] = {}
    through = Indicator.reporting_units.through.objects.filter(indicator__plan=plan)
    for indicator_id, unit_id in through.values_list("indicator_id", "unit_id"):
        units.setdefault(indicator_id, []).append(unit_id)
    rows = [
        (*row, units.get(row[1], []))
        for row in Indicator.objects.filter(plan=plan).values_list(
            "code", "pk", "kind", "frequency", "lower_limit", "upper_limit")
    ]
    return pl.DataFrame(
        rows, orient="row",
        schema={"indicator": pl.String, "indicator_id": pl.Int64, "kind": pl.String,
                "frequency": pl.String, "lower_limit": pl.Float64, "upper_limit": pl.Float64,
                "unit_ids": pl.List(pl.Int64)},
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


def _in_scope(user) -> pl.Expr:
    if user is None or user_sees_everything(user):
        return pl.lit(True)
    scope = scope_values(user)
    shared_units = pl.col("unit_ids").list.set_intersection(
        pl.lit(scope["unit"], dtype=pl.List(pl.Int64))
    )
    return pl.col("region_id").is_in(scope["region"]) | (shared_units.list.len() > 0)


def _checks(user) -> list[Check]:
    return [
        Check("指标代码", "indicator", "当前计划中没有这个指标代码", pl.col("indicator_id").is_null()),
        Check("地区代码", "region_key", "未知地区：应为区划代码或地区名称",
              pl.col("region_id").is_null()),
        Check("期别", "period", None, pl.col("period_error").is_not_null(), "period_error"),
        Check("期别", "period", JANUARY_ALONE,
              (pl.col("frequency") == "monthly_cumulative") & (pl.col("period_type") == "ytd")
              & (pl.col("month") == 1)),
        Check("数值", "value", "不是数字", pl.col("number").is_null()),
        Check("数值", "value", "低于该指标的自然下限", pl.col("number") < pl.col("lower_limit")),
        Check("数值", "value", "高于该指标的自然上限", pl.col("number") > pl.col("upper_limit")),
        Check("数值", "value", "定性指标只能填 1（已完成）或 0（未完成）",
              (pl.col("kind") == "qualitative") & ~pl.col("number").is_in([0.0, 1.0])),
        Check("同比增长(%)", "yoy", "不是数字",
              (pl.col("yoy") != "") & pl.col("yoy_number").is_null()),
        Check("数据状态", "status", "应为“初步”“预计”或“最终”", pl.col("status_code").is_null()),
        Check("指标代码", "indicator", "超出您的数据范围：只能填报本单位负责的指标或本地区的数据",
              pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
              & ~_in_scope(user)),
        Check("期别", "period", "同一指标、地区、期别在文件中重复出现",
              pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
              & pl.col("year").is_not_null() & (pl.int_range(pl.len()).over(KEY) > 0)),
    ]


def _validate(rows: pl.DataFrame, plan: Plan, user) -> tuple[pl.DataFrame, list[RowError]]:
    rows = (
        rows.with_columns(
            pl.when(pl.col("region") != "").then("region").otherwise("region_name")
            .alias("region_key"),
            number("value").alias("number"),
            number("yoy").alias("yoy_number"),
            pl.col("status").replace_strict(STATUS_WORDS, default=None, return_dtype=pl.String)
            .alias("status_code"),
        )
        .join(_indicator_table(plan), on="indicator", how="left")
        .join(region_lookup().drop("region_kind"), on="region_key", how="left")
        .join(_period_table(rows["period"].unique().to_list()), on="period", how="left")
    )
    return apply_checks(rows, _checks(user))


def _existing(valid: pl.DataFrame) -> pl.DataFrame:
    stored = Observation.objects.filter(
        indicator_id__in=valid["indicator_id"].unique().to_list(),
        region_id__in=valid["region_id"].unique().to_list(),
    ).values_list("pk", *KEY, "value", "status", "yoy_growth", "source")
    return pl.DataFrame(
        list(stored), orient="row",
        schema={"observation_id": pl.Int64, **dict.fromkeys(KEY[:2], pl.Int64),
                "year": pl.Int64, "month": pl.Int64, "period_type": pl.String,
                "old_value": pl.Float64, "old_status": pl.String, "old_yoy": pl.Float64,
                "old_source": pl.String},
    )


def _classified(valid: pl.DataFrame) -> pl.DataFrame:
    differs = ((pl.col("number") - pl.col("old_value")).abs() > SAME) \
        | (pl.col("status_code") != pl.col("old_status")) \
        | (pl.col("source") != pl.col("old_source")) \
        | (pl.col("yoy_number").is_null() != pl.col("old_yoy").is_null()) \
        | ((pl.col("yoy_number") - pl.col("old_yoy")).abs() > SAME).fill_null(False)
    return valid.join(_existing(valid), on=KEY, how="left").with_columns(
        pl.when(pl.col("observation_id").is_null()).then(pl.lit("new"))
        .when(differs).then(pl.lit("changed")).otherwise(pl.lit("same")).alias("change")
    )


def _write(plan: Plan, rows: pl.DataFrame, *, filename: str, digest: str, user,
           source_kind: str) -> None:
    actor = current_actor()
    by = user if user is not None else actor.user
    new = rows.filter(pl.col("change") == "new")
    created = Observation.objects.bulk_create([
        Observation(indicator_id=r["indicator_id"], region_id=r["region_id"], year=r["year"],
                    month=r["month"], period_type=r["period_type"], value=r["number"],
                    yoy_growth=r["yoy_number"], status=r["status_code"],
                    source_kind=source_kind, source=r["source"],
                    updated_by=by)
        for r in new.iter_rows(named=True)
    ])
    changed = rows.filter(pl.col("change") == "changed")
    now = timezone.now()
    updates = [
        Observation(pk=r["observation_id"], value=r["number"], yoy_growth=r["yoy_number"],
                    status=r["status_code"], source=r["source"], source_kind=source_kind,
                    computed_from=None, updated_by=by, updated_at=now)
        for r in changed.iter_rows(named=True)
    ]
    Observation.objects.bulk_update(
        updates,
        ["value", "yoy_growth", "status", "source", "source_kind", "computed_from", "updated_by",
         "updated_at"],
    )
    revisions = [
        ObservationRevision(observation=o, old_value=None, new_value=o.value, old_status="",
                            new_status=o.status, source=f"导入 {filename}", changed_by=by,
                            changed_by_name=actor.name)
        for o in created
    ] + [
        ObservationRevision(observation_id=r["observation_id"], old_value=r["old_value"],
                            new_value=r["number"], old_status=r["old_status"],
                            new_status=r["status_code"], source=f"导入 {filename}",
                            changed_by=by, changed_by_name=actor.name)
        for r in changed.iter_rows(named=True)
    ]
    ObservationRevision.objects.bulk_create(revisions)
    Plan.objects.filter(pk=plan.pk).update(data_version=F("data_version") + 1)
    audit_record(action=AuditEvent.Action.UPDATE, obj=plan, changes={
        "observation_import": {"file": filename, "sha256": digest, "created": len(created),
                               "updated": len(updates)},
    })


def observation_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as observation_sheets_save, from an uploaded .xlsx or .csv file."""
    return file_import(observation_sheets_save, content, filename, **options)


def observation_sheets_save(sheets: dict[str, pl.DataFrame], *, label: str, digest: str, plan: Plan,
                            user=None, valid_only: bool = False, dry_run: bool = False,
                            source_kind: str = Observation.SourceKind.REPORTED) -> ImportReport:
    """Validate and upsert figures given as sheets with the template's column headers; the
    file import and the on-screen form both come through here."""
    report = ImportReport()
    rows, errors = _rows(sheets)
    report.rows = rows.height
    valid, row_errors = _validate(rows, plan, user)
    report.errors = errors + row_errors
    classified = _classified(valid)
    counts = classified["change"].value_counts()
    tally = dict(zip(counts["change"].to_list(), counts["count"].to_list(), strict=True))
    report.created, report.updated = tally.get("new", 0), tally.get("changed", 0)
    report.unchanged = tally.get("same", 0)
    if dry_run or (report.errors and not valid_only) or not (report.created or report.updated):
        return report
    with transaction.atomic():
        _write(plan, classified.filter(pl.col("change") != "same"), filename=label, digest=digest,
               user=user, source_kind=source_kind)
    report.written = True
    return report
