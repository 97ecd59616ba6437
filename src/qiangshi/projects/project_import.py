"""Importing the project pipeline: projects (sheet 项目), monthly progress (sheet 月度进展) and
year plans (sheet 年度计划).

Validated as polars expressions with reasons in Chinese; upserted by 项目编号 (progress by
project + year + month, plans by project + year), so importing the same file twice changes
nothing. Each filled stage date becomes a StageChange (a changed date updates it) and the
project's stage is the highest stage with a date. All-or-nothing unless `valid_only`; one
audit entry per import that writes anything.
"""


import polars as pl
from django.db import transaction
from django.utils import timezone

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent, Unit
from qiangshi.accounts.scoping import scope_values, user_sees_everything
from qiangshi.accounts.selectors import region_lookup
from qiangshi.dataio.tables import ImportReport, RowError, file_import
from qiangshi.dataio.validation import Check, apply_checks, number, sheet_rows
from qiangshi.engine.projects import REGISTERED, REGISTERED_LABEL, STAGE_LABELS, STAGES
from qiangshi.engine.uscc import uscc_validate
from qiangshi.enterprises.models import Enterprise
from qiangshi.enterprises.parsing import bad_year, date, yes_no
from qiangshi.projects.columns import (
    PLAN_COLUMNS,
    PLAN_REQUIRED,
    PROGRESS_COLUMNS,
    PROGRESS_REQUIRED,
    PROJECT_COLUMNS,
    PROJECT_REQUIRED,
    STAGE_DATE_FIELDS,
)
from qiangshi.projects.models import MonthlyProgress, Project, StageChange, YearPlan
from qiangshi.projects.signals import pipeline_changed

FIELDS = ["name", "owner_id", "owner_uscc", "owner_name", "region_id", "zone_id", "chain_code",
          "kind", "major", "key_renovation", "chain_strengthening", "state_owned",
          "planned_investment", "origin", "origin_list", "unit_id", "contact"]
FLAGS = ["major", "key_renovation", "chain_strengthening", "state_owned"]
KIND_BY_LABEL = {label: value for value, label in Project.Kind.choices}
ORIGIN_BY_LABEL = {label: value for value, label in Project.Origin.choices}
# the stages in the order their dates must follow (在建 has no column: it shares 开工's date)
ORDERED = [s for s in STAGES if s in STAGE_DATE_FIELDS]
# a stage date needs this earlier stage's date too
NEEDS = {"registered": "started", "completed": "started", "producing": "started",
         "counted": "producing"}
SAME = 0.005  # half a cent of a 万元: money is stored with two decimals
TOO_LONG = {"code": 32, "name": 200, "owner_name": 200, "chain_code": 64, "origin_list": 100,
            "contact": 64}


def _label(stage: str) -> str:
    return REGISTERED_LABEL if stage == REGISTERED else STAGE_LABELS[stage]


def _split(sheets: dict[str, pl.DataFrame]) -> tuple[dict, dict, dict]:
    """Sheets with a 年月 column are progress, with a 年度计划投资 column plans; the rest projects."""
    progress = {n: f for n, f in sheets.items() if PROGRESS_COLUMNS["period"] in f.columns}
    plans = {n: f for n, f in sheets.items() if PLAN_COLUMNS["planned"] in f.columns
             and n not in progress}
    projects = {n: f for n, f in sheets.items() if n not in progress and n not in plans}
    return projects, progress, plans


def _in_scope(user, *columns: str) -> pl.Expr:
    if user is None or user_sees_everything(user):
        return pl.lit(True)
    regions = scope_values(user)["region"]
    return pl.any_horizontal([pl.col(c).is_in(regions).fill_null(False) for c in columns])


def _unit_lookup(key: str, column: str) -> pl.DataFrame:
    """unit name, short name, alias or code (as typed in a file) → unit pk."""
    rows = [(k, pk) for pk, code, name, short, aliases in Unit.objects.values_list(
        "pk", "code", "name", "short_name", "aliases") for k in (name, short, *aliases, code) if k]
    return pl.DataFrame(rows, orient="row", schema={key: pl.String, column: pl.Int64}).unique(
        key, keep="first", maintain_order=True)


def _stored_projects(codes: list[str]) -> pl.DataFrame:
    rows = Project.objects.filter(code__in=codes).values_list("code", "pk", "region_id", "zone_id")
    return pl.DataFrame(list(rows), orient="row", schema={
        "code": pl.String, "stored_id": pl.Int64, "stored_region_id": pl.Int64,
        "stored_zone_id": pl.Int64})


