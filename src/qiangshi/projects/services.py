"""Project pipeline writes, and the stall list the engine finds in the pipeline tables."""

import datetime

import polars as pl
from django.db import transaction
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.engine import projects as engine
from qiangshi.projects.evidence import EvidenceRefused, evidence_check
from qiangshi.projects.models import Project, StageChange
from qiangshi.projects.tables import progress_table, project_table

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


def stall_list(*, as_of: datetime.date, projects=None) -> pl.DataFrame:
    return engine.stalls(project_table(as_of=as_of, projects=projects),
                         progress_table(projects), as_of=as_of)
