"""Importing indicator figures from an Excel or CSV file.

Validation runs as polars expressions over the whole file; every rejected row
is reported with sheet, row, column, value and a reason in Chinese. By default
the import is all-or-nothing; `valid_only=True` writes the valid rows and
reports the rest. Figures are upserted by indicator, region and period, so the
same file imported twice changes nothing; every changed figure keeps a
revision with the old value, who and when.
"""


import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.accounts.selectors import region_lookup
from qiangshi.dataio.tables import ImportReport, RowError, file_import
from qiangshi.dataio.validation import META, Check, apply_checks, number, sheet_rows
from qiangshi.engine.periods import JANUARY_ALONE, PeriodError, parse_period
from qiangshi.plan.figure_rules import FormBounds, in_write_scope, locked_figures
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
CHANGED_SINCE_SHOWN = "该数据在您打开本页后已被{}修改为 {}，未保存；请核对后重新保存"
CHANGED_SINCE_READ = "该数据在本次校验后被他人修改，未写入任何数据；请重新导入或保存，以核对最新值"


class StaleFigures(Exception):
    """Figures changed by someone else between validation and write; nothing is written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


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


def _form_checks(form: FormBounds | None) -> list[Check]:
    """A report form's upload or typed figures carry only that form's figures."""
    if form is None:
        return []
    return [
        Check("指标代码", "indicator",
              f"本表不含这个指标（本表只收：{'、'.join(form.indicator_codes)}）",
              pl.col("indicator_id").is_not_null()
              & ~pl.col("indicator_id").is_in(list(form.indicator_ids))),
        Check("地区代码", "region_key", f"本表只填报{form.region_name}的数据",
              pl.col("region_id").is_not_null() & (pl.col("region_id") != form.region_id)),
        Check("期别", "period", f"本表只收 {form.period_label} 的数据",
              pl.col("year").is_not_null()
              & ((pl.col("year") != form.year) | (pl.col("month") != form.month)
                 | (pl.col("period_type") != form.period_type))),
    ]


def _checks(user, plan: Plan, form: FormBounds | None) -> list[Check]:
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
              & ~in_write_scope(user, plan)),
        Check("期别", "period", "同一指标、地区、期别在文件中重复出现",
              pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
              & pl.col("year").is_not_null() & (pl.int_range(pl.len()).over(KEY) > 0)),
        *_form_checks(form),
    ]


def _validate(rows: pl.DataFrame, plan: Plan, indicators: pl.DataFrame, user,
              form: FormBounds | None) -> tuple[pl.DataFrame, list[RowError]]:
    rows = (
        rows.with_columns(
            pl.when(pl.col("region") != "").then("region").otherwise("region_name")
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


def _existing(valid: pl.DataFrame) -> pl.DataFrame:
    stored = Observation.objects.filter(
        indicator_id__in=valid["indicator_id"].unique().to_list(),
        region_id__in=valid["region_id"].unique().to_list(),
    ).values_list("pk", *KEY, "value", "status", "yoy_growth", "source", "version",
                  "updated_by__display_name")
    return pl.DataFrame(
        list(stored), orient="row",
        schema={"observation_id": pl.Int64, **dict.fromkeys(KEY[:2], pl.Int64),
                "year": pl.Int64, "month": pl.Int64, "period_type": pl.String,
                "old_value": pl.Float64, "old_status": pl.String, "old_yoy": pl.Float64,
                "old_source": pl.String, "old_version": pl.Int64, "old_by": pl.String},
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


def _write_checks(classified: pl.DataFrame, plan: Plan, indicators: pl.DataFrame,
                  form: FormBounds | None) -> tuple[pl.DataFrame, list[RowError]]:
    """Checks on rows that would change a stored figure: the approval lock, and for typed
    figures the version the form showed (optimistic concurrency)."""
    writes = pl.col("change") != "same"
    rows = classified.join(locked_figures(plan, indicators), on=KEY, how="left")
    checks = [Check("期别", "period", None, writes & pl.col("lock_reason").is_not_null(),
                    "lock_reason")]
    if form is not None and form.versions is not None:
        shown = pl.col("indicator_id").replace_strict(form.versions, default=None,
                                                      return_dtype=pl.Int64)
        who = pl.col("old_by").replace("", None).fill_null("其他用户")
        rows = rows.with_columns(
            pl.format(CHANGED_SINCE_SHOWN, who, pl.col("old_value").round(6).cast(pl.String))
            .alias("conflict_reason"))
        checks.append(Check("数值", "value", None,
                            writes & pl.col("indicator_id").is_in(list(form.versions))
                            & ~pl.col("old_version").eq_missing(shown), "conflict_reason"))
    valid, errors = apply_checks(rows, checks)
    return valid.drop("lock_reason", "conflict_reason", strict=False), errors


def _claim(changed: pl.DataFrame) -> None:
    """Lock the stored rows about to change (in key order, so two writers cannot deadlock) and
    make sure nobody changed them since they were read; else nothing is written."""
    if changed.is_empty():
        return
    current = pl.DataFrame(
        list(Observation.objects.select_for_update().filter(
            pk__in=changed["observation_id"].to_list()).order_by("pk").values_list("pk", "version")),
        orient="row", schema={"observation_id": pl.Int64, "now_version": pl.Int64})
    stale = changed.join(current, on="observation_id", how="left").filter(
        ~pl.col("now_version").eq_missing(pl.col("old_version")))
    if not stale.is_empty():
        raise StaleFigures([RowError(sheet, row, "数值", value, CHANGED_SINCE_READ)
                            for sheet, row, value in stale.select(*META, "value").iter_rows()])


def _write(plan: Plan, rows: pl.DataFrame, *, filename: str, digest: str, user,
           source_kind: str) -> None:
    changed = rows.filter(pl.col("change") == "changed")
    _claim(changed)
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
    now = timezone.now()
    updates = [
        Observation(pk=r["observation_id"], value=r["number"], yoy_growth=r["yoy_number"],
                    status=r["status_code"], source=r["source"], source_kind=source_kind,
                    computed_from=None, updated_by=by, updated_at=now,
                    version=r["old_version"] + 1)
        for r in changed.iter_rows(named=True)
    ]
    Observation.objects.bulk_update(
        updates,
        ["value", "yoy_growth", "status", "source", "source_kind", "computed_from", "updated_by",
         "updated_at", "version"],
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
                            source_kind: str = Observation.SourceKind.REPORTED,
                            form: FormBounds | None = None) -> ImportReport:
    """Validate and upsert figures given as sheets with the template's column headers: the ONE
    write path of figures (file import, command, report form and its upload, computed and
    demo figures). `form` bounds the rows to one report form's figures."""
    report = ImportReport()
    rows, errors = _rows(sheets)
    report.rows = rows.height
    indicators = _indicator_table(plan)
    valid, row_errors = _validate(rows, plan, indicators, user, form)
    classified, write_errors = _write_checks(_classified(valid), plan, indicators, form)
    report.errors = sorted(errors + row_errors + write_errors, key=lambda e: (e.sheet, e.row))
    counts = classified["change"].value_counts()
    tally = dict(zip(counts["change"].to_list(), counts["count"].to_list(), strict=True))
    report.created, report.updated = tally.get("new", 0), tally.get("changed", 0)
    report.unchanged = tally.get("same", 0)
    if dry_run or (report.errors and not valid_only) or not (report.created or report.updated):
        return report
    try:
        with transaction.atomic():
            _write(plan, classified.filter(pl.col("change") != "same"), filename=label,
                   digest=digest, user=user, source_kind=source_kind)
    except StaleFigures as stale:
        report.errors += stale.errors
        return report
    except IntegrityError as error:
        # Someone inserted the same indicator, region and period after our read.
        if not any(mark in str(error) for mark in ("observation_natural_key",
                                                   "UNIQUE constraint failed: plan_observation")):
            raise
        report.errors.append(RowError(label, 0, "数据", "", CHANGED_SINCE_READ))
        return report
    report.written = True
    return report