def _date_checks(rows: pl.DataFrame, today) -> tuple[pl.DataFrame, list[Check]]:
    """Unreadable or future dates, and stage dates out of order (a later stage dated before
    the latest earlier stage, 投产 without 开工, …), as transition_problem would refuse them."""
    dates = {stage: pl.col(f"{field}_date") for stage, field in STAGE_DATE_FIELDS.items()}
    reasons = []
    for stage in STAGE_DATE_FIELDS:
        earlier = ["started"] if stage == REGISTERED else ORDERED[:ORDERED.index(stage)]
        reason = pl.lit(None, dtype=pl.String)
        for before in earlier:  # the latest earlier stage with a date wins
            reason = (pl.when(dates[before].is_not_null() & (dates[stage] < dates[before]))
                      .then(pl.format(f"日期早于{_label(before)}日期 {{}}",
                                      dates[before].dt.strftime("%Y-%m-%d")))
                      .when(dates[before].is_not_null()).then(pl.lit(None, dtype=pl.String))
                      .otherwise(reason))
        need = NEEDS.get(stage)
        if need is not None:
            verb = "开工" if need == "started" else "投产"
            reason = (pl.when(dates[stage].is_not_null() & dates[need].is_null())
                      .then(pl.lit(f"没有{_label(need)}日期（尚未{verb}），不能有{_label(stage)}日期"))
                      .otherwise(reason))
        reasons.append(reason.alias(f"_order_{stage}"))
    rows = rows.with_columns(reasons)
    checks = []
    for stage, field in STAGE_DATE_FIELDS.items():
        header = PROJECT_COLUMNS[field]
        parsed = pl.col(f"{field}_date")
        checks += [
            Check(header, field, "无法识别的日期（如 2024-06-30）",
                  (pl.col(field) != "") & parsed.is_null()),
            Check(header, field, f"日期晚于今天 {today.isoformat()}", parsed > pl.lit(today)),
            Check(header, field, None, pl.col(f"_order_{stage}").is_not_null(), f"_order_{stage}"),
        ]
    return rows, checks


