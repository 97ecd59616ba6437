"""Importing 落地载体 from Excel: parks, zones, standard factories and land parcels with free
capacity and the chain nodes they suit, matched by 载体名称.

适合的产业链节点 lists items "产业链名称：节点名称" (or just "产业链名称" for the whole chain)
separated by "；"; each must name a chain and a node of its newest map. The region is read by
code or name as other imports read regions; a district may write only its own region's
carriers, the stored row's region included (dataio.scope). Absent columns and empty cells keep
the stored value, 清空 clears it. All-or-nothing unless `valid_only`.
"""

import json

import polars as pl

from qiangshi.accounts.scoping import scope_expr
from qiangshi.accounts.selectors import region_lookup
from qiangshi.chains.lists_import import clearable_number, cleared, keyed_write
from qiangshi.chains.models_lists import Carrier
from qiangshi.chains.services import chains_ensure
from qiangshi.dataio.excel import template_sheet, template_workbook
from qiangshi.dataio.limits import limit_checks
from qiangshi.dataio.runner import import_write, locked
from qiangshi.dataio.scope import visible_ids, write_scope_checks
from qiangshi.dataio.tables import ImportReport, file_import
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

COLUMNS = {"name": "载体名称", "region": "所在区县或功能区", "kind": "载体类型",
           "total_area": "总面积（亩）", "free_area": "可用面积（亩）",
           "free_floor": "闲置标准厂房（㎡）", "suits": "适合的产业链节点", "note": "备注"}
REQUIRED = ("name", "region", "kind")
AREAS = ["total_area", "free_area", "free_floor"]
FIELDS = ["name", "region_id", "kind", *AREAS, "suits", "note"]
DEFAULTS = {"suits": "[]", "note": ""}
KIND_BY_LABEL = {label: value for value, label in Carrier.Kind.choices}
ITEM_SEPARATOR = r"[；;\n]"
NODE_SEPARATOR = r"[：:]"


def suits_text(items: pl.DataFrame, key: str) -> pl.DataFrame:
    """`key` → the suited {chain, node} items as canonical JSON text (sorted, each once), so a
    file's list and a stored one compare equal whatever their order."""
    return (items.unique([key, "chain", "node"]).sort(key, "chain", "node")
            .group_by(key, maintain_order=True)
            .agg(pl.format("[{}]", pl.struct("chain", "node").struct.json_encode().str.join(","))
                 .alias("suits")))


def _stored(names: list[str], *, lock: bool = False) -> pl.DataFrame:
    rows = Carrier.objects.filter(name__in=names)
    values = list((locked(rows) if lock else rows).values_list("pk", *FIELDS))
    suited = pl.DataFrame([(row[0], item["chain"], item["node"]) for row in values for item in row[-2]],
                          orient="row",
                          schema={"stored_id": pl.Int64, "chain": pl.String, "node": pl.String})
    frame = pl.DataFrame([(*row[:-2], row[-1]) for row in values], orient="row", schema={
        "stored_id": pl.Int64, "name": pl.String, "region_id": pl.Int64, "kind": pl.String,
        **dict.fromkeys(AREAS, pl.Float64), "note": pl.String})
    return (frame.join(suits_text(suited, "stored_id"), on="stored_id", how="left")
            .with_columns(pl.col("suits").fill_null("[]")).select("stored_id", *FIELDS))


def _chain_nodes() -> tuple[pl.DataFrame, pl.DataFrame]:
    """(chain name or code → code, every chain's newest nodes)."""
    versions = chains_ensure()
    keys = pl.DataFrame([(key, v.name) for v in versions for key in (v.name, v.title)],
                        orient="row", schema={"chain_key": pl.String, "chain": pl.String})
    nodes = pl.DataFrame([(v.name, n["name"]) for v in versions for n in v.content.get("nodes", [])],
                         orient="row", schema={"chain": pl.String, "node": pl.String})
    return keys.unique("chain_key"), pl.concat([nodes, keys.select("chain").unique().with_columns(
        pl.lit("").alias("node"))])


def _suits(rows: pl.DataFrame) -> pl.DataFrame:
    """Each row's suited items as JSON text (`suits_json`) and the items no map knows
    (`suits_unknown`, null when none)."""
    keys, nodes = _chain_nodes()
    items = (rows.filter(filled("suits")).select(
        "_sheet", "_row", pl.col("suits").str.replace_all(ITEM_SEPARATOR, "；").str.split("；"))
        .explode("suits").with_columns(pl.col("suits").str.strip_chars())
        .filter(pl.col("suits") != "")
        .with_columns(pl.col("suits").str.replace(NODE_SEPARATOR, "：").str.splitn("：", 2)
                      .struct.rename_fields(["chain_key", "node"]).alias("parts"))
        .unnest("parts").with_columns(pl.col("chain_key", "node").str.strip_chars().fill_null(""))
        .join(keys, on="chain_key", how="left")
        .join(nodes.with_columns(pl.lit(True).alias("known")), on=["chain", "node"], how="left"))
    row = pl.concat_str("_sheet", pl.col("_row").cast(pl.String), separator="#").alias("_key")
    bad = items.filter(pl.col("known").is_null()).group_by("_sheet", "_row").agg(
        pl.col("suits").str.join("、").alias("suits_unknown"))
    good = suits_text(items.filter(pl.col("known")).select(row, "chain", "node"), "_key")
    return (rows.with_columns(row).join(good.rename({"suits": "suits_json"}), on="_key", how="left")
            .join(bad, on=["_sheet", "_row"], how="left").drop("_key"))


