"""The registry as the tables the cultivation engines read.

Tier assessment: one row per firm with its last three years of facts side by side (y0 = the
year before the assessment date: 上年度), the honours it holds and the points analysts entered
for score items. Doubling selection: the
candidates with their base-year figures, honours and active projects."""

import datetime

import polars as pl
from django.db.models import Q

from qiangshi.cultivation.models import TierItemEntry
from qiangshi.engine.tier_metrics import FIRM_SCHEMA, YEARLY, YEARS
from qiangshi.engine.tiers import ENTRY_SCHEMA, HONOUR_SCHEMA
from qiangshi.enterprises.selectors import enterprise_rows, honour_rows
from qiangshi.enterprises.tables import fact_table, honour_table, place_table
from qiangshi.projects.tables import owner_investment_table

#: Projects that still promise growth: past 谋划, not yet producing.
ACTIVE_STAGES = ("reserve", "signed", "started", "building", "completed")
PLACE_SCHEMA = {"enterprise_id": pl.Int64, "name": pl.String, "region": pl.String,
                "zone": pl.String, "industry_code": pl.String}


def latest_year(as_of: datetime.date) -> int:
    return as_of.year - 1


def tier_firms(as_of: datetime.date, enterprises=None) -> pl.DataFrame:
    """FIRM_SCHEMA columns plus enterprise_id, name, region and zone codes and industry, for
    `enterprises` (a queryset; default every firm)."""
    queryset = enterprise_rows() if enterprises is None else enterprises
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
    queryset = honour_rows(enterprises)
    rows = queryset.values_list("enterprise__uscc", "kind", "level", "year_granted", "year_expiring", "rank")
    return pl.DataFrame(list(rows), orient="row", schema=HONOUR_SCHEMA)


def tier_entries(enterprises=None, *, as_of: datetime.date) -> pl.DataFrame:
    """ENTRY_SCHEMA: for each firm, tier and score item the points in force on `as_of` (see
    TierItemEntry: valid that day, the latest `valid_from`, the latest entered among equals)."""
    queryset = entries_valid_on(as_of)
    if enterprises is not None:
        queryset = queryset.filter(enterprise__in=enterprises)
    rows = queryset.order_by("valid_from", "entered_at", "pk").values_list(
        "enterprise__uscc", "tier", "item", "points")
    return (pl.DataFrame(list(rows), orient="row", schema=ENTRY_SCHEMA)
            .unique(subset=["uscc", "tier", "item"], keep="last", maintain_order=True))


def entries_valid_on(day: datetime.date):
    return TierItemEntry.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day),
                                        valid_from__lte=day)


def candidate_table(*, base_year: int) -> pl.DataFrame:
    """Every firm with a revenue figure for `base_year`, in the engine's candidate shape, with
    uscc, name, district and 规上 flag beside it. Honours count when in force in the base year;
    projects as the pipeline stands now."""
    facts = fact_table(year=base_year).filter(pl.col("revenue").is_not_null()).select(
        "enterprise_id", "revenue", "rd_expense")
    earlier = fact_table(year=base_year - 2).select(
        "enterprise_id", pl.col("revenue").alias("revenue_two_years_before"))
    honours = (honour_table()
               .filter((pl.col("year_granted") <= base_year)
                       & (pl.col("year_expiring").is_null()
                          | (pl.col("year_expiring") >= base_year)))
               .group_by("enterprise_id").agg(pl.len().cast(pl.Int64).alias("honours")))
    projects = owner_investment_table(ACTIVE_STAGES).group_by("enterprise_id").agg(
        # Projects whose planned investment is not recorded make the figure unknown, not 0.
        pl.when(pl.col("planned").is_not_null().any())
        .then(pl.col("planned").cast(pl.Float64).sum()).alias("planned_investment"))
    firms = place_table()
    has_projects = pl.col("enterprise_id").is_in(projects["enterprise_id"].implode())
    return (facts.join(firms, on="enterprise_id")
            .join(earlier, on="enterprise_id", how="left")
            .join(honours, on="enterprise_id", how="left")
            .join(projects, on="enterprise_id", how="left")
            .with_columns(
                pl.col("honours").fill_null(0),
                # No active project in the pipeline is a known zero.
                pl.when(has_projects).then(pl.col("planned_investment")).otherwise(0.0)
                .alias("planned_investment"),
                pl.lit(None, dtype=pl.String).alias("willingness"))
            .sort("enterprise_id"))