def _project_rows(rows: pl.DataFrame, user) -> tuple[pl.DataFrame, list[RowError]]:
    today = timezone.localdate()
    owners = uscc_validate(rows["owner_uscc"])
    rows = rows.with_columns(owners["code"].alias("owner_code"),
                             owners["reason"].alias("owner_reason"))
    registered = pl.DataFrame(list(Enterprise.objects.filter(
        uscc__in=rows["owner_code"].drop_nulls().unique().to_list()).values_list("uscc", "pk")),
        orient="row", schema={"owner_code": pl.String, "owner_id": pl.Int64})
    districts = region_lookup(kinds=("city", "district", "county")).select(
        pl.col("region_key").alias("region"), "region_id")
    zones = region_lookup(kinds=("zone",)).select(
        pl.col("region_key").alias("zone"), pl.col("region_id").alias("zone_id"))
    rows = (
        rows.with_columns(
            number("planned_investment").alias("investment_value"),
            pl.col("kind").replace_strict(KIND_BY_LABEL, default=None).alias("kind_code"),
            pl.when(pl.col("origin") == "").then(pl.lit(Project.Origin.PLANNED.value))
            .otherwise(pl.col("origin").replace_strict(ORIGIN_BY_LABEL, default=None))
            .alias("origin_code"),
            *[yes_no(flag).alias(f"{flag}_flag") for flag in FLAGS],
            *[date(field).alias(f"{field}_date") for field in STAGE_DATE_FIELDS.values()],
        )
        .join(registered, on="owner_code", how="left")
        .join(districts, on="region", how="left")
        .join(zones, on="zone", how="left")
        .join(_unit_lookup("unit", "unit_id"), on="unit", how="left")
        .join(_stored_projects(rows["code"].unique().to_list()), on="code", how="left")
    )
    rows, date_checks = _date_checks(rows, today)
    checks = [
        Check("项目编号", "code", "项目编号为空", pl.col("code") == ""),
        Check("项目名称", "name", "项目名称为空", pl.col("name") == ""),
        *[Check(PROJECT_COLUMNS[f], f, f"过长：最多 {n} 个字符", pl.col(f).str.len_chars() > n)
          for f, n in TOO_LONG.items()],
        Check("业主统一社会信用代码", "owner_uscc", None,
              (pl.col("owner_uscc") != "") & pl.col("owner_reason").is_not_null(), "owner_reason"),
        Check("所在区县", "region", "未知区县：应为区划代码或区县名称", pl.col("region_id").is_null()),
        Check("所在功能区", "zone", "未知功能区", (pl.col("zone") != "") & pl.col("zone_id").is_null()),
        Check("项目类型", "kind", f"应为：{'、'.join(KIND_BY_LABEL)}", pl.col("kind_code").is_null()),
        *[Check(PROJECT_COLUMNS[flag], flag, "应填“是”或“否”", pl.col(f"{flag}_flag").is_null())
          for flag in FLAGS],
        Check("计划总投资（万元）", "planned_investment", "应为非负数字",
              (pl.col("planned_investment") != "")
              & (pl.col("investment_value").is_null() | (pl.col("investment_value") < 0))),
        Check("项目来源", "origin", f"应为：{'、'.join(ORIGIN_BY_LABEL)}",
              pl.col("origin_code").is_null()),
        Check("责任单位", "unit", "未知责任单位：应为单位名称、简称或别名", pl.col("unit_id").is_null()),
        *date_checks,
        Check("所在区县", "region", "超出您的数据范围：只能导入本地区的项目",
              pl.col("region_id").is_not_null() & ~_in_scope(user, "region_id", "zone_id")),
        Check("项目编号", "code", "该项目已登记在其他地区，超出您的数据范围",
              pl.col("stored_id").is_not_null()
              & ~_in_scope(user, "stored_region_id", "stored_zone_id")),
        Check("项目编号", "code", "同一项目在文件中重复出现",
              (pl.col("code") != "") & (pl.int_range(pl.len()).over("code") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    linked = pl.col("owner_id").is_not_null()
    return valid.select(
        "code", "name", "owner_id",
        pl.when(linked | (pl.col("owner_uscc") == "")).then(pl.lit(""))
        .otherwise(pl.col("owner_code")).alias("owner_uscc"),
        "owner_name", "region_id", "zone_id", "chain_code", pl.col("kind_code").alias("kind"),
        *[pl.col(f"{flag}_flag").alias(flag) for flag in FLAGS],
        pl.col("investment_value").round(2).alias("planned_investment"),
        pl.col("origin_code").alias("origin"), "origin_list", "unit_id", "contact",
        *[pl.col(f"{field}_date").alias(stage) for stage, field in STAGE_DATE_FIELDS.items()],
    ), errors


def _known_projects(codes: list[str], valid: pl.DataFrame) -> pl.DataFrame:
    """项目编号 → region of the project: this file's valid rows first, else the stored one."""
    stored = _stored_projects(codes).select(
        "code", pl.col("stored_region_id").alias("region_id"),
        pl.col("stored_zone_id").alias("zone_id"))
    fresh = valid.select("code", "region_id", "zone_id")
    return pl.concat([fresh, stored.filter(~pl.col("code").is_in(fresh["code"].implode()))]
                     ).with_columns(pl.lit(True).alias("known"))


def _project_link_checks(user) -> list[Check]:
    return [
        Check("项目编号", "code", "未知项目：请先在“项目”表中填写该项目", pl.col("known").is_null()),
        Check("项目编号", "code", "超出您的数据范围：只能导入本地区项目的数据",
              pl.col("known").is_not_null() & ~_in_scope(user, "region_id", "zone_id")),
    ]


def _progress_rows(rows: pl.DataFrame, known: pl.DataFrame, user
                   ) -> tuple[pl.DataFrame, list[RowError]]:
    period = pl.col("period").str.extract_groups(r"^(\d{4})\s*[-/.年]?\s*(\d{1,2})")
    rows = (
        rows.with_columns(
            period.struct.field("1").cast(pl.Int32, strict=False).alias("year"),
            period.struct.field("2").cast(pl.Int32, strict=False).alias("month"),
            number("invested_month").alias("invested_value"),
            number("physical_percent").alias("percent_value"),
        )
        .join(known, on="code", how="left")
        .join(_unit_lookup("issue_unit", "issue_unit_id"), on="issue_unit", how="left")
    )
    checks = [
        *_project_link_checks(user),
        Check("年月", "period", "无法识别的年月（如 2024-06）",
              pl.col("year").is_null() | (pl.col("year") < 1949) | (pl.col("year") > 2100)
              | pl.col("month").is_null() | (pl.col("month") < 1) | (pl.col("month") > 12)),
        Check("当月完成投资（万元）", "invested_month", "应为非负数字",
              (pl.col("invested_month") != "")
              & (pl.col("invested_value").is_null() | (pl.col("invested_value") < 0))),
        Check("形象进度（%）", "physical_percent", "应为 0 到 100 之间的数字",
              (pl.col("physical_percent") != "")
              & (pl.col("percent_value").is_null() | (pl.col("percent_value") < 0)
                 | (pl.col("percent_value") > 100))),
        Check("问题类别", "issue_kind", "过长：最多 16 个字符", pl.col("issue_kind").str.len_chars() > 16),
        Check("协调单位", "issue_unit", "未知单位：应为单位名称、简称或别名",
              (pl.col("issue_unit") != "") & pl.col("issue_unit_id").is_null()),
        Check("年月", "period", "同一项目同一月份在文件中重复出现",
              pl.col("year").is_not_null() & pl.col("month").is_not_null()
              & (pl.int_range(pl.len()).over("code", "year", "month") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select("code", "year", "month",
                        pl.col("invested_value").round(2).alias("invested_month"),
                        pl.col("percent_value").alias("physical_percent"), "issues",
                        "issue_kind", "issue_unit_id"), errors


def _plan_rows(rows: pl.DataFrame, known: pl.DataFrame, user) -> tuple[pl.DataFrame, list[RowError]]:
    rows = rows.with_columns(
        pl.col("year").str.replace(r"\.0$", "").cast(pl.Int32, strict=False).alias("year_value"),
        number("planned").alias("planned_value"),
    ).join(known, on="code", how="left")
    checks = [
        *_project_link_checks(user),
        Check("年度", "year", "年份无效", pl.col("year_value").is_null() | bad_year("year")),
        Check("年度计划投资（万元）", "planned", "应为非负数字",
              pl.col("planned_value").is_null() | (pl.col("planned_value") < 0)),
        Check("年度", "year", "同一项目同一年度在文件中重复出现",
              pl.col("year_value").is_not_null()
              & (pl.int_range(pl.len()).over("code", "year_value") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select("code", pl.col("year_value").alias("year"),
                        pl.col("planned_value").round(2).alias("planned")), errors


def _same(new, old) -> bool:
    if new is None or old is None:
        return new is None and old is None
    if isinstance(new, float):
        return abs(float(old) - new) < SAME
    return new == old


def _write_projects(valid: pl.DataFrame, *, is_demo: bool, note: str) -> tuple[int, int]:
    codes = valid["code"].to_list()
    stored = {row["code"]: row for row in Project.objects.filter(code__in=codes).values(
        "pk", "code", "stage", *FIELDS)}
    new, changed = [], []
    for row in valid.iter_rows(named=True):
        old = stored.get(row["code"])
        values = {name: row[name] for name in FIELDS}
        if old is None:
            new.append(Project(code=row["code"], is_demo=is_demo, **values))
        elif not all(_same(values[name], old[name]) for name in FIELDS):
            changed.append(Project(pk=old["pk"], **values))
    Project.objects.bulk_create(new, batch_size=2000)
    Project.objects.bulk_update(changed, FIELDS, batch_size=500)
    touched = {p.pk for p in changed}

    ids = dict(Project.objects.filter(code__in=codes).values_list("code", "pk"))
    dates: dict[int, dict[str, tuple[int, object]]] = {}
    for pk, project_id, stage, on in StageChange.objects.filter(
            project_id__in=ids.values()).values_list("pk", "project_id", "stage", "on"):
        dates.setdefault(project_id, {})[stage] = (pk, on)
    recorded_by = current_actor().name
    new_stages, moved = [], []
    for row in valid.iter_rows(named=True):
        project_id = ids[row["code"]]
        have = dates.setdefault(project_id, {})
        for stage in STAGE_DATE_FIELDS:
            on = row[stage]
            if on is None:
                continue
            if stage not in have:
                new_stages.append(StageChange(project_id=project_id, stage=stage, on=on, note=note,
                                              recorded_by=recorded_by))
            elif have[stage][1] != on:
                moved.append(StageChange(pk=have[stage][0], on=on))
            else:
                continue
            have[stage] = (None, on)
            touched.add(project_id)
    StageChange.objects.bulk_create(new_stages, batch_size=2000)
    StageChange.objects.bulk_update(moved, ["on"], batch_size=500)

    restaged = []
    for code, project_id in ids.items():
        reached = [s for s in STAGES if s in dates.get(project_id, {})]
        if not reached:
            continue
        old = stored.get(code)
        if (old["stage"] if old else "planning") != reached[-1]:
            restaged.append(Project(pk=project_id, stage=reached[-1]))
            touched.add(project_id)
    Project.objects.bulk_update(restaged, ["stage"], batch_size=500)
    created = {p.pk for p in new}
    return len(created), len(touched - created)


def _upsert(model, valid: pl.DataFrame, ids: dict, keys: list[str], values: list[str]
            ) -> tuple[int, int]:
    stored = {tuple(r[:len(keys) + 1]): (r[len(keys) + 1], r[len(keys) + 2:]) for r in
              model.objects.filter(project_id__in=ids.values()).values_list(
                  "project_id", *keys, "pk", *values)}
    new, changed = [], []
    for row in valid.iter_rows(named=True):
        project_id = ids[row["code"]]
        key = (project_id, *[row[k] for k in keys])
        fields = {name: row[name] for name in values}
        if key not in stored:
            new.append(model(project_id=project_id, **{k: row[k] for k in keys}, **fields))
        elif not all(_same(fields[name], old) for name, old in zip(values, stored[key][1], strict=True)):
            changed.append(model(pk=stored[key][0], **fields))
    model.objects.bulk_create(new, batch_size=2000)
    model.objects.bulk_update(changed, values, batch_size=500)
    return len(new), len(changed)


def project_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as project_sheets_import, from an uploaded .xlsx or .csv file."""
    return file_import(project_sheets_import, content, filename, **options)


def project_sheets_import(sheets: dict[str, pl.DataFrame], *, label: str, digest: str,
                          user=None, valid_only: bool = False, dry_run: bool = False,
                          is_demo: bool = False) -> ImportReport:
    """Projects, progress and plans given as sheets with the template's headers."""
    project_sheets, progress_sheets, plan_sheets = _split(sheets)
    # absent="": the pre-issue-11 reading (an absent column as empty cells) until this
    # importer moves onto the keep/clear rule of dataio.validation.
    rows, errors = sheet_rows(project_sheets, PROJECT_COLUMNS, required=PROJECT_REQUIRED,
                              absent="")
    valid, row_errors = _project_rows(rows, user)
    progress_rows, progress_errors = sheet_rows(progress_sheets, PROGRESS_COLUMNS,
                                                required=PROGRESS_REQUIRED, absent="")
    plan_rows, plan_errors = sheet_rows(plan_sheets, PLAN_COLUMNS, required=PLAN_REQUIRED,
                                        absent="")
    linked = pl.concat([progress_rows["code"], plan_rows["code"]]).unique().to_list()
    known = _known_projects(linked, valid)
    progress, progress_row_errors = _progress_rows(progress_rows, known, user)
    plans, plan_row_errors = _plan_rows(plan_rows, known, user)
    report = ImportReport(rows=rows.height + progress_rows.height + plan_rows.height,
                          errors=errors + row_errors + progress_errors + progress_row_errors
                          + plan_errors + plan_row_errors)
    if dry_run or (report.errors and not valid_only):
        report.created = valid.height + progress.height + plans.height
        return report
    with transaction.atomic():
        created, updated = _write_projects(valid, is_demo=is_demo, note=f"导入：{label}"[:300])
        ids = dict(Project.objects.filter(
            code__in=pl.concat([progress["code"], plans["code"]]).unique().to_list())
            .values_list("code", "pk"))
        progress_created, progress_updated = _upsert(
            MonthlyProgress, progress, ids, ["year", "month"],
            ["invested_month", "physical_percent", "issues", "issue_kind", "issue_unit_id"])
        plans_created, plans_updated = _upsert(YearPlan, plans, ids, ["year"], ["planned"])
        report.created = created + progress_created + plans_created
        report.updated = updated + progress_updated + plans_updated
        report.unchanged = (valid.height + progress.height + plans.height
                            - report.created - report.updated)
        if report.created or report.updated:
            audit_record(action=AuditEvent.Action.CREATE, object_type="projects.Project",
                         object_repr=label[:200], changes={"project_import": {
                             "file": label, "sha256": digest,
                             "projects_created": created, "projects_updated": updated,
                             "progress_created": progress_created,
                             "progress_updated": progress_updated,
                             "plans_created": plans_created, "plans_updated": plans_updated}})
            report.written = True
            transaction.on_commit(lambda: pipeline_changed.send(sender=Project))
    return report
