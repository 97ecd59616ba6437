"""Cultivation's background jobs: a tier assessment run over every firm, and the reaction to a
changed registry (the pool's 倍增 statuses, the latest tier assessment again)."""

import datetime

from django.urls import reverse

from qiangshi.cultivation.pool_services import pool_doubled_refresh
from qiangshi.cultivation.tier_selectors import latest_run
from qiangshi.cultivation.tier_services import tier_run_create
from qiangshi.jobs.services import JobResult, job_kind


@job_kind("tier_run", "梯队评估")
def tier_run(progress, *, as_of: str, note: str = "") -> JobResult:
    run, created = tier_run_create(datetime.date.fromisoformat(as_of), note=note,
                                   progress=progress)
    message = (f"已完成梯队评估：{run.firm_count} 家企业，评估日 {run.as_of:%Y-%m-%d}。" if created
               else "数据和规则均未变化，沿用上次评估结果。")
    return JobResult(message=message, url=reverse("cultivation:tiers"), label="查看梯队评估",
                     value=(run, created))


@job_kind("cultivation_refresh", "企业数据变更后更新培育结果")
def cultivation_refresh(progress) -> JobResult:
    """After an import changed the registry: 倍增 statuses follow the new revenue figures, and
    the latest tier assessment is made again at its own date (unchanged inputs reuse it)."""
    progress(0, 2, "按新的企业数据更新倍增状态")
    changed = pool_doubled_refresh()
    latest = latest_run()
    message = f"倍增状态变化 {changed} 家企业"
    if latest is not None:
        progress(1, 2, f"重新评估 {latest.as_of:%Y-%m-%d} 的企业梯队")
        run, created = tier_run_create(latest.as_of, note="企业数据变更后自动重新评估")
        message += (f"；梯队已按新数据重新评估（{run.firm_count} 家企业）" if created
                    else "；梯队评估所用数据未变，沿用原结果")
    progress(2, 2, "")
    return JobResult(message=message + "。", url=reverse("cultivation:tiers"), label="查看梯队评估")
