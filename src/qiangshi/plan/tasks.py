"""The plan's background jobs: the recomputation after figures changed (plan.figures.changes), and
the daily refresh of alerts and 催报 (overdue reports), which replaces a cron entry for
`qiangshi alerts refresh`."""

import datetime

from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qiangshi.jobs.services import JobResult, job_kind, job_run_now
from qiangshi.plan.models import Plan
from qiangshi.plan.monitoring.alerts import AlertCounts, alerts_refresh
from qiangshi.plan.monitoring.reaction import react_now


@job_kind("figures_refresh", "指标数据变更后重算")
def figures_refresh(progress, *, plan_ids: list[int], registry: bool = False) -> JobResult:
    """The reaction to committed figure changes (plan.figures.changes): computed figures when the
    registry or the pipeline changed, then progress and alerts."""
    done = react_now(plan_ids, registry=registry, progress=progress)
    computed = sum(r.computed.observations_created + r.computed.observations_updated
                   for r in done if r.computed is not None)
    return JobResult(
        message=f"已重算 {len(done)} 个计划的进度与预警"
                + (f"，平台计算指标数据变化 {computed} 个。" if registry else "。"),
        url=reverse("cockpit:overview"), label="查看驾驶舱", value=done)


@job_kind("alerts_refresh", "预警与催报刷新")
def alerts_daily(progress, *, today: str = "", plan: str = "") -> JobResult:
    """Lagging and regressing targets, and reports not in on time, of every current plan (or
    of the plan with code `plan`)."""
    day = datetime.date.fromisoformat(today) if today else None
    plans = Plan.objects.filter(is_current=True).order_by("code")
    plans = list(plans.filter(code=plan) if plan else plans)
    total = AlertCounts()
    for number, current in enumerate(plans):
        progress(number, len(plans), f"刷新“{current.title}”的预警与逾期未报")
        counts = alerts_refresh(current, today=day)
        total = AlertCounts(total.created + counts.created, total.resolved + counts.resolved,
                            total.open + counts.open)
    progress(len(plans), len(plans), "")
    return JobResult(message=f"预警：新增 {total.created}，解除 {total.resolved}。",
                     url=reverse("plan:alerts"), label="查看预警", value=total)


# 22:00 UTC is 06:00 in Beijing: alerts and 催报 are fresh when the working day starts.
@db_periodic_task(crontab(hour="22", minute="0"), name="qiangshi.daily.alerts_refresh")
def alerts_every_morning() -> None:
    job_run_now("alerts_refresh", title="每日预警与催报刷新")
