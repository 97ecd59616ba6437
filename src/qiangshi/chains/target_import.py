"""Importing a chain's 目标企业 list from Excel, one chain per import (the page's chain).

A row is matched to the stored target of the chain by its USCC where both carry one, else by
企业名称, so importing the same file twice changes nothing. The node must be a node of the
chain's newest map. Absent columns and empty cells keep the stored value, 清空 clears it (see
dataio.validation). 跟进阶段 only moves forward, and 落地 is recorded on the target's page
with its project, never by import. All-or-nothing unless `valid_only`.
"""

import polars as pl

from qiangshi.accounts.selectors import unit_lookup
from qiangshi.chains.lists_import import clearable_number, cleared, keyed_write
from qiangshi.chains.lists_services import STAGE_ORDER
from qiangshi.chains.models_lists import TargetFirm
from qiangshi.chains.services import ChainRefused, chain_in_scope, newest
from qiangshi.dataio.excel import template_sheet, template_workbook
from qiangshi.dataio.limits import limit_checks
from qiangshi.dataio.runner import import_write, locked
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
from qiangshi.engine.uscc import uscc_validate

COLUMNS = {"name": "企业名称", "node": "节点", "uscc": "统一社会信用代码", "location": "所在省市",
           "products": "主要产品", "scale": "规模与行业地位", "revenue": "营业收入（万元）",
           "mode": "招引类型", "stage": "跟进阶段", "unit": "责任单位", "contact": "联系人"}
REQUIRED = ("name", "node")
TEXTS = ["location", "products", "scale", "contact"]
FIELDS = ["name", "node", "uscc", *TEXTS, "revenue", "mode", "stage", "unit_id"]
DEFAULTS = {**dict.fromkeys(["uscc", *TEXTS], ""), "mode": TargetFirm.Mode.FILL.value,
            "stage": TargetFirm.Stage.LEAD.value}
MODE_BY_LABEL = {label: value for value, label in TargetFirm.Mode.choices}
STAGE_BY_LABEL = {label: value for value, label in TargetFirm.Stage.choices}
RANK = {stage.value: rank for rank, stage in enumerate(STAGE_ORDER)}
IMPORTABLE_STAGES = [label for value, label in TargetFirm.Stage.choices
                     if value != TargetFirm.Stage.LANDED]


def _stored(chain: str, *, lock: bool = False) -> pl.DataFrame:
    rows = TargetFirm.objects.filter(chain=chain)
    values = (locked(rows) if lock else rows).values_list("pk", *FIELDS)
    return pl.DataFrame(list(values), orient="row", schema={
        "stored_id": pl.Int64, "name": pl.String, "node": pl.String, "uscc": pl.String,
        **dict.fromkeys(TEXTS, pl.String), "revenue": pl.Float64, "mode": pl.String,
        "stage": pl.String, "unit_id": pl.Int64})


