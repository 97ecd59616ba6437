"""Importing the project pipeline: projects (sheet 项目), monthly progress (sheet 月度进展) and
year plans (sheet 年度计划).

Validated as polars expressions with reasons in Chinese; upserted by 项目编号 (progress by
project + year + month, plans by project + year), so importing the same file twice changes
nothing. Each filled stage date becomes a StageChange (a changed date updates it) and the
project's stage is the highest stage with a date. All-or-nothing unless `valid_only`.

The rules of the shared import path (dataio): a column absent from the file, or an empty
cell, leaves the stored value; 清空 clears it; values beyond the database columns are
refused; the stored project a row changes must be in the user's scope and only an analyst
may move it to another district; a dry-run is the same write rolled back; stored rows are
locked while they are compared and written. Every field an import changes is kept in the
audit trail with its old value, who and when (one entry per changed row).
"""

import polars as pl
from django.db import transaction
from django.db.models import F, FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from qiangshi.accounts.audit import audit_changes, audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.accounts.scoping import scope_expr
from qiangshi.accounts.selectors import region_lookup, unit_lookup
from qiangshi.dataio.cells import bad_year, yes_no
from qiangshi.dataio.limits import limit_checks
from qiangshi.dataio.merge import changes, compare, counted
from qiangshi.dataio.runner import import_write, lock_ids, locked
from qiangshi.dataio.scope import visible_ids, write_scope_checks
from qiangshi.dataio.tables import ImportReport, RowError, file_import, has_column
from qiangshi.dataio.validation import (
    CLEAR_MARK,
    Check,
    apply_checks,
    date,
    filled,
    given,
    number,
    sheet_rows,
    unknown_headers,
)
from qiangshi.engine.projects import REGISTERED, REGISTERED_LABEL, STAGE_LABELS, STAGES
from qiangshi.engine.uscc import uscc_validate
from qiangshi.enterprises.selectors import enterprise_ids
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
          "chain_node", "kind", "major", "key_renovation", "chain_strengthening", "state_owned",
          "planned_investment", "origin", "origin_list", "unit_id", "contact"]
FLAGS = ["major", "key_renovation", "chain_strengthening", "state_owned"]
TEXTS = ["owner_name", "chain_code", "chain_node", "origin_list", "contact"]
# the file column that decides whether a stored field is given (else the field's own name)
SOURCE = {"owner_id": "owner_uscc", "region_id": "region", "zone_id": "zone", "unit_id": "unit"}
# what a new project gets for a field the file leaves out
DEFAULTS = {**dict.fromkeys([*TEXTS, "owner_uscc"], ""), **dict.fromkeys(FLAGS, False),
            "origin": Project.Origin.PLANNED.value}
PROGRESS_FIELDS = {"invested_month": "invested_month", "physical_percent": "physical_percent",
                   "issues": "issues", "issue_kind": "issue_kind", "issue_unit_id": "issue_unit"}
PROGRESS_DEFAULTS = {"issues": "", "issue_kind": ""}
KIND_BY_LABEL = {label: value for value, label in Project.Kind.choices}
ORIGIN_BY_LABEL = {label: value for value, label in Project.Origin.choices}
# the stages in the order their dates must follow (在建 has no column: it shares 开工's date)
ORDERED = [s for s in STAGES if s in STAGE_DATE_FIELDS]
# a stage date needs this earlier stage's date too
NEEDS = {"registered": "started", "completed": "started", "producing": "started",
         "counted": "producing"}


def _label(stage: str) -> str:
    return REGISTERED_LABEL if stage == REGISTERED else STAGE_LABELS[stage]


def _split(sheets: dict[str, pl.DataFrame]) -> tuple[dict, dict, dict]:
    """Sheets with a 年月 column are progress, with a 年度计划投资 column plans; the rest projects."""
    progress = {n: f for n, f in sheets.items() if has_column(f, PROGRESS_COLUMNS["period"])}
    plans = {n: f for n, f in sheets.items() if has_column(f, PLAN_COLUMNS["planned"])
             and n not in progress}
    projects = {n: f for n, f in sheets.items() if n not in progress and n not in plans}
    return projects, progress, plans


