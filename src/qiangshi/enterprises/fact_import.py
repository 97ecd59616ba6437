"""Importing yearly facts (sheet 年度数据) and monthly year-to-date figures (sheet 月度数据).

Validated as polars expressions; compared with what is stored (read under row locks) as one
join, so that only new and changed rows are written; upserted by firm + year (+ month).
Only the figures a row gives change (an absent column or an empty cell keeps the stored
value, 清空 clears it). Every changed yearly figure keeps a FactRevision, every changed
monthly figure an audit entry, with its old value, who and when. Suspicious values (e.g.
元 typed into a 万元 column) are imported but reported as warnings.
"""


import polars as pl
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from qiangshi.accounts.audit import audit_changes, audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.accounts.scoping import scope_expr
from qiangshi.dataio.bulk import bulk_insert, bulk_set
from qiangshi.dataio.cells import bad_year, with_uscc_check, year, yes_no
from qiangshi.dataio.limits import limit_checks
from qiangshi.dataio.merge import changes, compare, counted, given_flags
from qiangshi.dataio.runner import import_write, lock_ids, locked
from qiangshi.dataio.tables import ImportReport, RowError, file_import, has_column
from qiangshi.dataio.validation import (
    Check,
    apply_checks,
    filled,
    given,
    number,
    number_check,
    sheet_rows,
    stored_text,
    unknown_headers,
)
from qiangshi.engine.periods import JANUARY_ALONE, PeriodError, parse_period
from qiangshi.engine.sizes import industrial_size
from qiangshi.enterprises.columns import FACT_COLUMNS, FACT_REQUIRED, MONTHLY_COLUMNS
from qiangshi.enterprises.models import FACT_FIELDS, Enterprise, Fact, FactRevision, MonthlyFact
from qiangshi.enterprises.signals import registry_changed

NUMBERS = list(FACT_FIELDS)
FIELDS = [*NUMBERS, "value_added_estimated", "source"]
MONTHLY_NUMBERS = ["revenue_ytd", "output_ytd"]
MONTHLY_FIELDS = [*MONTHLY_NUMBERS, "source"]
MONEY_NEVER_NEGATIVE = [n for n, (_, kind) in FACT_FIELDS.items() if kind != "signed_money"]
COUNTS = [n for n, (_, kind) in FACT_FIELDS.items() if kind == "count"]
# 核定用地面积 is what 亩均 figures divide by: a zero is refused (blank keeps the registry's land).
AREAS = [n for n, (_, kind) in FACT_FIELDS.items() if kind == "area"]
# (part, whole, reason): a figure that is a part of another cannot exceed it.
PARTS = [
    ("rd_staff", "employees", "研发人员数超过从业人员数"),
    ("tech_staff", "employees", "科技人员数超过从业人员数"),
    ("ip_class1_own", "ip_class1", "自主研发Ⅰ类知识产权超过有效Ⅰ类知识产权总数"),
    ("ip_class1_high_value", "ip_class1", "高价值Ⅰ类知识产权超过有效Ⅰ类知识产权总数"),
    ("domestic_rd", "rd_expense", "境内研发费用超过研发费用总额"),
    ("high_tech_revenue", "revenue", "高新技术产品（服务）收入超过营业收入"),
]
DIGITAL_LEVELS = (1, 4)  # 中小企业数字化水平评测: 一级 to 四级
# 营业收入 per employee above this (万元/人, i.e. 1 亿元 a head) suggests 元 typed as 万元.
SUSPICIOUS_REVENUE_PER_HEAD = 10_000


def _enterprise_table(usccs: list[str]) -> pl.DataFrame:
    rows = Enterprise.objects.filter(uscc__in=usccs).values_list(
        "uscc", "pk", "region_id", "zone_id")
    return pl.DataFrame(list(rows), orient="row", schema={
        "uscc_code": pl.String, "enterprise_id": pl.Int64, "region_id": pl.Int64,
        "zone_id": pl.Int64})


def _common_checks(user) -> list[Check]:
    # A fact belongs to its stored firm: the firm must be in the user's scope (scope on write).
    return [
        Check("统一社会信用代码", "uscc", None, pl.col("uscc_reason").is_not_null(), "uscc_reason"),
        Check("统一社会信用代码", "uscc", "企业未登记：请先导入企业名录",
              pl.col("uscc_reason").is_null() & pl.col("enterprise_id").is_null()),
        Check("统一社会信用代码", "uscc", "超出您的数据范围：只能导入本地区企业的数据",
              pl.col("enterprise_id").is_not_null()
              & ~scope_expr(user, region=("region_id", "zone_id"))),
    ]


