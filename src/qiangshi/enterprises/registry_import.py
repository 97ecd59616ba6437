"""Importing the enterprise registry (sheet 企业) and honours (sheet 荣誉资质).

Validated as polars expressions; upserted by 统一社会信用代码 (honours by firm, kind, level
and year; a changed rank, expiry or source updates the honour), so importing the same file
twice changes nothing. All-or-nothing unless `valid_only`. Every changed enterprise gets an
audit entry with its old and new values.
"""


import polars as pl
from django.db import transaction

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.accounts.scoping import scope_values, user_sees_everything
from qiangshi.accounts.selectors import region_lookup
from qiangshi.dataio.tables import ImportReport, RowError, file_import
from qiangshi.dataio.validation import Check, apply_checks, number, sheet_rows
from qiangshi.enterprises.columns import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_REQUIRED,
    HONOUR_COLUMNS,
    HONOUR_REQUIRED,
    PARCEL_COLUMNS,
)
from qiangshi.enterprises.models import Enterprise, Honour, Parcel
from qiangshi.enterprises.parsing import (
    bad_year,
    date,
    integer,
    names_list,
    with_uscc_check,
    year,
    yes_no,
)
from qiangshi.enterprises.signals import registry_changed
from qiangshi.reference.classifications import industry_tree

FIELDS = ["name", "former_names", "region_id", "zone_id", "address", "industry_code", "founded",
          "registered_capital", "land_area", "listing_exchange", "listing_code", "above_scale",
          "above_scale_since", "above_scale_until", "tags"]
KIND_BY_LABEL = {label: value for value, label in Honour.Kind.choices}
# Short forms people type for the kinds whose labels explain themselves in brackets or
# name two titles at once.
KIND_ALIASES = {"研发机构": Honour.Kind.RD_INSTITUTION.value,
                "知识产权优势企业": Honour.Kind.IP_ADVANTAGE.value,
                "知识产权示范企业": Honour.Kind.IP_ADVANTAGE.value}
LEVEL_BY_LABEL = {label: value for value, label in Honour.Level.choices}


def _split(sheets: dict[str, pl.DataFrame]) -> tuple[dict, dict, dict]:
    """Sheets with a 荣誉资质 column are honours, with a 地块编号 column parcels; the rest
    are enterprises."""
    honours = {n: f for n, f in sheets.items() if HONOUR_COLUMNS["kind"] in f.columns}
    parcels = {n: f for n, f in sheets.items() if PARCEL_COLUMNS["code"] in f.columns}
    firms = {n: f for n, f in sheets.items() if n not in honours and n not in parcels}
    return firms, honours, parcels


def _in_scope(user, column: str) -> pl.Expr:
    if user is None or user_sees_everything(user):
        return pl.lit(True)
    return pl.col(column).is_in(scope_values(user)["region"]).fill_null(False)


