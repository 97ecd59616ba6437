"""Demo assessment: the city's configured scheme (the packaged illustrative one unless set),
one run per month of the plan's last complete year, so that ranks, intervals, 位次变化 and
marks have something to show."""

from django.conf import settings
from django.utils import timezone

from qiangshi.assessment.models import Run
from qiangshi.assessment.services import run_create, scheme_version_get
from qiangshi.engine.periods import last_complete_month
from qiangshi.plan.selectors import plan_current


def demo_year() -> int | None:
    """The plan's last year that has ended (None before its first year has)."""
    plan = plan_current()
    if plan is None:
        return None
    ended = last_complete_month(timezone.localdate())
    last = ended.year if ended.month == 12 else ended.year - 1
    return min(plan.period_end, last) if last >= plan.period_start else None


def demo_load(stdout, **_) -> None:
    year = demo_year()
    if Run.objects.exists() or year is None:
        return
    version = scheme_version_get(settings.ASSESSMENT_SCHEME)
    for month in range(1, 13):
        run = run_create(version, year=year, month=month)
    stdout.write(f"专项考核 {year} 年 1-12 月：每月一个批次，{run.unit_count} 个考核单位（办法 {version}）。")
