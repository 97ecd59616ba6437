"""The registry as the tables the tier engine reads: one row per firm with its last three
years of facts side by side (y0 = the year before the assessment date: 上年度), and the
honours it holds."""

import datetime

import polars as pl

from qiangshi.engine.tier_metrics import FIRM_SCHEMA, YEARLY, YEARS
from qiangshi.engine.tiers import HONOUR_SCHEMA
from qiangshi.enterprises.models import Enterprise, Honour
from qiangshi.enterprises.tables import fact_table

PLACE_SCHEMA = {"enterprise_id": pl.Int64, "name": pl.String, "region": pl.String,
                "zone": pl.String, "industry_code": pl.String}


def latest_year(as_of: datetime.date) -> int:
    return as_of.year - 1


def tier_firms(as_of: datetime.date, enterprises=None) -> pl.DataFrame:
    """FIRM_SCHEMA columns plus enterprise_id, name, region and zone codes and industry, for
    `enterprises` (a queryset; default every firm)."""
    queryset = Enterprise.objects.all() if enterprises is None else enterprises
    rows = queryset.values_list("pk", "name", "region__code", "zone__code", "industry_code", "uscc",
                                "founded", "listing_code", "above_scale")
    firms = pl.DataFrame(list(rows), orient="row", schema={
        **PLACE_SCHEMA, "uscc": pl.String, "founded": pl.Date, "listing_code": pl.String,
        "above_scale": pl.Boolean,
    }).with_columns((pl.col("listing_code") != "").alias("listed")).drop("listing_code")
    latest = latest_year(as_of)
    ids = None if enterprises is None else firms["enterprise_id"].to_list()
    facts = fact_table(years=(latest - len(YEARS) + 1, latest), enterprise_ids=ids)
    for k, year in enumerate(YEARS):
        firms = firms.join(facts.filter(pl.col("year") == latest - k)
                           .select("enterprise_id", *[pl.col(f).alias(f"{f}_{year}") for f in YEARLY]),
                           on="enterprise_id", how="left")
    return firms.cast(FIRM_SCHEMA, strict=False)


def tier_honours(enterprises=None) -> pl.DataFrame:
    queryset = Honour.objects.all() if enterprises is None else Honour.objects.filter(
        enterprise__in=enterprises)
    rows = queryset.values_list("enterprise__uscc", "kind", "level", "year_granted", "year_expiring", "rank")
    return pl.DataFrame(list(rows), orient="row", schema=HONOUR_SCHEMA)