def _enterprise_rows(rows: pl.DataFrame, user) -> tuple[pl.DataFrame, list[RowError]]:
    tree = industry_tree().filter(pl.col("level") == "小类").select(
        pl.col("code").alias("industry_code"), pl.lit(True).alias("industry_known"))
    districts = region_lookup(kinds=("city", "district", "county")).select(
        "region_key", pl.col("region_id"))
    zones = region_lookup(kinds=("zone",)).select(
        pl.col("region_key").alias("zone"), pl.col("region_id").alias("zone_id"))
    rows = (
        with_uscc_check(rows)
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
    checks = [
        Check("统一社会信用代码", "uscc", None, pl.col("uscc_reason").is_not_null(), "uscc_reason"),
        Check("企业名称", "name", "企业名称为空", pl.col("name") == ""),
        Check("所在区县", "region", "未知区县：应为区划代码或区县名称", pl.col("region_id").is_null()),
        Check("所在功能区", "zone", "未知功能区", (pl.col("zone") != "") & pl.col("zone_id").is_null()),
        Check("行业代码", "industry_code", "不是 GB/T 4754-2017 的小类代码（4 位）",
              pl.col("industry_known").is_null()),
        Check("成立日期", "founded", "无法识别的日期（如 2015-06-30）",
              (pl.col("founded") != "") & pl.col("founded_date").is_null()),
        Check("注册资本（万元）", "registered_capital", "应为非负数字",
              (pl.col("registered_capital") != "")
              & (pl.col("capital_value").is_null() | (pl.col("capital_value") < 0))),
        Check("用地面积（亩）", "land_area", "应为非负数字",
              (pl.col("land_area") != "")
              & (pl.col("land_value").is_null() | (pl.col("land_value") < 0))),
        Check("规上企业", "above_scale", "应填“是”或“否”", pl.col("above_scale_flag").is_null()),
        Check("纳入规上年份", "above_scale_since", "年份无效", bad_year("above_scale_since")),
        Check("退出规上年份", "above_scale_until", "年份无效", bad_year("above_scale_until")),
        Check("所在区县", "region", "超出您的数据范围：只能导入本地区的企业",
              pl.col("region_id").is_not_null() & ~(_in_scope(user, "region_id")
                                                    | _in_scope(user, "zone_id"))),
        Check("统一社会信用代码", "uscc", "同一企业在文件中重复出现",
              pl.col("uscc_reason").is_null()
              & (pl.int_range(pl.len()).over("uscc_code") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select(
        pl.col("uscc_code").alias("uscc"), "name", names_list("former_names").alias("former_names"),
        "region_id", "zone_id", pl.col("address").fill_null(""), "industry_code",
        pl.col("founded_date").alias("founded"), pl.col("capital_value").alias("registered_capital"),
        pl.col("land_value").alias("land_area"), pl.col("listing_exchange").fill_null(""),
        pl.col("listing_code").fill_null(""),
        pl.col("above_scale_flag").alias("above_scale"),
        year("above_scale_since").alias("above_scale_since"),
        year("above_scale_until").alias("above_scale_until"), names_list("tags").alias("tags"),
    ), errors


def _stored(usccs: list[str]) -> pl.DataFrame:
    rows = list(Enterprise.objects.filter(uscc__in=usccs).values("pk", "uscc", *FIELDS))
    if not rows:
        return pl.DataFrame(schema={"pk": pl.Int64, "uscc": pl.String})
    return pl.DataFrame(rows, infer_schema_length=None)


def _plain(value):
    return float(value) if hasattr(value, "as_tuple") else value


def _changes(new: dict, old: dict) -> dict:
    return {name: [_jsonable(_plain(old.get(name))), _jsonable(new[name])] for name in FIELDS
            if _plain(old.get(name)) != new[name]
            and not (old.get(name) in (None, "", []) and new[name] in (None, "", []))}


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _write_enterprises(valid: pl.DataFrame, *, is_demo: bool) -> tuple[int, int]:
    stored = {row["uscc"]: row for row in _stored(valid["uscc"].to_list()).iter_rows(named=True)}
    new, changed, events = [], [], []
    actor = current_actor()
    for row in valid.iter_rows(named=True):
        old = stored.get(row["uscc"])
        if old is None:
            new.append(Enterprise(uscc=row["uscc"], is_demo=is_demo,
                                  **{name: row[name] for name in FIELDS}))
            continue
        changes = _changes(row, old)
        if changes:
            changed.append(Enterprise(pk=old["pk"], **{name: row[name] for name in FIELDS}))
            events.append(AuditEvent(actor=actor.user, actor_name=actor.name, ip=actor.ip,
                                     channel=actor.channel, action=AuditEvent.Action.UPDATE,
                                     object_type="enterprises.Enterprise", object_id=str(old["pk"]),
                                     object_repr=row["name"][:200], changes=changes))
    Enterprise.objects.bulk_create(new, batch_size=2000)
    Enterprise.objects.bulk_update(changed, FIELDS, batch_size=500)
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(new), len(changed)


def _honour_rows(rows: pl.DataFrame, known: set[str]) -> tuple[pl.DataFrame, list[RowError]]:
    rows = with_uscc_check(rows).with_columns(
        pl.col("kind").replace_strict({**KIND_BY_LABEL, **KIND_ALIASES}, default=None)
        .alias("kind_code"),
        pl.col("level").replace_strict(LEVEL_BY_LABEL, default=None).alias("level_code"),
        integer("rank", pl.Int16).alias("rank_value"),  # the column is a smallint
        year("year_granted").alias("granted"), year("year_expiring").alias("expiring"),
    )
    checks = [
        *_registered(known),
        Check("荣誉资质", "kind", f"应为：{'、'.join(KIND_BY_LABEL)}", pl.col("kind_code").is_null()),
        Check("级别", "level", "应为国家级、省级或市级", pl.col("level_code").is_null()),
        Check("排名", "rank", "应为正整数（如获奖单位排名 1、2、3）",
              (pl.col("rank") != "") & ~(pl.col("rank_value") >= 1).fill_null(False)),
        Check("认定年份", "year_granted", "年份无效",
              pl.col("granted").is_null() | bad_year("year_granted")),
        Check("有效期至", "year_expiring", "年份无效或早于认定年份",
              bad_year("year_expiring") | (pl.col("expiring") < pl.col("granted"))),
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
                        pl.col("expiring").alias("year_expiring"), pl.col("source").fill_null("")), errors


def _write_honours(valid: pl.DataFrame) -> tuple[int, int]:
    ids = dict(Enterprise.objects.filter(uscc__in=valid["uscc"].unique().to_list())
               .values_list("uscc", "pk"))
    updatable = ["rank", "year_expiring", "source"]
    stored = {(e, k, lv, y): (pk, *rest) for pk, e, k, lv, y, *rest in Honour.objects.filter(
        enterprise_id__in=ids.values()).values_list(
        "pk", "enterprise_id", "kind", "level", "year_granted", *updatable)}
    new, changed = [], []
    for row in valid.iter_rows(named=True):
        key = (ids[row["uscc"]], row["kind"], row["level"], row["year_granted"])
        values = {name: row[name] for name in updatable}
        if key not in stored:
            new.append(Honour(enterprise_id=key[0], kind=row["kind"], level=row["level"],
                              year_granted=row["year_granted"], **values))
        elif stored[key][1:] != tuple(values.values()):
            changed.append(Honour(pk=stored[key][0], **values))
    Honour.objects.bulk_create(new, batch_size=2000)
    Honour.objects.bulk_update(changed, updatable, batch_size=500)
    return len(new), len(changed)


def _registered(known: set[str]) -> list[Check]:
    return [
        Check("统一社会信用代码", "uscc", None, pl.col("uscc_reason").is_not_null(), "uscc_reason"),
        Check("统一社会信用代码", "uscc", "企业未登记：请先在“企业”表中导入该企业",
              pl.col("uscc_reason").is_null() & ~pl.col("uscc_code").is_in(list(known))),
    ]


def _parcel_rows(rows: pl.DataFrame, known: set[str]) -> tuple[pl.DataFrame, list[RowError]]:
    rows = with_uscc_check(rows).with_columns(number("area").alias("area_value"))
    checks = [
        *_registered(known),
        Check("地块编号", "code", "地块编号为空", pl.col("code") == ""),
        Check("面积（亩）", "area", "应为大于 0 的数字",
              pl.col("area_value").is_null() | (pl.col("area_value") <= 0)),
        Check("地块编号", "code", "同一企业的地块编号在文件中重复出现",
              (pl.col("code") != "") & (pl.int_range(pl.len()).over("uscc_code", "code") > 0)),
    ]
    valid, errors = apply_checks(rows, checks)
    return valid.select(pl.col("uscc_code").alias("uscc"), "code",
                        pl.col("area_value").alias("area"), pl.col("land_use").fill_null(""),
                        pl.col("certificate").fill_null("")), errors


def _write_parcels(valid: pl.DataFrame) -> tuple[int, int]:
    ids = dict(Enterprise.objects.filter(uscc__in=valid["uscc"].unique().to_list())
               .values_list("uscc", "pk"))
    stored = {(e, c): (pk, float(a), u, cert) for pk, e, c, a, u, cert in Parcel.objects.filter(
        enterprise_id__in=ids.values()).values_list(
        "pk", "enterprise_id", "code", "area", "land_use", "certificate")}
    new, changed = [], []
    for row in valid.iter_rows(named=True):
        key = (ids[row["uscc"]], row["code"])
        values = (row["area"], row["land_use"], row["certificate"])
        if key not in stored:
            new.append(Parcel(enterprise_id=key[0], code=row["code"], area=row["area"],
                              land_use=row["land_use"], certificate=row["certificate"]))
        elif stored[key][1:] != values:
            changed.append(Parcel(pk=stored[key][0], area=row["area"], land_use=row["land_use"],
                                  certificate=row["certificate"]))
    Parcel.objects.bulk_create(new, batch_size=2000)
    Parcel.objects.bulk_update(changed, ["area", "land_use", "certificate"], batch_size=500)
    return len(new), len(changed)


def enterprise_import(content: bytes, filename: str, **options) -> ImportReport:
    """The same as enterprise_sheets_import, from an uploaded .xlsx or .csv file."""
    return file_import(enterprise_sheets_import, content, filename, **options)


def enterprise_sheets_import(sheets: dict[str, pl.DataFrame], *, label: str, digest: str,
                             user=None, valid_only: bool = False, dry_run: bool = False,
                             is_demo: bool = False) -> ImportReport:
    """Firms and honours given as sheets with the template's headers."""
    filename = label
    enterprise_sheets, honour_sheets, parcel_sheets = _split(sheets)
    rows, errors = sheet_rows(enterprise_sheets, ENTERPRISE_COLUMNS, required=ENTERPRISE_REQUIRED)
    valid, row_errors = _enterprise_rows(rows, user)
    honour_rows, honour_errors = sheet_rows(honour_sheets, HONOUR_COLUMNS,
                                            required=HONOUR_REQUIRED)
    known = set(valid["uscc"].to_list()) | set(Enterprise.objects.filter(
        uscc__in=honour_rows["uscc"].str.to_uppercase().unique().to_list())
        .values_list("uscc", flat=True))
    honours, honour_row_errors = _honour_rows(honour_rows, known)
    parcel_rows, parcel_errors = sheet_rows(parcel_sheets, PARCEL_COLUMNS,
                                            required=("uscc", "code", "area"))
    known |= set(Enterprise.objects.filter(
        uscc__in=parcel_rows["uscc"].str.to_uppercase().unique().to_list())
        .values_list("uscc", flat=True))
    parcels, parcel_row_errors = _parcel_rows(parcel_rows, known)
    report = ImportReport(rows=rows.height + honour_rows.height + parcel_rows.height,
                          errors=errors + row_errors + honour_errors + honour_row_errors
                          + parcel_errors + parcel_row_errors)
    if dry_run or (report.errors and not valid_only):
        report.created = valid.height + honours.height + parcels.height
        return report
    with transaction.atomic():
        created, updated = _write_enterprises(valid, is_demo=is_demo)
        honours_created, honours_updated = _write_honours(honours)
        parcels_created, parcels_updated = _write_parcels(parcels)
        report.created = created + honours_created + parcels_created
        report.updated = updated + honours_updated + parcels_updated
        report.unchanged = (valid.height + honours.height + parcels.height
                            - report.created - report.updated)
        if report.created or report.updated:
            audit_record(action=AuditEvent.Action.CREATE, object_type="enterprises.Enterprise",
                         object_repr=filename[:200], changes={"enterprise_import": {
                             "file": filename, "sha256": digest,
                             "enterprises_created": created, "enterprises_updated": updated,
                             "honours_created": honours_created,
                             "honours_updated": honours_updated,
                             "parcels_created": parcels_created,
                             "parcels_updated": parcels_updated}})
            report.written = True
            transaction.on_commit(lambda: registry_changed.send(sender=Enterprise))
    return report