def _fact_rows(rows: pl.DataFrame, user) -> tuple[pl.DataFrame, list[RowError], list[RowError]]:
    rows = with_uscc_check(rows)
    rows = rows.join(_enterprise_table(rows["uscc_code"].unique().to_list()), on="uscc_code",
                     how="left").with_columns(
        year("year").alias("year_value"),
        yes_no("value_added_estimated").alias("estimated"),
        *[number(name).alias(f"{name}_value") for name in NUMBERS],
    )
    revenue, profit = pl.col("revenue_value"), pl.col("profit_value")
    checks = [
        *_common_checks(user),
        Check("年份", "year", "年份无效", (pl.col("year") == "") | bad_year("year")),
        *[number_check(FACT_FIELDS[name][0], name, f"{name}_value") for name in NUMBERS],
        *limit_checks(Fact, {**{name: (FACT_FIELDS[name][0], name, f"{name}_value")
                                for name in NUMBERS}, "source": FACT_COLUMNS["source"]}),
        *[Check(FACT_FIELDS[name][0], name, "不能为负数", pl.col(f"{name}_value") < 0)
          for name in MONEY_NEVER_NEGATIVE],
        *[Check(FACT_FIELDS[name][0], name, "应为整数",
                pl.col(f"{name}_value") != pl.col(f"{name}_value").floor()) for name in COUNTS],
        # Rounded as stored (two places), so 0.001 亩 is the zero it would become.
        *[Check(FACT_FIELDS[name][0], name, "应大于 0", pl.col(f"{name}_value").round(2) == 0)
          for name in AREAS],
        *[Check(FACT_FIELDS[part][0], part, reason,
                pl.col(f"{part}_value") > pl.col(f"{whole}_value"))
          for part, whole, reason in PARTS],
        Check(FACT_FIELDS["market_share"][0], "market_share", "市场占有率不能超过 100%",
              pl.col("market_share_value") > 100),
        Check(FACT_FIELDS["digital_level"][0], "digital_level", "数字化水平等级应为 1–4 级",
              ~pl.col("digital_level_value").is_between(*DIGITAL_LEVELS)),
        Check(FACT_FIELDS["profit"][0], "profit", "利润总额大于营业收入，不可能",
              (revenue >= 0) & (profit > revenue)),
        Check(FACT_FIELDS["employees"][0], "employees", "有营业收入但从业人员为 0",
              (revenue > 0) & (pl.col("employees_value") == 0)),
        Check("增加值为估算", "value_added_estimated", "应填“是”或“否”",
              filled("value_added_estimated") & pl.col("estimated").is_null()),
        Check("年份", "year", "同一企业同一年份在文件中重复出现",
              pl.col("enterprise_id").is_not_null() & pl.col("year_value").is_not_null()
              & (pl.int_range(pl.len()).over("enterprise_id", "year_value") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    suspicious = valid.filter(
        revenue / pl.col("employees_value") > SUSPICIOUS_REVENUE_PER_HEAD
    ).select("_sheet", "_row", "revenue", (revenue / pl.col("employees_value")).alias("per_head"))
    warnings = [
        RowError(sheet, row, FACT_FIELDS["revenue"][0], value,
                 f"人均营业收入 {per_head:,.0f} 万元，疑似按“元”填报，请核实单位（已导入）")
        for sheet, row, value, per_head in suspicious.iter_rows()
    ]
    return valid.select(
        "enterprise_id", pl.col("year_value").alias("year"),
        *[pl.col(f"{name}_value").alias(name) for name in NUMBERS],
        pl.col("estimated").alias("value_added_estimated"), stored_text("source"),
        # 增加值为估算 cannot be cleared (it is yes or no): only a yes or a no changes it.
        *given_flags({**{name: given(name) for name in [*NUMBERS, "source"]},
                      "value_added_estimated": filled("value_added_estimated")}),
    ), errors, warnings


def _stored_facts(enterprise_ids: list[int]) -> pl.DataFrame:
    schema = {"fact_id": pl.Int64, "enterprise_id": pl.Int64, "year": pl.Int32,
              **dict.fromkeys(NUMBERS, pl.Float64),
              "value_added_estimated": pl.Boolean, "source": pl.String}
    # Read as floats in SQL: converting every stored Decimal in Python would dominate a
    # re-import of a large file.
    rows = locked(Fact.objects.filter(enterprise_id__in=enterprise_ids)).values_list(
        "pk", "enterprise_id", "year", *[Cast(n, FloatField()) for n in NUMBERS],
        "value_added_estimated", "source")
    return pl.DataFrame(list(rows), orient="row", schema=schema)


def _write_facts(valid: pl.DataFrame, *, filename: str, user, is_demo: bool) -> tuple[int, int]:
    firms = valid["enterprise_id"].unique().to_list()
    lock_ids(Enterprise, firms)
    compared = compare(valid, _stored_facts(firms), on=["enterprise_id", "year"], fields=FIELDS,
                       id_column="fact_id", model=Fact)
    new = compared.filter(pl.col("fact_id").is_null())
    changed = compared.filter(pl.col("_changed"))
    now, actor = timezone.now(), current_actor()
    by = user if user is not None else actor.user
    inserted = new.select("enterprise_id", "year", *FIELDS).with_columns(
        pl.col("value_added_estimated").fill_null(False),
        pl.col("source").fill_null(""),
        pl.lit(is_demo).alias("is_demo"),
        pl.lit(by.pk if by else None, dtype=pl.Int64).alias("updated_by"),
        pl.lit(now, dtype=pl.Datetime("us", "UTC")).alias("updated_at"),
    )
    bulk_insert(Fact, [c if c != "enterprise_id" else "enterprise" for c in inserted.columns],
                inserted.rows())
    Fact.objects.bulk_update(
        [Fact(pk=row.pop("fact_id"), **row, updated_by=by, updated_at=now)
         for row in changed.select("fact_id", *FIELDS).iter_rows(named=True)],
        [*FIELDS, "updated_by", "updated_at"], batch_size=500)
    revisions = (
        changed.select("fact_id", *[pl.struct(
            pl.lit(n).alias("field"), pl.col(f"old_{n}").cast(pl.String).alias("old"),
            pl.col(n).cast(pl.String).alias("new"), pl.col(f"_changed_{n}").alias("flag"),
        ).alias(n) for n in [*NUMBERS, "value_added_estimated"]])
        .unpivot(index="fact_id").unnest("value").filter(pl.col("flag"))
    )
    FactRevision.objects.bulk_create([
        FactRevision(fact_id=fact_id, field=field, old_value=old or "", new_value=new_ or "",
                     source=f"导入 {filename}"[:200], changed_by=by, changed_by_name=actor.name)
        for fact_id, _, field, old, new_, _ in revisions.iter_rows()
    ], batch_size=2000)
    return counted(compared)


def _monthly_rows(rows: pl.DataFrame, user) -> tuple[pl.DataFrame, list[RowError]]:
    periods = []
    for text in rows["period"].unique().to_list():
        try:
            p = parse_period(text)
            problem = "应为 1–N 月累计期别" if p.period_type != "ytd" else None
            periods.append((text, p.year, p.month, problem or (JANUARY_ALONE if p.month == 1
                                                                else None)))
        except PeriodError as error:
            periods.append((text, None, None, str(error)))
    table = pl.DataFrame(periods, orient="row", schema={
        "period": pl.String, "p_year": pl.Int32, "p_month": pl.Int32, "period_error": pl.String})
    rows = with_uscc_check(rows)
    rows = (rows.join(_enterprise_table(rows["uscc_code"].unique().to_list()), on="uscc_code",
                      how="left")
            .join(table, on="period", how="left")
            .with_columns(number("revenue_ytd").alias("revenue"), number("output_ytd").alias("output")))
    checks = [
        *_common_checks(user),
        Check("期别", "period", None, pl.col("period_error").is_not_null(), "period_error"),
        number_check(MONTHLY_COLUMNS["revenue_ytd"], "revenue_ytd", "revenue"),
        number_check(MONTHLY_COLUMNS["output_ytd"], "output_ytd", "output"),
        Check(MONTHLY_COLUMNS["revenue_ytd"], "revenue_ytd", "不能为负数", pl.col("revenue") < 0),
        Check(MONTHLY_COLUMNS["output_ytd"], "output_ytd", "不能为负数", pl.col("output") < 0),
        *limit_checks(MonthlyFact, {
            "revenue_ytd": (MONTHLY_COLUMNS["revenue_ytd"], "revenue_ytd", "revenue"),
            "output_ytd": (MONTHLY_COLUMNS["output_ytd"], "output_ytd", "output"),
            "source": MONTHLY_COLUMNS["source"]}),
        Check("期别", "period", "同一企业同一期别在文件中重复出现",
              pl.col("enterprise_id").is_not_null() & pl.col("p_year").is_not_null()
              & (pl.int_range(pl.len()).over("enterprise_id", "p_year", "p_month") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select("enterprise_id", "uscc_code", pl.col("p_year").alias("year"),
                        pl.col("p_month").alias("month"), pl.col("revenue").alias("revenue_ytd"),
                        pl.col("output").alias("output_ytd"), stored_text("source"),
                        *given_flags({name: given(name) for name in MONTHLY_FIELDS})), errors


def _write_monthly(valid: pl.DataFrame) -> tuple[int, int]:
    firms = valid["enterprise_id"].unique().to_list()
    lock_ids(Enterprise, firms)
    stored = pl.DataFrame(list(locked(MonthlyFact.objects.filter(enterprise_id__in=firms))
                               .values_list("pk", "enterprise_id", "year", "month",
                                            Cast("revenue_ytd", FloatField()),
                                            Cast("output_ytd", FloatField()), "source")),
                          orient="row", schema={
                              "monthly_id": pl.Int64, "enterprise_id": pl.Int64,
                              "year": pl.Int32, "month": pl.Int32, "revenue_ytd": pl.Float64,
                              "output_ytd": pl.Float64, "source": pl.String})
    compared = compare(valid, stored, on=["enterprise_id", "year", "month"],
                       fields=MONTHLY_FIELDS, id_column="monthly_id", model=MonthlyFact)
    new = compared.filter(pl.col("monthly_id").is_null())
    changed = compared.filter(pl.col("_changed"))
    inserted = new.select(pl.col("enterprise_id").alias("enterprise"), "year", "month",
                          *MONTHLY_NUMBERS, pl.col("source").fill_null(""))
    bulk_insert(MonthlyFact, inserted.columns, inserted.rows())
    MonthlyFact.objects.bulk_update(
        [MonthlyFact(pk=row.pop("monthly_id"), **row)
         for row in changed.select("monthly_id", *MONTHLY_FIELDS).iter_rows(named=True)],
        MONTHLY_FIELDS, batch_size=500)
    labels = dict(changed.select("monthly_id", pl.format("{} {}年1-{}月", "uscc_code", "year",
                                                           "month")).iter_rows())
    audit_changes(MonthlyFact, [(pk, labels[pk], fields) for pk, fields in
                                changes(changed, MONTHLY_FIELDS, id_column="monthly_id")])
    return counted(compared)


def size_classes_update(enterprise_ids: list[int]) -> int:
    """Each firm's size class from its latest year with both employees and revenue."""
    facts = pl.DataFrame(list(Fact.objects.filter(
        enterprise_id__in=enterprise_ids, employees__isnull=False, revenue__isnull=False,
    ).values_list("enterprise_id", "year", "employees", "revenue")), orient="row", schema={
        "enterprise_id": pl.Int64, "year": pl.Int32, "employees": pl.Int64, "revenue": pl.Float64})
    latest = facts.sort("year").group_by("enterprise_id").last().with_columns(
        industrial_size(pl.col("employees"), pl.col("revenue")).alias("size"))
    groups = latest.group_by("size").agg(pl.col("enterprise_id"))
    bulk_set(Enterprise, "size_class", {size or "": ids for size, ids in groups.iter_rows()})
    return latest.height


def fact_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as fact_sheets_import, from an uploaded .xlsx or .csv file."""
    return file_import(fact_sheets_import, content, filename, **options)


def fact_sheets_import(sheets: dict[str, pl.DataFrame], *, label: str, digest: str, user=None,
                       valid_only: bool = False, dry_run: bool = False,
                       is_demo: bool = False) -> ImportReport:
    """Facts given as sheets with the template's headers (a file, or generated tables)."""
    filename = label
    monthly_sheets = {n: f for n, f in sheets.items() if has_column(f, MONTHLY_COLUMNS["period"])}
    fact_sheets = {n: f for n, f in sheets.items() if n not in monthly_sheets}
    rows, errors = sheet_rows(fact_sheets, FACT_COLUMNS, required=FACT_REQUIRED)
    facts, fact_errors, warnings = _fact_rows(rows, user)
    month_rows, month_errors = sheet_rows(monthly_sheets, MONTHLY_COLUMNS,
                                          required=("uscc", "period"))
    monthly, monthly_errors = _monthly_rows(month_rows, user)
    report = ImportReport(rows=rows.height + month_rows.height,
                          errors=errors + fact_errors + month_errors + monthly_errors,
                          warnings=unknown_headers(fact_sheets, FACT_COLUMNS)
                          + unknown_headers(monthly_sheets, MONTHLY_COLUMNS) + warnings)

    def write() -> tuple[int, int]:
        created, updated = _write_facts(facts, filename=filename, user=user, is_demo=is_demo)
        months_created, months_updated = _write_monthly(monthly)
        if created or updated or months_created or months_updated:
            size_classes_update(facts["enterprise_id"].unique().to_list())
            audit_record(action=AuditEvent.Action.UPDATE, object_type="enterprises.Fact",
                         object_repr=filename[:200], changes={"fact_import": {
                             "file": filename, "sha256": digest,
                             "facts_created": created, "facts_updated": updated,
                             "monthly_created": months_created,
                             "monthly_updated": months_updated}})
            transaction.on_commit(lambda: registry_changed.send(sender=Enterprise))
        return created + months_created, updated + months_updated

    return import_write(report, write, valid_rows=facts.height + monthly.height,
                        dry_run=dry_run, valid_only=valid_only)
