"""The plan's background jobs: recomputation after an import, and the daily refresh of
alerts and 催报 (overdue reports), which replaces a cron entry for `qiangshi alerts refresh`."""

import datetime

from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qiangshi.jobs.services import JobResult, job_kind, job_run_now
from qiangshi.plan.alerts import alerts_refresh
from qiangshi.plan.computed import computed_refresh
from qiangshi.plan.models import Plan


@job_kind("figures_refresh", "企业与项目数据变更后重算指标")
def figures_refresh(progress) -> JobResult:
    """Every current plan's formulas from the registry, then its alerts where figures changed."""
    plans = list(Plan.objects.filter(is_current=True, indicators__formula__isnull=False)
                 .distinct().order_by("code"))
    total, changed = 2 * len(plans), 0
    for number, plan in enumerate(plans):
        progress(2 * number, total, f"重算“{plan.title}”的平台计算指标")
        counts = computed_refresh(plan)
        progress(2 * number + 1, total, f"刷新“{plan.title}”的预警")
        if counts.observations_created or counts.observations_updated:
            changed += counts.observations_created + counts.observations_updated
            alerts_refresh(plan)
    progress(total, total, "")
    return JobResult(message=f"已重算 {len(plans)} 个计划，{changed} 个指标数据有变化。",
                     url=reverse("plan:indicators"), label="查看指标")


@job_kind("alerts_refresh", "预警与催报刷新")
def alerts_daily(progress, *, today: str = "") -> JobResult:
    """Lagging and regressing targets, and reports not in on time, of every current plan."""
    day = datetime.date.fromisoformat(today) if today else None
    plans = list(Plan.objects.filter(is_current=True).order_by("code"))
    created = resolved = 0
    for number, plan in enumerate(plans):
        progress(number, len(plans), f"刷新“{plan.title}”的预警与逾期未报")
        counts = alerts_refresh(plan, today=day)
        created, resolved = created + counts.created, resolved + counts.resolved
    progress(len(plans), len(plans), "")
    return JobResult(message=f"预警：新增 {created}，解除 {resolved}。",
                     url=reverse("plan:alerts"), label="查看预警")


# 22:00 UTC is 06:00 in Beijing: alerts and 催报 are fresh when the working day starts.
@db_periodic_task(crontab(hour="22", minute="0"), name="qiangshi.daily.alerts_refresh")
def alerts_every_morning() -> None:
    job_run_now("alerts_refresh", title="每日预警与催报刷新")
