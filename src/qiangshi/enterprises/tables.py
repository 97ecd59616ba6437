"""The registry as polars tables for the engine, read straight from the database.

Money columns are read as floating point in SQL, so that a whole province's facts load
without converting each Decimal in Python.
"""

import polars as pl
from django.db import connection

from qiangshi.enterprises.industry_groups import industry_classify
from qiangshi.enterprises.models import FACT_FIELDS, Enterprise, Fact, Honour, MonthlyFact

# The memberships of an industry code the enterprise-based formulas can select on.
INDUSTRY_TAGS = ["section", "hightech_mfg", "digital_core", "equipment_mfg", "pillar",
                 "advanced_mfg"]


def _read(sql: str, schema: dict) -> pl.DataFrame:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")


def fact_table(*, year: int | None = None, years: tuple[int, int] | None = None,
               enterprise_ids: list[int] | None = None) -> pl.DataFrame:
    """enterprise_id, year and every fact field, one row per firm-year: one year, a range of
    years (first, last) and some firms if given."""
    table = Fact._meta.db_table
    columns = ", ".join(f"CAST({name} AS DOUBLE PRECISION)" for name in FACT_FIELDS)
    # Only integers are written into the SQL, so nothing a user typed reaches it.
    conditions = [] if year is None else [f"year = {int(year)}"]
    if years is not None:
        conditions.append(f"year BETWEEN {int(years[0])} AND {int(years[1])}")
    if enterprise_ids is not None:
        conditions.append(f"enterprise_id IN ({', '.join(str(int(i)) for i in enterprise_ids) or 'NULL'})")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return _read(f"SELECT enterprise_id, year, {columns} FROM {table}{where}",  # noqa: S608
                 {"enterprise_id": pl.Int64, "year": pl.Int32,
                  **dict.fromkeys(FACT_FIELDS, pl.Float64)})


def monthly_table() -> pl.DataFrame:
    """enterprise_id, year, month, revenue_ytd and output_ytd (万元) of every firm's 1–N月
    figures."""
    return _read(f"SELECT enterprise_id, year, month, CAST(revenue_ytd AS DOUBLE PRECISION), "  # noqa: S608
                 f"CAST(output_ytd AS DOUBLE PRECISION) FROM {MonthlyFact._meta.db_table}",
                 {"enterprise_id": pl.Int64, "year": pl.Int32, "month": pl.Int32,
                  "revenue_ytd": pl.Float64, "output_ytd": pl.Float64})


def firm_profile_table() -> pl.DataFrame:
    """enterprise_id, uscc, name, district code, industry, 规上 flag, founding year, land area."""
    rows = Enterprise.objects.values_list("pk", "uscc", "name", "region__code", "industry_code",
                                          "above_scale", "founded", "land_area")
    return pl.DataFrame(list(rows), orient="row", schema={
        "enterprise_id": pl.Int64, "uscc": pl.String, "name": pl.String, "region": pl.String,
        "industry_code": pl.String, "above_scale": pl.Boolean, "founded": pl.Date,
        "land_mu": pl.Decimal(12, 2),
    }).with_columns(pl.col("founded").dt.year().cast(pl.Int32).alias("founded_year"),
                    pl.col("land_mu").cast(pl.Float64))


def firm_table(*, city: str) -> pl.DataFrame:
    """Each firm with its city, district and zone codes, industry, 规上 years and listing."""
    rows = Enterprise.objects.values_list(
        "pk", "region__code", "zone__code", "industry_code", "above_scale", "above_scale_since",
        "above_scale_until", "listing_code")
    return pl.DataFrame(list(rows), orient="row", schema={
        "enterprise_id": pl.Int64, "region": pl.String, "zone": pl.String,
        "industry_code": pl.String, "above_scale": pl.Boolean, "above_scale_since": pl.Int32,
        "above_scale_until": pl.Int32, "listing_code": pl.String,
    }).with_columns(pl.lit(city).alias("city"),
                    (pl.col("listing_code") != "").alias("listed")).drop("listing_code")


def honour_table() -> pl.DataFrame:
    rows = Honour.objects.values_list("enterprise_id", "kind", "level", "year_granted",
                                      "year_expiring")
    return pl.DataFrame(list(rows), orient="row", schema={
        "enterprise_id": pl.Int64, "kind": pl.String, "level": pl.String,
        "year_granted": pl.Int32, "year_expiring": pl.Int32})


def industry_table(codes: list[str]) -> pl.DataFrame:
    """industry_code and its memberships under the industry lists in force."""
    return industry_classify(codes).select(pl.col("code").alias("industry_code"), *INDUSTRY_TAGS)


def revenue_table(enterprise_ids) -> pl.DataFrame:
    """enterprise_id, year, revenue and profit as stored (Decimal), the firm's 规上 flag; one
    row per firm-year of the firms with `enterprise_ids` (a list or a subquery)."""
    rows = Fact.objects.filter(enterprise_id__in=enterprise_ids).values_list(
        "enterprise_id", "year", "revenue", "profit", "enterprise__above_scale")
    return pl.DataFrame(list(rows), orient="row", schema={
        "enterprise_id": pl.Int64, "year": pl.Int32, "revenue": pl.Decimal(16, 2),
        "profit": pl.Decimal(16, 2), "above_scale": pl.Boolean})


def place_table() -> pl.DataFrame:
    """enterprise_id, uscc, name, district code and short name, 规上 flag of every firm."""
    rows = Enterprise.objects.values_list("pk", "uscc", "name", "region__code",
                                          "region__short_name", "above_scale")
    return pl.DataFrame(list(rows), orient="row", schema={
        "enterprise_id": pl.Int64, "uscc": pl.String, "name": pl.String, "region": pl.String,
        "region_name": pl.String, "above_scale": pl.Boolean})


def chain_firm_table() -> pl.DataFrame:
    """enterprise_id, name, main products, industry, district and zone codes and 规上 flag of
    every firm: what chain attachment matches on and relatedness places."""
    rows = Enterprise.objects.values_list("pk", "name", "main_products", "industry_code",
                                          "region__code", "zone__code", "above_scale")
    return pl.DataFrame(list(rows), orient="row", schema={
        "enterprise_id": pl.Int64, "name": pl.String, "products": pl.String,
        "industry_code": pl.String, "region": pl.String, "zone": pl.String,
        "above_scale": pl.Boolean})
