"""The registry and earlier runs as polars tables for engine.mujun."""

import polars as pl

from qiangshi.engine.mujun.inputs import FACT_SCHEMA
from qiangshi.enterprises.tables import fact_table, firm_profile_table
from qiangshi.evaluation.models import MethodVersion, Override, Result, Run

# Facts in the registry's units → the engine's (electricity: 万千瓦时 → kWh).
KWH_PER_WAN = 10_000
# The yearly figures an evaluation reads, by their registry names (the ones an appeal may correct),
# and the engine's name where it differs; land_area becomes the engine's land_mu below.
EVALUATED_FACTS = ("land_area", "tax_paid", "revenue", "main_revenue", "value_added", "profit",
                   "energy_tce", "emissions", "electricity", "employees", "rd_expense",
                   "new_product_sales")
ENGINE_NAMES = {"tax_paid": "tax", "emissions": "emissions_t", "electricity": "electricity_kwh"}
# Where a firm's land came from, kept with its result (detail.land_source) for 计算依据.
LAND_YEARLY, LAND_REGISTRY = "yearly", "registry"


def registry_facts(year: int) -> pl.DataFrame:
    """Every firm with facts for `year`, in the engine's columns, and land_source.

    The land (land_mu) is the year's 核定用地面积 when the firm has one, so an import or an
    upheld appeal can correct it year by year; otherwise the registry's 用地面积 as before."""
    facts = fact_table(year=year).select("enterprise_id", *EVALUATED_FACTS).with_columns(
        pl.col("electricity") * KWH_PER_WAN).rename(ENGINE_NAMES)
    firms = firm_profile_table().drop("founded")
    yearly, registry = pl.col("land_area"), pl.col("land_mu")
    joined = firms.join(facts, on="enterprise_id", how="inner").with_columns(
        pl.coalesce(yearly, registry).alias("land_mu"),
        pl.when(yearly.is_not_null()).then(pl.lit(LAND_YEARLY))
        .when(registry.is_not_null()).then(pl.lit(LAND_REGISTRY)).alias("land_source"))
    return joined.select(*[pl.col(name).cast(dtype) for name, dtype in FACT_SCHEMA.items()],
                         pl.col("land_source").cast(pl.String))


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


def region_class_table(year: int) -> pl.DataFrame:
    """region, evaluated (firms graded), a_count (A类) in the newest run of the latest year
    graded up to `year`: what the assessment reads as a region's 亩均 A-class share (empty
    when no such run exists)."""
    run = Run.objects.filter(year__lte=year).order_by("-year", "-computed_at", "-pk").first()
    rows = [] if run is None else list(Result.objects.filter(run=run, evaluated=True).values_list(
        "region__code", "klass"))
    return pl.DataFrame(rows, orient="row", schema={"region": pl.String, "klass": pl.String}).group_by(
        "region").agg(pl.len().cast(pl.Int64).alias("evaluated"),
                      (pl.col("klass") == "A").sum().cast(pl.Int64).alias("a_count")).sort("region")


def classes_of_year(year: int) -> pl.DataFrame:
    """enterprise_id, mujun_class: each firm's 亩均 class (A–D) in the newest run evaluating a
    year up to `year` (a firm not evaluated there has none)."""
    run = Run.objects.filter(year__lte=year).order_by("-year", "-pk").first()
    rows = [] if run is None else run.results.exclude(enterprise=None).filter(
        evaluated=True).values_list("enterprise_id", "klass")
    return pl.DataFrame(list(rows), orient="row",
                        schema={"enterprise_id": pl.Int64, "mujun_class": pl.String})
