"""Evaluation runs as background jobs: a run covers every firm with facts for the year."""

from django.urls import reverse

from qiangshi.evaluation.appeals import appeal_rerun_record
from qiangshi.evaluation.models import MethodVersion
from qiangshi.evaluation.services import run_create
from qiangshi.jobs.services import JobResult, job_kind


@job_kind("evaluation_run", "亩均评价")
def evaluation_run(progress, *, method_id: int, year: int, note: str = "",
                   appeal_id: int | None = None) -> JobResult:
    run = run_create(MethodVersion.objects.get(pk=method_id), year, note=note,
                     progress=progress)
    if appeal_id is not None:
        appeal_rerun_record(appeal_id, run)
    return JobResult(message=f"已完成 {year} 年度评价：{run.firm_count} 家企业。",
                     url=reverse("evaluation:run", args=[run.pk]), label="查看评价结果", value=run)
