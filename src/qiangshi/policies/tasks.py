"""Policy matching and dry runs as background jobs."""

from django.urls import reverse

from qiangshi.jobs.progress import progress_job_id
from qiangshi.jobs.services import JobError, JobResult, job_kind
from qiangshi.policies.matching import MatchRefused, dryrun_create, match_run_create
from qiangshi.policies.models import PolicyVersion


@job_kind("policy_match", "惠企政策匹配")
def policy_match(progress, *, year: int | None = None) -> JobResult:
    try:
        run = match_run_create(year=year, job_id=progress_job_id(progress), progress=progress)
    except MatchRefused as refused:
        raise JobError(f"未能匹配政策：{refused}") from None
    return JobResult(message=f"已完成{run.year}年政策匹配：{run.eligible_count} 项符合。",
                     url=reverse("policies:list"), label="查看惠企政策", value=run)


@job_kind("policy_dryrun", "政策试算")
def policy_dryrun(progress, *, version: int, budget: float | None = None) -> JobResult:
    found = PolicyVersion.objects.filter(pk=version).first()
    if found is None:
        raise JobError("政策版本已不存在")
    try:
        run = dryrun_create(found, budget=budget, job_id=progress_job_id(progress))
    except MatchRefused as refused:
        raise JobError(f"未能试算：{refused}") from None
    return JobResult(message=f"已完成{found.title}第 {found.version} 版试算。",
                     url=reverse("policies:dryrun", args=[found.pk]), label="查看试算结果", value=run)
