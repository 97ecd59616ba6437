"""Project pipeline writes and the tables the stall engine reads."""

import datetime

import polars as pl
from django.db import transaction
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.engine import projects as engine
from qiangshi.enterprises.models import Fact
from qiangshi.projects.evidence import EvidenceRefused, evidence_check
from qiangshi.projects.models import MonthlyProgress, Project, StageChange, YearPlan

REGISTERED = engine.REGISTERED  # 入库: recorded beside the stages, not one of them


class StageRefused(ValueError):
    pass


def stage_dates(project: Project) -> dict[str, datetime.date]:
    return dict(project.stages.values_list("stage", "on"))


@transaction.atomic
def stage_change(project: Project, stage: str, *, on: datetime.date, note: str = "",
                 evidence=None, version: int | None = None) -> StageChange:
    """Move a project to `stage` on `on` (or record 入库), refusing impossible moves.

    `version` is the project version the user's page showed: the project row is locked and
    a different stored version means someone changed the project since, so the change is
    refused (the user reloads and sees the other's change) instead of being applied to a
    project the user has not seen."""
    stored = Project.objects.select_for_update().get(pk=project.pk)
    if version is not None and stored.version != version:
        current = engine.STAGE_LABELS.get(stored.stage, stored.stage)
        raise StageRefused(f"其他用户已修改该项目（当前阶段：{current}），"
                           "您的记录未保存，请刷新页面核对后重新提交")
    dates = stage_dates(stored)
    problem = engine.transition_problem(stored.stage if dates else None, stage, dates=dates,
                                        new_date=on, today=timezone.localdate())
    if problem:
        raise StageRefused(problem)
    if evidence:
        try:
            evidence_check(evidence)
        except EvidenceRefused as error:
            raise StageRefused(str(error)) from error
    change = StageChange.objects.create(project=stored, stage=stage, on=on, note=note,
                                        evidence=evidence or "", recorded_by=current_actor().name)
    if stage != REGISTERED:
        stored.stage = stage
    stored.version += 1
    stored.save(update_fields=["stage", "version"])
    project.stage, project.version = stored.stage, stored.version
    return change


def project_table(*, as_of: datetime.date, projects=None) -> pl.DataFrame:
    """The projects as the stall engine reads them, stage dates as columns."""
    projects = projects if projects is not None else Project.objects.all()
    base = pl.DataFrame(list(projects.values_list(
        "pk", "name", "unit__name", "region__code", "stage", "planned_investment", "owner_id")),
        orient="row", schema={"project_id": pl.Int64, "name": pl.String, "unit": pl.String,
                              "region": pl.String, "stage": pl.String,
                              "planned_investment": pl.Decimal(16, 2), "owner_id": pl.Int64})
    dates = pl.DataFrame(list(StageChange.objects.filter(project__in=projects).values_list(
        "project_id", "stage", "on")), orient="row",
        schema={"project_id": pl.Int64, "stage": pl.String, "on": pl.Date})
    wide = dates.pivot(on="stage", index="project_id", values="on") if dates.height else \
        pl.DataFrame(schema={"project_id": pl.Int64})
    columns = {stage: f"{stage}_on" for stage in [*engine.STAGES, REGISTERED]}
    wide = wide.rename({c: columns[c] for c in wide.columns if c in columns})
    owners = pl.DataFrame(list(Fact.objects.filter(
        enterprise_id__in=base["owner_id"].drop_nulls().to_list()).values_list(
        "enterprise_id", "year", "revenue", "enterprise__above_scale")), orient="row",
        schema={"owner_id": pl.Int64, "year": pl.Int32, "revenue": pl.Decimal(16, 2),
                "above": pl.Boolean}).sort("year").group_by("owner_id").last()
    plans = pl.DataFrame(list(YearPlan.objects.filter(project__in=projects, year=as_of.year)
                              .values_list("project_id", "planned")), orient="row",
                         schema={"project_id": pl.Int64, "year_plan": pl.Decimal(16, 2)})
    table = (base.join(wide, on="project_id", how="left")
             .join(owners, on="owner_id", how="left")
             .join(plans, on="project_id", how="left"))
    return table.select(
        "project_id", "name", "unit", "region", "stage",
        pl.col("planned_investment").cast(pl.Float64),
        *[(pl.col(c) if c in table.columns else pl.lit(None, dtype=pl.Date)).alias(c)
          for c in ("signed_on", "started_on", "registered_on", "completed_on", "producing_on",
                    "counted_on")],
        pl.col("above").fill_null(False).alias("owner_above_scale"),
        pl.col("revenue").cast(pl.Float64).alias("owner_revenue"),
        pl.col("year_plan").cast(pl.Float64),
    )


def progress_table(projects=None) -> pl.DataFrame:
    rows = MonthlyProgress.objects.all()
    if projects is not None:
        rows = rows.filter(project__in=projects)
    return pl.DataFrame(list(rows.values_list("project_id", "year", "month", "invested_month")),
                        orient="row", schema={"project_id": pl.Int64, "year": pl.Int32,
                                              "month": pl.Int32,
                                              "invested_month": pl.Decimal(16, 2)}
                        ).with_columns(pl.col("invested_month").cast(pl.Float64))


def stall_list(*, as_of: datetime.date, projects=None) -> pl.DataFrame:
    return engine.stalls(project_table(as_of=as_of, projects=projects),
                         progress_table(projects), as_of=as_of)
