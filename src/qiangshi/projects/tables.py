"""The project pipeline as polars tables for the engine."""

import polars as pl

from qiangshi.projects.models import MonthlyProgress, Project, StageChange


def project_table(*, city: str) -> pl.DataFrame:
    rows = Project.objects.values_list("pk", "region__code", "zone__code", "kind",
                                       "planned_investment", "chain_strengthening", "major")
    return pl.DataFrame(list(rows), orient="row", schema={
        "project_id": pl.Int64, "region": pl.String, "zone": pl.String, "kind": pl.String,
        "planned_investment": pl.Decimal(16, 2), "chain_strengthening": pl.Boolean,
        "major": pl.Boolean,
    }).with_columns(pl.lit(city).alias("city"), pl.col("planned_investment").cast(pl.Float64))


def stage_table() -> pl.DataFrame:
    return pl.DataFrame(list(StageChange.objects.values_list("project_id", "stage", "on")),
                        orient="row", schema={"project_id": pl.Int64, "stage": pl.String,
                                              "on": pl.Date})


def progress_table() -> pl.DataFrame:
    rows = MonthlyProgress.objects.values_list("project_id", "year", "month", "invested_month")
    return pl.DataFrame(list(rows), orient="row", schema={
        "project_id": pl.Int64, "year": pl.Int32, "month": pl.Int32,
        "invested_month": pl.Decimal(16, 2)}).with_columns(pl.col("invested_month").cast(pl.Float64))
