"""Chain runs as background jobs."""

from django.urls import reverse

from qiangshi.chains.services import ChainRefused, run_create
from qiangshi.jobs.progress import progress_job_id
from qiangshi.jobs.services import JobError, JobResult, job_kind


@job_kind("chain_run", "产业链测算")
def chain_run(progress, *, year: int | None = None) -> JobResult:
    try:
        run = run_create(year=year, job_id=progress_job_id(progress), progress=progress)
    except ChainRefused as refused:
        raise JobError(f"未能测算产业链：{refused}") from None
    message = f"已完成{run.year}年产业链测算：{run.chain_count} 条产业链，{run.firm_count} 家企业。"
    return JobResult(message=message,
                     url=reverse("chains:list"), label="查看产业链", value=run)
