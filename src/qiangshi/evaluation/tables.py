"""The registry and earlier runs as polars tables for engine.mujun."""

import polars as pl

from qiangshi.engine.mujun.inputs import FACT_SCHEMA
from qiangshi.enterprises.tables import fact_table, firm_profile_table
from qiangshi.evaluation.models import MethodVersion, Override, Result, Run

# Facts in the registry's units → the engine's (electricity: 万千瓦时 → kWh).
KWH_PER_WAN = 10_000
# The yearly figures an evaluation reads, by their registry names (the ones an appeal may correct),
# and the engine's name where it differs.
EVALUATED_FACTS = ("tax_paid", "revenue", "main_revenue", "value_added", "profit", "energy_tce",
                   "emissions", "electricity", "employees", "rd_expense", "new_product_sales")
ENGINE_NAMES = {"tax_paid": "tax", "emissions": "emissions_t", "electricity": "electricity_kwh"}


def registry_facts(year: int) -> pl.DataFrame:
    """Every firm with facts for `year`, in the engine's columns."""
    facts = fact_table(year=year).select("enterprise_id", *EVALUATED_FACTS).with_columns(
        pl.col("electricity") * KWH_PER_WAN).rename(ENGINE_NAMES)
    firms = firm_profile_table().drop("founded")
    joined = firms.join(facts, on="enterprise_id", how="inner")
    return joined.select([pl.col(name).cast(dtype) for name, dtype in FACT_SCHEMA.items()])


def history_table(method: MethodVersion, year: int) -> pl.DataFrame:
    """Each firm's class in the newest run of every earlier year (for consecutive D years)."""
    runs = {}
    for run in Run.objects.filter(year__lt=year).order_by("computed_at"):
        runs[run.year] = run.pk
    rows = Result.objects.filter(run_id__in=runs.values()).values_list("uscc", "run__year", "klass")
    return pl.DataFrame(list(rows), orient="row",
                        schema={"uscc": pl.String, "year": pl.Int32, "class": pl.String})


def override_table(year: int) -> pl.DataFrame:
    rows = Override.objects.filter(year=year).values_list(
        "enterprise__uscc", "kind", "klass", "reason_code", "reason")
    return pl.DataFrame(list(rows), orient="row", schema={
        "uscc": pl.String, "kind": pl.String, "class": pl.String, "reason_code": pl.String,
        "reason": pl.String})
