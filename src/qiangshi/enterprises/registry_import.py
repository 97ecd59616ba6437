"""Importing the enterprise registry (sheet 企业), honours (荣誉资质) and parcels (用地地块).

Validated as polars expressions; upserted by 统一社会信用代码 (honours by firm, kind, level
and year; parcels by firm and 地块编号), so importing the same file twice changes nothing.
Only the fields a row gives change (an absent column or an empty cell keeps the stored
value, 清空 clears it). A user creates firms in its scope and changes only firms it can see;
moving a firm to another district is an analyst's action. All-or-nothing unless
`valid_only`; a dry-run runs the same write and rolls it back. Every changed firm, honour
and parcel gets an audit entry with its old and new values.
"""


import polars as pl
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast

from qiangshi.accounts.audit import audit_changes, audit_record
from qiangshi.accounts.models import AuditEvent
from qiangshi.accounts.scoping import scope_expr
from qiangshi.accounts.selectors import region_lookup
from qiangshi.dataio.cells import bad_year, integer, with_uscc_check, year, yes_no
from qiangshi.dataio.limits import NUL_REASON, limit_checks
from qiangshi.dataio.merge import changes, compare, counted, given_flags
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
    number_check,
    sheet_rows,
    stored_text,
    unknown_headers,
)
from qiangshi.enterprises.columns import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_REQUIRED,
    HONOUR_COLUMNS,
    HONOUR_REQUIRED,
    PARCEL_COLUMNS,
)
from qiangshi.enterprises.models import Enterprise, Honour, Parcel
from qiangshi.enterprises.parsing import names_list
from qiangshi.enterprises.signals import registry_changed
from qiangshi.reference.classifications import industry_tree

FIELDS = ["name", "former_names", "region_id", "zone_id", "address", "main_products", "industry_code",
          "founded", "registered_capital", "land_area", "listing_exchange", "listing_code", "above_scale",
          "above_scale_since", "above_scale_until", "tags"]
TEXTS = ["address", "main_products", "listing_exchange", "listing_code"]
LISTS = ["former_names", "tags"]
DECIMALS = ("registered_capital", "land_area")
HONOUR_FIELDS = ["rank", "year_expiring", "source"]
PARCEL_FIELDS = ["area", "land_use", "certificate"]
KIND_BY_LABEL = {label: value for value, label in Honour.Kind.choices}
# Short forms people type for the kinds whose labels explain themselves in brackets or
# name two titles at once.
KIND_ALIASES = {"研发机构": Honour.Kind.RD_INSTITUTION.value,
                "知识产权优势企业": Honour.Kind.IP_ADVANTAGE.value,
                "知识产权示范企业": Honour.Kind.IP_ADVANTAGE.value}
LEVEL_BY_LABEL = {label: value for value, label in Honour.Level.choices}
OUT_OF_SCOPE_FIRM = "超出您的数据范围：只能导入本地区企业的数据"


def _split(sheets: dict[str, pl.DataFrame]) -> tuple[dict, dict, dict]:
    """Sheets with a 荣誉资质 column are honours, with a 地块编号 column parcels; the rest
    are enterprises."""
    honours = {n: f for n, f in sheets.items() if has_column(f, HONOUR_COLUMNS["kind"])}
    parcels = {n: f for n, f in sheets.items() if has_column(f, PARCEL_COLUMNS["code"])}
    firms = {n: f for n, f in sheets.items() if n not in honours and n not in parcels}
    return firms, honours, parcels


def _cleared_or(column: str, value: pl.Expr, cleared) -> pl.Expr:
    return pl.when(pl.col(column) == CLEAR_MARK).then(pl.lit(cleared)).otherwise(value)


def _stored_firms(usccs: list[str]) -> pl.DataFrame:
    rows = Enterprise.objects.filter(uscc__in=usccs).values_list("uscc", "pk", "region_id")
    return pl.DataFrame(list(rows), orient="row", schema={
        "uscc_code": pl.String, "stored_id": pl.Int64, "stored_region_id": pl.Int64})