def _stored_projects(codes: list[str]) -> pl.DataFrame:
    rows = Project.objects.filter(code__in=codes).values_list("code", "pk", "region_id", "zone_id",
                                                              "chain_code")
    return pl.DataFrame(list(rows), orient="row", schema={
        "code": pl.String, "stored_id": pl.Int64, "stored_region_id": pl.Int64,
        "stored_zone_id": pl.Int64, "stored_chain_code": pl.String})


def _node_checks(rows: pl.DataFrame) -> tuple[pl.DataFrame, list[Check]]:
    """A 产业链环节 must be a node of its chain's newest map: the row's chain, else the stored
    project's."""
    # chains reads projects for its pages: imported here so neither app imports the other at load.
    from qiangshi.chains.selectors import chain_names, chain_nodes

    nodes = pl.DataFrame([(code, node) for code, names in chain_nodes().items() for node in names],
                         orient="row", schema={"_node_chain": pl.String, "chain_node": pl.String})
    chain = pl.when(given("chain_code")).then(_cleared("chain_code", pl.col("chain_code"), pl.lit("")))
    rows = rows.with_columns(chain.otherwise(pl.col("stored_chain_code")).fill_null("").alias("_node_chain"))
    rows = rows.join(nodes.with_columns(pl.lit(True).alias("_node_known")),
                     on=["_node_chain", "chain_node"], how="left")
    header = PROJECT_COLUMNS["chain_node"]
    return rows, [
        Check(header, "chain_node", "未填写产业链，不能填写产业链环节",
              filled("chain_node") & (pl.col("_node_chain") == "")),
        Check(header, "chain_node",
              pl.format("不是产业链“{}”最新图谱中的环节",
                        pl.col("_node_chain").replace_strict(chain_names(), default=pl.col("_node_chain"))),
              filled("chain_node") & (pl.col("_node_chain") != "") & pl.col("_node_known").is_null()),
    ]


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
            Check(header, field, "阶段日期不能清空：请在项目页面核对阶段记录",
                  pl.col(field) == CLEAR_MARK),
            Check(header, field, "无法识别的日期（如 2024-06-30）",
                  filled(field) & parsed.is_null()),
            *limit_checks(StageChange, {"on": (header, field, f"{field}_date")}),
            Check(header, field, f"日期晚于今天 {today.isoformat()}", parsed > pl.lit(today)),
            Check(header, field, None, pl.col(f"_order_{stage}").is_not_null(), f"_order_{stage}"),
        ]
    return rows, checks


def _cleared(column: str, value: pl.Expr, cleared) -> pl.Expr:
    """`value`, or `cleared` where the cell holds the clear mark."""
    return pl.when(pl.col(column) == CLEAR_MARK).then(cleared).otherwise(value)


