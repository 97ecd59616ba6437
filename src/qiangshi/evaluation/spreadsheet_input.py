"""Facts for an evaluation from a district's own spreadsheet (CSV or xlsx), not the registry.

Accepts the platform's Chinese template headers or the plain keys of the CLI
(uscc, name, group, industry_code, land_mu, tax, revenue, main_revenue, value_added,
energy_tce, emissions_t, employees, rd_expense, electricity_kwh); money in 万元,
electricity in kWh with the keys (万千瓦时 with the template header), group 规上 or 规下.
"""

import polars as pl

from qiangshi.dataio.cells import with_uscc_check
from qiangshi.dataio.tables import RowError, read_sheets
from qiangshi.dataio.validation import Check, apply_checks, number, sheet_rows
from qiangshi.engine.mujun.inputs import FACT_SCHEMA
from qiangshi.enterprises.columns import ENTERPRISE_COLUMNS, FACT_COLUMNS

KEYS = ["uscc", "name", "group", "industry_code", "land_mu", "tax", "revenue", "main_revenue",
        "value_added", "energy_tce", "emissions_t", "employees", "rd_expense", "electricity_kwh"]
NUMERIC = KEYS[4:]
# Template header → key; electricity in the template is in 万千瓦时.
HEADERS = {
    ENTERPRISE_COLUMNS["uscc"]: "uscc", ENTERPRISE_COLUMNS["name"]: "name",
    "评价组": "group", ENTERPRISE_COLUMNS["industry_code"]: "industry_code",
    ENTERPRISE_COLUMNS["land_area"]: "land_mu", FACT_COLUMNS["tax_paid"]: "tax",
    FACT_COLUMNS["revenue"]: "revenue", FACT_COLUMNS["main_revenue"]: "main_revenue",
    FACT_COLUMNS["value_added"]: "value_added", FACT_COLUMNS["energy_tce"]: "energy_tce",
    FACT_COLUMNS["emissions"]: "emissions_t", FACT_COLUMNS["employees"]: "employees",
    FACT_COLUMNS["rd_expense"]: "rd_expense", FACT_COLUMNS["electricity"]: "electricity_wan_kwh",
}
GROUPS = {"规上": True, "规下": False}


def _normalised(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.rename({c: HEADERS[c] for c in frame.columns if c in HEADERS})


def spreadsheet_facts(content: bytes, filename: str) -> tuple[pl.DataFrame, list[RowError]]:
    sheets = {name: _normalised(frame) for name, frame in read_sheets(content, filename).items()}
    columns = {key: key for key in [*KEYS, "electricity_wan_kwh"]}
    rows, errors = sheet_rows(sheets, columns, required=("uscc", "group"))
    rows = with_uscc_check(rows).with_columns(
        *[number(key).alias(f"{key}_value") for key in [*NUMERIC, "electricity_wan_kwh"]],
        pl.col("group").replace_strict(GROUPS, default=None, return_dtype=pl.Boolean)
        .alias("above_scale"))
    checks = [
        Check("uscc", "uscc", None, pl.col("uscc_reason").is_not_null(), "uscc_reason"),
        Check("group", "group", "评价组应为“规上”或“规下”", pl.col("above_scale").is_null()),
        *[Check(key, key, "不是数字", (pl.col(key) != "") & pl.col(f"{key}_value").is_null())
          for key in NUMERIC],
        *[Check(key, key, "不能为负数", pl.col(f"{key}_value") < 0)
          for key in NUMERIC if key != "tax"],
        Check("uscc", "uscc", "同一企业重复出现",
              pl.col("uscc_reason").is_null() & (pl.int_range(pl.len()).over("uscc_code") > 0)),
    ]
    valid, row_errors = apply_checks(rows, checks)
    kwh = pl.coalesce(pl.col("electricity_kwh_value"),
                      pl.col("electricity_wan_kwh_value") * 10_000)
    facts = valid.with_columns(kwh.alias("electricity_kwh_value")).with_columns(
        pl.col("uscc_code").alias("uscc"), pl.lit(None).alias("region"), pl.lit(None).alias("founded_year"),
        pl.lit(None).alias("profit"), pl.lit(None).alias("new_product_sales"),
        *[pl.col(f"{key}_value").alias(key) for key in NUMERIC],
    )
    return facts.select([pl.col(n).cast(t) for n, t in FACT_SCHEMA.items()]), \
        errors + row_errors