def _enterprise_rows(rows: pl.DataFrame, user) -> tuple[pl.DataFrame, list[RowError]]:
    tree = industry_tree().filter(pl.col("level") == "小类").select(
        pl.col("code").alias("industry_code"), pl.lit(True).alias("industry_known"))
    districts = region_lookup(kinds=("city", "district", "county")).select(
        "region_key", pl.col("region_id"))
    zones = region_lookup(kinds=("zone",)).select(
        pl.col("region_key").alias("zone"), pl.col("region_id").alias("zone_id"))
    rows = with_uscc_check(rows)
    rows = (
        rows.join(_stored_firms(rows["uscc_code"].drop_nulls().unique().to_list()),
                  on="uscc_code", how="left")
        .with_columns(
            number("registered_capital").alias("capital_value"),
            number("land_area").alias("land_value"),
            date("founded").alias("founded_date"),
            yes_no("above_scale").alias("above_scale_flag"),
        )
        .join(tree, on="industry_code", how="left")
        .join(districts, left_on="region", right_on="region_key", how="left")
        .join(zones, on="zone", how="left")
    )
    stored = rows["stored_id"].drop_nulls().unique().to_list()
    checks = [
        Check("统一社会信用代码", "uscc", None, pl.col("uscc_reason").is_not_null(), "uscc_reason"),
        Check("企业名称", "name", "企业名称为空", ~filled("name")),
        Check("所在区县", "region", "未知区县：应为区划代码或区县名称", pl.col("region_id").is_null()),
        Check("所在功能区", "zone", "未知功能区", filled("zone") & pl.col("zone_id").is_null()),
        Check("行业代码", "industry_code", "不是 GB/T 4754-2017 的小类代码（4 位）",
              pl.col("industry_known").is_null()),
        Check("成立日期", "founded", "无法识别的日期（如 2015-06-30）",
              filled("founded") & pl.col("founded_date").is_null()),
        number_check("注册资本（万元）", "registered_capital", "capital_value"),
        number_check("用地面积（亩）", "land_area", "land_value"),
        Check("注册资本（万元）", "registered_capital", "应为非负数字", pl.col("capital_value") < 0),
        Check("用地面积（亩）", "land_area", "应为非负数字", pl.col("land_value") < 0),
        *limit_checks(Enterprise, {
            **{name: ENTERPRISE_COLUMNS[name] for name in ["name", *TEXTS]},
            "founded": (ENTERPRISE_COLUMNS["founded"], "founded", "founded_date"),
            "registered_capital": (ENTERPRISE_COLUMNS["registered_capital"],
                                   "registered_capital", "capital_value"),
            "land_area": (ENTERPRISE_COLUMNS["land_area"], "land_area", "land_value"),
        }, up_to_today=("founded",)),
        *[Check(ENTERPRISE_COLUMNS[name], name, NUL_REASON,
                pl.col(name).str.contains("\x00", literal=True)) for name in LISTS],
        Check("规上企业", "above_scale", "应填“是”或“否”",
              filled("above_scale") & pl.col("above_scale_flag").is_null()),
        Check("纳入规上年份", "above_scale_since", "年份无效", bad_year("above_scale_since")),
        Check("退出规上年份", "above_scale_until", "年份无效", bad_year("above_scale_until")),
        *write_scope_checks(
            user, header="所在区县", column="region",
            file_in_scope=pl.col("region_id").is_null()
            | scope_expr(user, region=("region_id", "zone_id")),
            stored_id="stored_id", visible=visible_ids(Enterprise, user, stored),
            moved=(pl.col("region_id") != pl.col("stored_region_id")).fill_null(False)),
        Check("统一社会信用代码", "uscc", "同一企业在文件中重复出现",
              pl.col("uscc_reason").is_null()
              & (pl.int_range(pl.len()).over("uscc_code") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select(
        pl.col("uscc_code").alias("uscc"), "name",
        _cleared_or("former_names", names_list("former_names"), []).alias("former_names"),
        "region_id", "zone_id", *[stored_text(name) for name in TEXTS], "industry_code",
        pl.col("founded_date").alias("founded"), pl.col("capital_value").alias("registered_capital"),
        pl.col("land_value").alias("land_area"), pl.col("above_scale_flag").alias("above_scale"),
        year("above_scale_since").alias("above_scale_since"),
        year("above_scale_until").alias("above_scale_until"),
        _cleared_or("tags", names_list("tags"), []).alias("tags"),
        *given_flags({**{name: given(name) for name in FIELDS},
                      "name": pl.lit(True), "region_id": pl.lit(True), "industry_code": pl.lit(True),
                      "zone_id": given("zone"), "founded": given("founded"),
                      # 规上企业 is yes or no: only a yes or a no changes it.
                      "above_scale": filled("above_scale")}),
    ), errors


def _stored_enterprises(usccs: list[str]) -> pl.DataFrame:
    schema = {"enterprise_id": pl.Int64, "uscc": pl.String, "name": pl.String,
              "former_names": pl.List(pl.String), "region_id": pl.Int64, "zone_id": pl.Int64,
              "address": pl.String, "main_products": pl.String, "industry_code": pl.String,
              "founded": pl.Date,
              "registered_capital": pl.Float64, "land_area": pl.Float64,
              "listing_exchange": pl.String, "listing_code": pl.String, "above_scale": pl.Boolean,
              "above_scale_since": pl.Int32, "above_scale_until": pl.Int32,
              "tags": pl.List(pl.String)}
    rows = locked(Enterprise.objects.filter(uscc__in=usccs)).values_list(
        "pk", "uscc", *[Cast(n, FloatField()) if n in DECIMALS else n for n in FIELDS])
    return pl.DataFrame(list(rows), orient="row", schema=schema)


def _write_enterprises(valid: pl.DataFrame, *, is_demo: bool) -> tuple[int, int]:
    compared = compare(valid, _stored_enterprises(valid["uscc"].to_list()), on=["uscc"],
                       fields=FIELDS, id_column="enterprise_id", model=Enterprise)
    new = compared.filter(pl.col("enterprise_id").is_null()).select("uscc", *FIELDS).with_columns(
        *[pl.col(name).fill_null("") for name in TEXTS],
        *[pl.col(name).fill_null([]) for name in LISTS],
        pl.col("above_scale").fill_null(False))
    changed = compared.filter(pl.col("_changed"))
    Enterprise.objects.bulk_create([Enterprise(is_demo=is_demo, **row)
                                    for row in new.iter_rows(named=True)], batch_size=2000)
    Enterprise.objects.bulk_update(
        [Enterprise(pk=row.pop("enterprise_id"), **row)
         for row in changed.select("enterprise_id", *FIELDS).iter_rows(named=True)],
        FIELDS, batch_size=500)
    names = dict(changed.select("enterprise_id", "name").iter_rows())
    # A moved firm's entry holds region_id [old, new]: the analyst's move is on record.
    audit_changes(Enterprise, [(pk, names[pk], fields) for pk, fields
                               in changes(changed, FIELDS, id_column="enterprise_id")])
    return counted(compared)


def _honour_rows(rows: pl.DataFrame, known: set[str], allowed: set[str]
                 ) -> tuple[pl.DataFrame, list[RowError]]:
    rows = with_uscc_check(rows).with_columns(
        pl.col("kind").replace_strict({**KIND_BY_LABEL, **KIND_ALIASES}, default=None)
        .alias("kind_code"),
        pl.col("level").replace_strict(LEVEL_BY_LABEL, default=None).alias("level_code"),
        integer("rank", pl.Int16).alias("rank_value"),  # the column is a smallint
        year("year_granted").alias("granted"), year("year_expiring").alias("expiring"),
    )
    checks = [
        *_registered(known, allowed),
        Check("荣誉资质", "kind", f"应为：{'、'.join(KIND_BY_LABEL)}", pl.col("kind_code").is_null()),
        Check("级别", "level", "应为国家级、省级或市级", pl.col("level_code").is_null()),
        Check("排名", "rank", "应为正整数（如获奖单位排名 1、2、3）",
              filled("rank") & ~(pl.col("rank_value") >= 1).fill_null(False)),
        Check("认定年份", "year_granted", "年份无效",
              pl.col("granted").is_null() | bad_year("year_granted")),
        Check("有效期至", "year_expiring", "年份无效或早于认定年份",
              bad_year("year_expiring") | (pl.col("expiring") < pl.col("granted"))),
        *limit_checks(Honour, {"source": HONOUR_COLUMNS["source"]}),
        Check("认定年份", "year_granted",
              "同一企业同一荣誉资质、级别、年份在文件中重复出现（同年多项科技奖励请只填排名最靠前的一项）",
              pl.col("uscc_reason").is_null() & pl.col("kind_code").is_not_null()
              & pl.col("level_code").is_not_null() & pl.col("granted").is_not_null()
              & (pl.int_range(pl.len()).over("uscc_code", "kind_code", "level_code", "granted") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select(pl.col("uscc_code").alias("uscc"), pl.col("kind_code").alias("kind"),
                        pl.col("level_code").alias("level"),
                        pl.col("rank_value").cast(pl.Int32).alias("rank"),
                        pl.col("granted").alias("year_granted"),
                        pl.col("expiring").alias("year_expiring"), stored_text("source"),
                        *given_flags({name: given(name) for name in HONOUR_FIELDS})), errors


def _with_firm_ids(valid: pl.DataFrame) -> pl.DataFrame:
    """`valid` with the stored firm's id for its uscc; those firms locked until commit."""
    ids = pl.DataFrame(list(Enterprise.objects.filter(uscc__in=valid["uscc"].unique().to_list())
                            .values_list("uscc", "pk")), orient="row",
                       schema={"uscc": pl.String, "enterprise_id": pl.Int64})
    lock_ids(Enterprise, ids["enterprise_id"].to_list())
    return valid.join(ids, on="uscc", how="inner")


def _write_children(model, valid: pl.DataFrame, *, key: list[str], fields: list[str],
                    numeric: tuple[str, ...] = (), label: pl.Expr) -> tuple[int, int]:
    """Upsert honours or parcels of stored firms by `key`; audit every changed row."""
    valid = _with_firm_ids(valid)
    schema = valid.select(*key, *fields).schema
    stored = pl.DataFrame(
        list(locked(model.objects.filter(enterprise_id__in=valid["enterprise_id"].unique()
                                         .to_list())).values_list(
            "pk", *key, *[Cast(n, FloatField()) if n in numeric else n for n in fields])),
        orient="row", schema={"stored_id": pl.Int64, **schema})
    compared = compare(valid, stored, on=key, fields=fields, id_column="stored_id",
                       model=model)
    new = compared.filter(pl.col("stored_id").is_null()).select(*key, *fields).with_columns(
        pl.col(n).fill_null("") for n in fields if schema[n] == pl.String)
    changed = compared.filter(pl.col("_changed"))
    model.objects.bulk_create([model(**row) for row in new.iter_rows(named=True)],
                              batch_size=2000)
    model.objects.bulk_update([model(pk=row.pop("stored_id"), **row) for row in
                               changed.select("stored_id", *fields).iter_rows(named=True)],
                              fields, batch_size=500)
    labels = dict(changed.select("stored_id", label).iter_rows())
    audit_changes(model, [(pk, labels[pk], diff) for pk, diff
                          in changes(changed, fields, id_column="stored_id")])
    return counted(compared)


def _registered(known: set[str], allowed: set[str]) -> list[Check]:
    """The row's firm is registered (stored, or valid in this file) and in the user's scope."""
    registered = pl.col("uscc_reason").is_null() & pl.col("uscc_code").is_in(list(known))
    return [
        Check("统一社会信用代码", "uscc", None, pl.col("uscc_reason").is_not_null(), "uscc_reason"),
        Check("统一社会信用代码", "uscc", "企业未登记：请先在“企业”表中导入该企业",
              pl.col("uscc_reason").is_null() & ~registered),
        Check("统一社会信用代码", "uscc", OUT_OF_SCOPE_FIRM,
              registered & ~pl.col("uscc_code").is_in(list(allowed))),
    ]


def _parcel_rows(rows: pl.DataFrame, known: set[str], allowed: set[str]
                 ) -> tuple[pl.DataFrame, list[RowError]]:
    rows = with_uscc_check(rows).with_columns(number("area").alias("area_value"))
    checks = [
        *_registered(known, allowed),
        Check("地块编号", "code", "地块编号为空", ~filled("code")),
        Check("面积（亩）", "area", "应为大于 0 的数字",
              pl.col("area_value").is_null() | (pl.col("area_value") <= 0)),
        *limit_checks(Parcel, {"code": PARCEL_COLUMNS["code"],
                               "area": (PARCEL_COLUMNS["area"], "area", "area_value"),
                               "land_use": PARCEL_COLUMNS["land_use"],
                               "certificate": PARCEL_COLUMNS["certificate"]}),
        Check("地块编号", "code", "同一企业的地块编号在文件中重复出现",
              filled("code") & (pl.int_range(pl.len()).over("uscc_code", "code") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select(pl.col("uscc_code").alias("uscc"), "code",
                        pl.col("area_value").alias("area"), stored_text("land_use"),
                        stored_text("certificate"),
                        *given_flags({"area": pl.lit(True), "land_use": given("land_use"),
                                      "certificate": given("certificate")})), errors


def _firms_known(usccs: pl.Series, valid: pl.DataFrame, user) -> tuple[set[str], set[str]]:
    """The firms honours or parcels may name (stored, or valid in this file), and of those
    the ones the user may change (its stored firms in scope, and this file's firms)."""
    stored = dict(Enterprise.objects.filter(uscc__in=usccs.str.to_uppercase().unique().to_list())
                  .values_list("uscc", "pk"))
    in_file = set(valid["uscc"].to_list())
    visible = set(visible_ids(Enterprise, user, list(stored.values())))
    return in_file | set(stored), in_file | {u for u, pk in stored.items() if pk in visible}


def enterprise_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as enterprise_sheets_import, from an uploaded .xlsx or .csv file."""
    return file_import(enterprise_sheets_import, content, filename, **options)


def enterprise_sheets_import(sheets: dict[str, pl.DataFrame], *, label: str, digest: str,
                             user=None, valid_only: bool = False, dry_run: bool = False,
                             is_demo: bool = False) -> ImportReport:
    """Firms, honours and parcels given as sheets with the template's headers."""
    filename = label
    enterprise_sheets, honour_sheets, parcel_sheets = _split(sheets)
    rows, errors = sheet_rows(enterprise_sheets, ENTERPRISE_COLUMNS, required=ENTERPRISE_REQUIRED)
    valid, row_errors = _enterprise_rows(rows, user)
    honour_rows, honour_errors = sheet_rows(honour_sheets, HONOUR_COLUMNS,
                                            required=HONOUR_REQUIRED)
    honours, honour_row_errors = _honour_rows(
        honour_rows, *_firms_known(honour_rows["uscc"], valid, user))
    parcel_rows, parcel_errors = sheet_rows(parcel_sheets, PARCEL_COLUMNS,
                                            required=("uscc", "code", "area"))
    parcels, parcel_row_errors = _parcel_rows(
        parcel_rows, *_firms_known(parcel_rows["uscc"], valid, user))
    report = ImportReport(rows=rows.height + honour_rows.height + parcel_rows.height,
                          errors=errors + row_errors + honour_errors + honour_row_errors
                          + parcel_errors + parcel_row_errors,
                          warnings=unknown_headers(enterprise_sheets, ENTERPRISE_COLUMNS)
                          + unknown_headers(honour_sheets, HONOUR_COLUMNS)
                          + unknown_headers(parcel_sheets, PARCEL_COLUMNS))

    def write() -> tuple[int, int]:
        created, updated = _write_enterprises(valid, is_demo=is_demo)
        honours_created, honours_updated = _write_children(
            Honour, honours, key=["enterprise_id", "kind", "level", "year_granted"],
            fields=HONOUR_FIELDS, label=pl.format("{} {} {}", "uscc", "kind", "year_granted"))
        parcels_created, parcels_updated = _write_children(
            Parcel, parcels, key=["enterprise_id", "code"], fields=PARCEL_FIELDS,
            numeric=("area",), label=pl.format("{} {}", "uscc", "code"))
        if created or updated or honours_created or honours_updated or parcels_created \
                or parcels_updated:
            audit_record(action=AuditEvent.Action.CREATE, object_type="enterprises.Enterprise",
                         object_repr=filename[:200], changes={"enterprise_import": {
                             "file": filename, "sha256": digest,
                             "enterprises_created": created, "enterprises_updated": updated,
                             "honours_created": honours_created,
                             "honours_updated": honours_updated,
                             "parcels_created": parcels_created,
                             "parcels_updated": parcels_updated}})
            transaction.on_commit(lambda: registry_changed.send(sender=Enterprise))
        return (created + honours_created + parcels_created,
                updated + honours_updated + parcels_updated)

    return import_write(report, write, valid_rows=valid.height + honours.height + parcels.height,
                        dry_run=dry_run, valid_only=valid_only)
