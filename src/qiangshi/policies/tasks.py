"""Policy computations as background jobs."""

from django.urls import reverse

from qiangshi.jobs.services import JobError, JobResult, job_kind
from qiangshi.policies.effect_panel import effect_store
from qiangshi.policies.services import policies_in_force


@job_kind("policy_effect", "跟踪问效")
def policy_effect_job(progress, *, policy: str, year: int) -> JobResult:
    found = next((p for p in policies_in_force() if p.code == policy), None)
    if found is None:
        raise JobError("该政策未发布，不能评估")
    stored = effect_store(found, year)
    return JobResult(message=f"已完成{found.title}{year}年支持的跟踪问效。", label="查看跟踪问效",
                     url=f"{reverse('policies:effect')}?policy={policy}&year={year}", value=stored)