def _project_rows(rows: pl.DataFrame, user) -> tuple[pl.DataFrame, list[RowError]]:
    today = timezone.localdate()
    owner_text = pl.when(filled("owner_uscc")).then(pl.col("owner_uscc")).otherwise(pl.lit(""))
    owners = uscc_validate(rows.select(owner_text)["owner_uscc"])
    rows = rows.with_columns(owners["code"].alias("owner_code"),
                             owners["reason"].alias("owner_reason"))
    registered = pl.DataFrame(
        list(enterprise_ids(rows["owner_code"].drop_nulls().unique().to_list()).items()),
        orient="row", schema={"owner_code": pl.String, "owner_id": pl.Int64})
    districts = region_lookup(kinds=("city", "district", "county")).select(
        pl.col("region_key").alias("region"), "region_id")
    zones = region_lookup(kinds=("zone",)).select(
        pl.col("region_key").alias("zone"), pl.col("region_id").alias("zone_id"))
    stored = _stored_projects(rows["code"].unique().to_list())
    rows = (
        rows.with_columns(
            number("planned_investment").alias("investment_value"),
            pl.col("kind").replace_strict(KIND_BY_LABEL, default=None).alias("kind_code"),
            _cleared("origin", pl.col("origin").replace_strict(ORIGIN_BY_LABEL, default=None),
                     pl.lit(Project.Origin.PLANNED.value)).alias("origin_code"),
            *[_cleared(flag, yes_no(flag), pl.lit(False)).alias(f"{flag}_flag") for flag in FLAGS],
            *[pl.when(filled(field)).then(date(field)).alias(f"{field}_date")
              for field in STAGE_DATE_FIELDS.values()],
        )
        .join(registered, on="owner_code", how="left")
        .join(districts, on="region", how="left")
        .join(zones, on="zone", how="left")
        .join(unit_lookup("unit", "unit_id"), on="unit", how="left")
        .join(stored, on="code", how="left")
    )
    rows, date_checks = _date_checks(rows, today)
    rows, node_checks = _node_checks(rows)
    checks = [
        Check("项目编号", "code", "项目编号为空", pl.col("code") == ""),
        Check("项目名称", "name", "项目名称为空", pl.col("name") == ""),
        *limit_checks(Project, {
            **{f: PROJECT_COLUMNS[f] for f in ("code", "name", *TEXTS)},
            "planned_investment": (PROJECT_COLUMNS["planned_investment"], "planned_investment",
                                   "investment_value")}),
        Check("业主统一社会信用代码", "owner_uscc", None,
              filled("owner_uscc") & pl.col("owner_reason").is_not_null(), "owner_reason"),
        Check("所在区县", "region", "未知区县：应为区划代码或区县名称", pl.col("region_id").is_null()),
        Check("所在功能区", "zone", "未知功能区", filled("zone") & pl.col("zone_id").is_null()),
        Check("项目类型", "kind", f"应为：{'、'.join(KIND_BY_LABEL)}", pl.col("kind_code").is_null()),
        *[Check(PROJECT_COLUMNS[flag], flag, "应填“是”或“否”",
                given(flag) & pl.col(f"{flag}_flag").is_null()) for flag in FLAGS],
        Check("计划总投资（万元）", "planned_investment", "应为非负数字",
              filled("planned_investment")
              & (pl.col("investment_value").is_null() | (pl.col("investment_value") < 0))),
        Check("项目来源", "origin", f"应为：{'、'.join(ORIGIN_BY_LABEL)}",
              given("origin") & pl.col("origin_code").is_null()),
        Check("责任单位", "unit", "未知责任单位：应为单位名称、简称或别名", pl.col("unit_id").is_null()),
        *date_checks,
        *node_checks,
        *write_scope_checks(
            user, header="所在区县", column="region",
            file_in_scope=pl.col("region_id").is_null()
            | scope_expr(user, region=("region_id", "zone_id")),
            stored_id="stored_id",
            visible=visible_ids(Project, user, stored["stored_id"].to_list()),
            moved=pl.col("region_id").is_not_null()
            & (pl.col("region_id") != pl.col("stored_region_id"))),
        Check("项目编号", "code", "同一项目在文件中重复出现",
              (pl.col("code") != "") & (pl.int_range(pl.len()).over("code") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    linked = pl.col("owner_id").is_not_null()
    values = {
        "name": pl.col("name"),
        "owner_id": pl.col("owner_id"),
        "owner_uscc": pl.when(linked | ~filled("owner_uscc")).then(pl.lit(""))
        .otherwise(pl.col("owner_code")),
        "region_id": pl.col("region_id"),
        "zone_id": pl.col("zone_id"),
        "kind": pl.col("kind_code"),
        **{flag: pl.col(f"{flag}_flag") for flag in FLAGS},
        "planned_investment": pl.col("investment_value").round(2),
        "origin": pl.col("origin_code"),
        "unit_id": pl.col("unit_id"),
        **{text: _cleared(text, pl.col(text), pl.lit("")) for text in TEXTS},
    }
    return valid.select(
        "code",
        *[value.alias(name) for name, value in values.items()],
        *[given(SOURCE.get(name, name)).alias(f"_given_{name}") for name in FIELDS],
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
              pl.col("known").is_not_null() & ~scope_expr(user, region=("region_id", "zone_id"))),
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
        .join(unit_lookup("issue_unit", "issue_unit_id"), on="issue_unit", how="left")
    )
    checks = [
        *_project_link_checks(user),
        Check("年月", "period", "无法识别的年月（如 2024-06）",
              pl.col("year").is_null() | (pl.col("year") < 1949) | (pl.col("year") > 2100)
              | pl.col("month").is_null() | (pl.col("month") < 1) | (pl.col("month") > 12)),
        Check("当月完成投资（万元）", "invested_month", "应为非负数字",
              filled("invested_month")
              & (pl.col("invested_value").is_null() | (pl.col("invested_value") < 0))),
        Check("形象进度（%）", "physical_percent", "应为 0 到 100 之间的数字",
              filled("physical_percent")
              & (pl.col("percent_value").is_null() | (pl.col("percent_value") < 0)
                 | (pl.col("percent_value") > 100))),
        *limit_checks(MonthlyProgress, {
            "invested_month": (PROGRESS_COLUMNS["invested_month"], "invested_month",
                               "invested_value"),
            "issues": PROGRESS_COLUMNS["issues"], "issue_kind": PROGRESS_COLUMNS["issue_kind"]}),
        Check("协调单位", "issue_unit", "未知单位：应为单位名称、简称或别名",
              filled("issue_unit") & pl.col("issue_unit_id").is_null()),
        Check("年月", "period", "同一项目同一月份在文件中重复出现",
              pl.col("year").is_not_null() & pl.col("month").is_not_null()
              & (pl.int_range(pl.len()).over("code", "year", "month") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    values = {"invested_month": pl.col("invested_value").round(2),
              "physical_percent": pl.col("percent_value"),
              "issues": _cleared("issues", pl.col("issues"), pl.lit("")),
              "issue_kind": _cleared("issue_kind", pl.col("issue_kind"), pl.lit("")),
              "issue_unit_id": pl.col("issue_unit_id")}
    return valid.select("code", "year", "month", *[v.alias(k) for k, v in values.items()],
                        *[given(source).alias(f"_given_{name}")
                          for name, source in PROGRESS_FIELDS.items()]), errors


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
        *limit_checks(YearPlan, {"planned": (PLAN_COLUMNS["planned"], "planned", "planned_value")}),
        Check("年度", "year", "同一项目同一年度在文件中重复出现",
              pl.col("year_value").is_not_null()
              & (pl.int_range(pl.len()).over("code", "year_value") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select("code", pl.col("year_value").alias("year"),
                        pl.col("planned_value").round(2).alias("planned"),
                        pl.lit(True).alias("_given_planned")), errors


def _write_projects(valid: pl.DataFrame, *, is_demo: bool, note: str
                    ) -> tuple[int, int, dict[int, dict]]:
    """Projects and their stage dates; returns (created, updated, {pk: {field: [old, new]}})."""
    codes = valid["code"].to_list()
    stored_rows = pl.DataFrame(list(locked(Project.objects.filter(code__in=codes)).values_list(
        "pk", "code", "stage", *[Cast(n, FloatField()) if n == "planned_investment" else n
                                 for n in FIELDS])),
        orient="row", schema={"stored_pk": pl.Int64, "code": pl.String, "stage": pl.String,
                              **{n: valid.schema[n] for n in FIELDS},
                              "planned_investment": pl.Float64})
    stored = {code: {"pk": pk, "stage": stage} for pk, code, stage in
              stored_rows.select("stored_pk", "code", "stage").iter_rows()}
    compared = compare(valid, stored_rows.drop("stage"), on=["code"], fields=FIELDS,
                       id_column="stored_pk", model=Project)
    new = compared.filter(pl.col("stored_pk").is_null()).with_columns(
        pl.col(name).fill_null(default) for name, default in DEFAULTS.items())
    changed = compared.filter(pl.col("_changed"))
    created = {p.pk for p in Project.objects.bulk_create(
        [Project(is_demo=is_demo, **row) for row in new.select("code", *FIELDS).iter_rows(
            named=True)], batch_size=2000)}
    Project.objects.bulk_update([Project(pk=row.pop("stored_pk"), **row) for row in changed.select(
        "stored_pk", *FIELDS).iter_rows(named=True)], FIELDS, batch_size=500)
    history = {pk: {name: [_money_text(Project, name, v) for v in pair]
                    for name, pair in fields.items()}
               for pk, fields in changes(changed, FIELDS, id_column="stored_pk")}

    ids = dict(Project.objects.filter(code__in=codes).values_list("code", "pk"))
    dates: dict[int, dict[str, tuple[int, object]]] = {}
    for pk, project_id, stage, on in locked(StageChange.objects.filter(
            project_id__in=ids.values())).values_list("pk", "project_id", "stage", "on"):
        dates.setdefault(project_id, {})[stage] = (pk, on)
    recorded_by = current_actor().name
    new_stages, moved = [], []
    for row in valid.iter_rows(named=True):
        project_id = ids[row["code"]]
        have = dates.setdefault(project_id, {})
        for stage, field in STAGE_DATE_FIELDS.items():
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
            if project_id not in created:
                history.setdefault(project_id, {})[field] = [have.get(stage, (None, None))[1], on]
            have[stage] = (None, on)
    StageChange.objects.bulk_create(new_stages, batch_size=2000)
    StageChange.objects.bulk_update(moved, ["on"], batch_size=500)

    restaged = []
    for code, project_id in ids.items():
        reached = [s for s in STAGES if s in dates.get(project_id, {})]
        if not reached:
            continue
        old = stored.get(code)
        before = old["stage"] if old else "planning"
        if before != reached[-1]:
            restaged.append(Project(pk=project_id, stage=reached[-1]))
            if old:
                history.setdefault(project_id, {})["stage"] = [before, reached[-1]]
    Project.objects.bulk_update(restaged, ["stage"], batch_size=500)
    # an open project page showing the old values is now stale (see services.stage_change)
    Project.objects.filter(pk__in=history).update(version=F("version") + 1)
    return len(created), len(history), history


def _money_text(model, name: str, value):
    """History shows money as the audit signals do (two decimals as text)."""
    if value is not None and model._meta.get_field(name).get_internal_type() == "DecimalField":
        return f"{value:.2f}"
    return value


def _stored_frame(model, ids: list[int], keys: list[str], values: list[str],
                  schema: dict) -> pl.DataFrame:
    """The stored rows of `model` for the projects `ids`, locked, money cast to float."""
    floats = {name for name in values
              if model._meta.get_field(name).get_internal_type() == "DecimalField"}
    read = [Cast(name, FloatField()) if name in floats else name for name in values]
    rows = locked(model.objects.filter(project_id__in=ids)).values_list(
        "pk", "project_id", *keys, *read)
    return pl.DataFrame(list(rows), orient="row", schema={
        "stored_pk": pl.Int64, "project_id": pl.Int64, **{k: schema[k] for k in keys},
        **{name: pl.Float64 if name in floats else schema[name] for name in values}})


def _upsert(model, valid: pl.DataFrame, ids: dict, keys: list[str], values: list[str],
            defaults: dict) -> tuple[int, int]:
    """Insert or update rows keyed by project + `keys` (dataio.merge.compare): a field the
    file leaves out is kept, or gets its default in a new row. Each changed row's old and new
    values go to the audit trail."""
    # the projects are locked first, so two imports creating the same new row serialise
    lock_ids(Project, list(ids.values()))
    rows = valid.join(pl.DataFrame({"code": list(ids), "project_id": list(ids.values())},
                                   schema={"code": pl.String, "project_id": pl.Int64}),
                      on="code", how="inner")
    stored = _stored_frame(model, list(ids.values()), keys, values, rows.schema)
    compared = compare(rows, stored, on=["project_id", *keys], fields=values,
                       id_column="stored_pk", model=model)
    new = compared.filter(pl.col("stored_pk").is_null()).with_columns(
        pl.col(name).fill_null(default) for name, default in defaults.items())
    changed = compared.filter(pl.col("_changed"))
    model.objects.bulk_create([model(**row) for row in new.select(
        "project_id", *keys, *values).iter_rows(named=True)], batch_size=2000)
    model.objects.bulk_update([model(pk=row.pop("stored_pk"), **row) for row in changed.select(
        "stored_pk", *values).iter_rows(named=True)], values, batch_size=500)
    labels = dict(changed.select("stored_pk", pl.concat_str(
        "code", pl.concat_str(*[pl.col(k).cast(pl.String) for k in keys], separator="-"),
        separator=" ")).iter_rows())
    audit_changes(model, [
        (pk, labels[pk], {name: [_money_text(model, name, v) for v in pair]
                          for name, pair in fields.items()})
        for pk, fields in changes(changed, values, id_column="stored_pk")])
    return counted(compared)


def project_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as project_sheets_import, from an uploaded .xlsx or .csv file."""
    return file_import(project_sheets_import, content, filename, **options)


def project_sheets_import(sheets: dict[str, pl.DataFrame], *, label: str, digest: str,
                          user=None, valid_only: bool = False, dry_run: bool = False,
                          is_demo: bool = False) -> ImportReport:
    """Projects, progress and plans given as sheets with the template's headers."""
    project_sheets, progress_sheets, plan_sheets = _split(sheets)
    rows, errors = sheet_rows(project_sheets, PROJECT_COLUMNS, required=PROJECT_REQUIRED)
    valid, row_errors = _project_rows(rows, user)
    progress_rows, progress_errors = sheet_rows(progress_sheets, PROGRESS_COLUMNS,
                                                required=PROGRESS_REQUIRED)
    plan_rows, plan_errors = sheet_rows(plan_sheets, PLAN_COLUMNS, required=PLAN_REQUIRED)
    linked = pl.concat([progress_rows["code"], plan_rows["code"]]).unique().to_list()
    known = _known_projects(linked, valid)
    progress, progress_row_errors = _progress_rows(progress_rows, known, user)
    plans, plan_row_errors = _plan_rows(plan_rows, known, user)
    report = ImportReport(rows=rows.height + progress_rows.height + plan_rows.height,
                          errors=errors + row_errors + progress_errors + progress_row_errors
                          + plan_errors + plan_row_errors,
                          warnings=unknown_headers(project_sheets, PROJECT_COLUMNS)
                          + unknown_headers(progress_sheets, PROGRESS_COLUMNS)
                          + unknown_headers(plan_sheets, PLAN_COLUMNS))

    def write() -> tuple[int, int]:
        created, updated, history = _write_projects(valid, is_demo=is_demo,
                                                    note=f"导入：{label}"[:300])
        names = dict(Project.objects.filter(pk__in=history).values_list("pk", "name"))
        audit_changes(Project, [(pk, names[pk], changes) for pk, changes in history.items()])
        ids = dict(Project.objects.filter(
            code__in=pl.concat([progress["code"], plans["code"]]).unique().to_list())
            .values_list("code", "pk"))
        progress_created, progress_updated = _upsert(
            MonthlyProgress, progress, ids, ["year", "month"], list(PROGRESS_FIELDS),
            PROGRESS_DEFAULTS)
        plans_created, plans_updated = _upsert(YearPlan, plans, ids, ["year"], ["planned"], {})
        totals = (created + progress_created + plans_created,
                  updated + progress_updated + plans_updated)
        if any(totals):
            audit_record(action=AuditEvent.Action.CREATE, object_type="projects.Project",
                         object_repr=label[:200], changes={"project_import": {
                             "file": label, "sha256": digest,
                             "projects_created": created, "projects_updated": updated,
                             "progress_created": progress_created,
                             "progress_updated": progress_updated,
                             "plans_created": plans_created, "plans_updated": plans_updated}})
            transaction.on_commit(lambda: pipeline_changed.send(sender=Project))
        return totals

    return import_write(report, write, valid_rows=valid.height + progress.height + plans.height,
                        dry_run=dry_run, valid_only=valid_only)
