"""The project pipeline as polars tables for the engine (stall rules, pipeline figures)."""

import datetime

import polars as pl

from qiangshi.accounts.selectors import CITY
from qiangshi.engine import projects as engine
from qiangshi.enterprises.tables import revenue_table
from qiangshi.projects.models import MonthlyProgress, Project, StageChange, YearPlan

STAGE_DATE_COLUMNS = ("signed_on", "started_on", "registered_on", "completed_on", "producing_on",
                      "counted_on")


def project_table(*, city: str = CITY, as_of: datetime.date | None = None,
                  projects=None) -> pl.DataFrame:
    """One row per project of `projects` (a queryset; default all): place (city, district,
    zone), kind, flags, stage and the date each stage was reached, planned investment, the
    owner's 规上 flag and latest revenue, and the year plan of `as_of`'s year (null without
    `as_of`)."""
    projects = projects if projects is not None else Project.objects.all()
    base = pl.DataFrame(list(projects.values_list(
        "pk", "name", "unit__name", "region__code", "zone__code", "kind", "stage",
        "planned_investment", "chain_strengthening", "major", "owner_id")),
        orient="row", schema={"project_id": pl.Int64, "name": pl.String, "unit": pl.String,
                              "region": pl.String, "zone": pl.String, "kind": pl.String,
                              "stage": pl.String, "planned_investment": pl.Decimal(16, 2),
                              "chain_strengthening": pl.Boolean, "major": pl.Boolean,
                              "owner_id": pl.Int64})
    dates = pl.DataFrame(list(StageChange.objects.filter(project__in=projects).values_list(
        "project_id", "stage", "on")), orient="row",
        schema={"project_id": pl.Int64, "stage": pl.String, "on": pl.Date})
    wide = dates.pivot(on="stage", index="project_id", values="on") if dates.height else \
        pl.DataFrame(schema={"project_id": pl.Int64})
    columns = {stage: f"{stage}_on" for stage in [*engine.STAGES, engine.REGISTERED]}
    wide = wide.rename({c: columns[c] for c in wide.columns if c in columns})
    owners = (revenue_table(base["owner_id"].drop_nulls().to_list())
              .rename({"enterprise_id": "owner_id", "above_scale": "above"})
              .sort("year").group_by("owner_id").last())
    plans = pl.DataFrame(
        [] if as_of is None else list(YearPlan.objects.filter(project__in=projects, year=as_of.year)
                                      .values_list("project_id", "planned")),
        orient="row", schema={"project_id": pl.Int64, "year_plan": pl.Decimal(16, 2)})
    table = (base.join(wide, on="project_id", how="left")
             .join(owners, on="owner_id", how="left")
             .join(plans, on="project_id", how="left"))
    return table.select(
        "project_id", "name", "unit", pl.lit(city).alias("city"), "region", "zone", "kind",
        "chain_strengthening", "major", "stage",
        pl.col("planned_investment").cast(pl.Float64),
        *[(pl.col(c) if c in table.columns else pl.lit(None, dtype=pl.Date)).alias(c)
          for c in STAGE_DATE_COLUMNS],
        pl.col("above").fill_null(False).alias("owner_above_scale"),
        pl.col("revenue").cast(pl.Float64).alias("owner_revenue"),
        pl.col("year_plan").cast(pl.Float64),
    )


def stage_table() -> pl.DataFrame:
    return pl.DataFrame(list(StageChange.objects.values_list("project_id", "stage", "on")),
                        orient="row", schema={"project_id": pl.Int64, "stage": pl.String,
                                              "on": pl.Date})


def progress_table(projects=None) -> pl.DataFrame:
    """Monthly investment of the projects of `projects` (a queryset; default all)."""
    rows = MonthlyProgress.objects.all()
    if projects is not None:
        rows = rows.filter(project__in=projects)
    return pl.DataFrame(list(rows.values_list("project_id", "year", "month", "invested_month")),
                        orient="row", schema={"project_id": pl.Int64, "year": pl.Int32,
                                              "month": pl.Int32, "invested_month": pl.Decimal(16, 2)}
                        ).with_columns(pl.col("invested_month").cast(pl.Float64))


def owner_investment_table(stages) -> pl.DataFrame:
    """owner's enterprise_id and planned investment (Decimal) of each project in `stages` that
    has a registered owner."""
    rows = Project.objects.filter(stage__in=stages, owner__isnull=False).values_list(
        "owner_id", "planned_investment")
    return pl.DataFrame(list(rows), orient="row",
                        schema={"enterprise_id": pl.Int64, "planned": pl.Decimal(16, 2)})