def _matched(rows: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Each row's stored target (`stored_id`): by USCC first, else by name; `name_id` is the
    target stored under the row's name, which another USCC match must not collide with."""
    by_uscc = stored.filter(pl.col("uscc") != "").select(
        pl.col("uscc").alias("uscc_code"), pl.col("stored_id").alias("uscc_id"))
    by_name = stored.select("name", pl.col("stored_id").alias("name_id"),
                            pl.col("uscc").alias("name_uscc"))
    rows = rows.join(by_uscc, on="uscc_code", how="left").join(by_name, on="name", how="left")
    # A name stored with another USCC is another firm of the same name, not this row's.
    same_firm = (pl.col("name_uscc").fill_null("") == "") | ~filled("uscc") \
        | (pl.col("name_uscc") == pl.col("uscc_code"))
    return rows.with_columns(pl.coalesce("uscc_id", pl.when(same_firm).then("name_id"))
                             .alias("stored_id"))


def _checks(nodes: list[str]) -> list[Check]:
    new_rank = pl.col("stage_code").replace_strict(RANK, default=None, return_dtype=pl.Int32)
    stored_rank = pl.col("stored_stage").replace_strict(RANK, default=None, return_dtype=pl.Int32)
    return [
        Check(COLUMNS["name"], "name", "企业名称为空", pl.col("name") == ""),
        Check(COLUMNS["node"], "node", "不是本产业链现行图谱中的节点（请按产业链图谱页面所列节点名称填写）",
              ~pl.col("node").is_in(nodes)),
        Check(COLUMNS["uscc"], "uscc", None, filled("uscc") & pl.col("uscc_reason").is_not_null(),
              "uscc_reason"),
        Check(COLUMNS["mode"], "mode", f"应为：{'、'.join(MODE_BY_LABEL)}",
              given("mode") & pl.col("mode_code").is_null()),
        Check(COLUMNS["stage"], "stage", "落地须在目标企业页面登记并关联落地项目，不能通过导入设置",
              pl.col("stage_code") == TargetFirm.Stage.LANDED),
        Check(COLUMNS["stage"], "stage", f"应为：{'、'.join(IMPORTABLE_STAGES)}",
              given("stage") & pl.col("stage_code").is_null()),
        Check(COLUMNS["stage"], "stage",
              pl.format("跟进阶段不能后退：平台中已为“{}”", pl.col("stored_stage").replace_strict(
                  dict(TargetFirm.Stage.choices), default="")),
              (new_rank < stored_rank) & (pl.col("stage_code") != TargetFirm.Stage.LANDED)),
        Check(COLUMNS["unit"], "unit", "未知责任单位：应为单位名称、简称或别名",
              filled("unit") & pl.col("unit_id").is_null()),
        number_check(COLUMNS["revenue"], "revenue", "revenue_value"),
        Check(COLUMNS["revenue"], "revenue", "应为非负数字", pl.col("revenue_value") < 0),
        *limit_checks(TargetFirm, {**{f: COLUMNS[f] for f in ("name", "node", *TEXTS)},
                                   "revenue": (COLUMNS["revenue"], "revenue", "revenue_value")}),
        Check(COLUMNS["name"], "name", "企业名称与平台中另一家（统一社会信用代码不同的）目标企业相同",
              pl.col("name_id").is_not_null()
              & (pl.col("stored_id").is_null() | (pl.col("stored_id") != pl.col("name_id")))),
        Check(COLUMNS["name"], "name", "同一企业在文件中重复出现",
              (pl.col("name") != "") & (pl.int_range(pl.len()).over("name") > 0)),
        Check(COLUMNS["uscc"], "uscc", "同一统一社会信用代码在文件中重复出现",
              pl.col("uscc_code").is_not_null() & (pl.int_range(pl.len()).over("uscc_code") > 0)),
    ]


def target_import(content: bytes, filename: str, **options) -> ImportReport:
    return file_import(target_sheets_import, content, filename, **options)


def target_sheets_import(sheets: dict[str, pl.DataFrame], *, label: str, digest: str, chain: str,
                         user=None, valid_only: bool = False, dry_run: bool = False
                         ) -> ImportReport:
    """The target firms of `chain` given as sheets with the template's headers."""
    version = newest(chain)
    try:
        chain_in_scope(user, chain)
    except ChainRefused as refused:
        return ImportReport(errors=[RowError("", 0, "产业链", version.title if version else chain,
                                             str(refused))])
    nodes = [node["name"] for node in version.content.get("nodes", [])] if version else []
    rows, errors = sheet_rows(sheets, COLUMNS, required=REQUIRED)
    uscc_text = pl.when(filled("uscc")).then(pl.col("uscc")).otherwise(pl.lit(""))
    checked = uscc_validate(rows.select(uscc_text.str.normalize("NFKC"))["uscc"])
    stored = _stored(chain)
    rows = _matched(
        rows.with_columns(
            pl.when(filled("uscc")).then(checked["code"]).alias("uscc_code"),
            checked["reason"].alias("uscc_reason"),
            number("revenue").alias("revenue_value"),
            pl.col("mode").replace_strict(MODE_BY_LABEL, default=None).alias("mode_code"),
            pl.col("stage").replace_strict(STAGE_BY_LABEL, default=None).alias("stage_code"),
        ).join(unit_lookup("unit", "unit_id"), on="unit", how="left"),
        stored).join(stored.select("stored_id", pl.col("stage").alias("stored_stage")),
                     on="stored_id", how="left")
    valid, row_errors = apply_checks(rows, _checks(nodes))
    report = ImportReport(rows=rows.height, errors=sorted(errors + row_errors,
                                                          key=lambda e: (e.sheet, e.row)),
                          warnings=unknown_headers(sheets, COLUMNS))
    values = {
        "name": pl.col("name"), "node": pl.col("node"),
        "uscc": cleared("uscc", pl.col("uscc_code"), pl.lit("")),
        **{text: cleared(text, pl.col(text), pl.lit("")) for text in TEXTS},
        "revenue": clearable_number("revenue", "revenue_value"),
        "mode": pl.col("mode_code"), "stage": pl.col("stage_code"),
        "unit_id": cleared("unit", pl.col("unit_id"), pl.lit(None, dtype=pl.Int64)),
    }
    source = {"unit_id": "unit"}
    valid = valid.select("stored_id", *[value.alias(name) for name, value in values.items()],
                         *[given(source.get(name, name)).alias(f"_given_{name}") for name in FIELDS])

    def write() -> tuple[int, int]:
        return keyed_write(TargetFirm, valid, _stored(chain, lock=True), fields=FIELDS,
                           defaults=DEFAULTS, label=f"导入：{label}", extra={"chain": chain})

    return import_write(report, write, valid_rows=valid.height, dry_run=dry_run,
                        valid_only=valid_only)


def target_template(chain_title: str, node: str) -> bytes:
    """The blank target workbook of one chain, its example row on one of the chain's nodes."""
    return template_workbook({"目标企业": template_sheet(COLUMNS, {
        "name": "某某新材料股份有限公司", "node": node, "uscc": "", "location": "江苏省苏州市",
        "products": "动力电池正极材料", "scale": "行业前十，年营收约 30 亿元", "revenue": "300000",
        "mode": "补链", "stage": "接触", "unit": "市投资促进局", "contact": "张某 13800000000"})},
        f"本模板用于“{chain_title}”的目标企业清单；节点须为该产业链图谱中的节点名称。",
        "按统一社会信用代码（填写时）或企业名称更新已有目标企业；同一文件重复导入不会改变任何数据。",
        f"招引类型：{'、'.join(MODE_BY_LABEL)}；跟进阶段：{'、'.join(IMPORTABLE_STAGES)}"
        "（只能前进，不能后退；落地请在目标企业页面登记并关联项目）。",
        "营业收入单位为万元。")
