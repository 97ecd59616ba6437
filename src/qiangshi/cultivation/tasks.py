"""Tier assessment runs as background jobs: a run assesses every firm against every tier."""

import datetime

from django.urls import reverse

from qiangshi.cultivation.tier_services import tier_run_create
from qiangshi.jobs.services import JobResult, job_kind


@job_kind("tier_run", "梯队评估")
def tier_run(progress, *, as_of: str, note: str = "") -> JobResult:
    run, created = tier_run_create(datetime.date.fromisoformat(as_of), note=note,
                                   progress=progress)
    message = (f"已完成梯队评估：{run.firm_count} 家企业，评估日 {run.as_of:%Y-%m-%d}。" if created
               else "数据和规则均未变化，沿用上次评估结果。")
    return JobResult(message=message, url=reverse("cultivation:tiers"), label="查看梯队评估")