def carrier_import(content: bytes, filename: str, **options) -> ImportReport:
    return file_import(carrier_sheets_import, content, filename, **options)


def carrier_sheets_import(sheets: dict[str, pl.DataFrame], *, label: str, digest: str,
                          user=None, valid_only: bool = False, dry_run: bool = False
                          ) -> ImportReport:
    """The carriers given as sheets with the template's headers."""
    rows, errors = sheet_rows(sheets, COLUMNS, required=REQUIRED)
    regions = region_lookup(kinds=("district", "county", "zone")).select(
        pl.col("region_key").alias("region"), "region_id")
    stored = _stored(rows["name"].unique().to_list())
    rows = (_suits(rows).with_columns(
        pl.col("kind").replace_strict(KIND_BY_LABEL, default=None).alias("kind_code"),
        *[number(area).alias(f"{area}_value") for area in AREAS])
        .join(regions, on="region", how="left")
        .join(stored.select("name", "stored_id", pl.col("region_id").alias("stored_region_id")),
              on="name", how="left"))
    area = pl.col("free_area_value")
    checks = [
        Check(COLUMNS["name"], "name", "载体名称为空", pl.col("name") == ""),
        Check(COLUMNS["region"], "region", "未知区县或功能区：应为区划代码或名称",
              pl.col("region_id").is_null()),
        Check(COLUMNS["kind"], "kind", f"应为：{'、'.join(KIND_BY_LABEL)}", pl.col("kind_code").is_null()),
        *[number_check(COLUMNS[a], a, f"{a}_value") for a in AREAS],
        *[Check(COLUMNS[a], a, "应为非负数字", pl.col(f"{a}_value") < 0) for a in AREAS],
        Check(COLUMNS["free_area"], "free_area", "可用面积大于总面积",
              area > pl.col("total_area_value")),
        Check(COLUMNS["suits"], "suits",
              pl.format("不认识的产业链或节点：{}（应为“产业链名称：节点名称”，以“；”分隔）",
                        pl.col("suits_unknown")),
              pl.col("suits_unknown").is_not_null()),
        *limit_checks(Carrier, {"name": COLUMNS["name"], "note": COLUMNS["note"],
                                **{a: (COLUMNS[a], a, f"{a}_value") for a in AREAS}}),
        *write_scope_checks(
            user, header=COLUMNS["region"], column="region",
            file_in_scope=pl.col("region_id").is_null() | scope_expr(user, region="region_id"),
            stored_id="stored_id", visible=visible_ids(Carrier, user, stored["stored_id"].to_list()),
            moved=pl.col("region_id") != pl.col("stored_region_id")),
        Check(COLUMNS["name"], "name", "同一载体在文件中重复出现",
              (pl.col("name") != "") & (pl.int_range(pl.len()).over("name") > 0)),
    ]
    valid, row_errors = apply_checks(rows, checks)
    report = ImportReport(rows=rows.height, errors=sorted(errors + row_errors,
                                                          key=lambda e: (e.sheet, e.row)),
                          warnings=unknown_headers(sheets, COLUMNS))
    values = {"name": pl.col("name"), "region_id": pl.col("region_id"), "kind": pl.col("kind_code"),
              **{a: clearable_number(a, f"{a}_value") for a in AREAS},
              "suits": cleared("suits", pl.col("suits_json"), pl.lit("[]")),
              "note": cleared("note", pl.col("note"), pl.lit(""))}
    source = {"region_id": "region"}
    valid = valid.select("stored_id", *[value.alias(name) for name, value in values.items()],
                         *[given(source.get(name, name)).alias(f"_given_{name}") for name in FIELDS])

    def write() -> tuple[int, int]:
        return keyed_write(Carrier, valid, _stored(valid["name"].to_list(), lock=True),
                           fields=FIELDS, defaults=DEFAULTS, label=f"导入：{label}",
                           decode={"suits": json.loads})

    return import_write(report, write, valid_rows=valid.height, dry_run=dry_run,
                        valid_only=valid_only)


def carrier_template() -> bytes:
    return template_workbook({"落地载体": template_sheet(COLUMNS, {
        "name": "某某智能制造产业园", "region": "历城区", "kind": "园区", "total_area": "1200",
        "free_area": "180", "free_floor": "45000",
        "suits": "新能源汽车：动力电池；新能源汽车", "note": "三通一平已完成"})},
        "按载体名称更新已有载体；同一文件重复导入不会改变任何数据。",
        "所在区县或功能区：填写区划代码或名称；区县用户只能导入本地区的载体。",
        f"载体类型：{'、'.join(KIND_BY_LABEL)}；面积单位为亩，闲置标准厂房单位为平方米。",
        "适合的产业链节点：每项写“产业链名称：节点名称”，只写产业链名称表示适合整条产业链，多项以“；”分隔。")
