"""Reads of the monitoring part: the months a plan's figures cover and the stored progress run
pages, exports and `qiangshi progress` show. Nothing here computes or writes; the reaction
(monitoring.reaction) computes."""

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from qiangshi.engine import progress as engine
from qiangshi.engine.periods import Period
from qiangshi.plan.models import Observation, Plan, ProgressRun

# The engine's version names the whole method, indexing and zone summary included.
METHOD_VERSION = engine.METHOD_VERSION


@dataclass(frozen=True)
class AsOf:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def latest_as_of(plan: Plan) -> AsOf | None:
    """The most recent month that any figure of the plan's period covers. Figures after the
    plan's last year (a registry or pipeline that goes on) do not move a plan that has
    ended: it is judged at its end (终期)."""
    figures = Observation.objects.filter(indicator__plan=plan, year__lte=plan.period_end)
    found = figures.aggregate(year=Max("year"))
    if found["year"] is None:
        return None
    month = figures.filter(year=found["year"]).aggregate(month=Max("month"))["month"]
    return AsOf(found["year"], month)


def progress_latest(plan: Plan, as_of: AsOf) -> ProgressRun | None:
    """The stored progress run for the plan's current figures at `as_of`, or None when it has
    not been computed (the reaction to changed figures computes the latest month; `qiangshi
    figures refresh --as-of` any other). Reads only."""
    return ProgressRun.objects.filter(
        plan=plan, as_of_year=as_of.year, as_of_month=as_of.month,
        method_version=METHOD_VERSION,
        data_version=Plan.objects.filter(pk=plan.pk).values("data_version")[:1],
    ).order_by("-pk").first()


NOT_COMPUTED = "截至{}的目标进度尚未计算：数据更新后会自动计算，也可运行 qiangshi figures refresh。"


def period_label(year, month, period_type) -> str | None:
    return None if year is None else Period(year, month, period_type).label


def run_basis(run: ProgressRun) -> list[tuple[str, str]]:
    """A progress run's method version, time, inputs and input fingerprint, for 计算依据."""
    return [("方法版本", run.method_version),
            ("计算时间", f"{timezone.localtime(run.computed_at):%Y-%m-%d %H:%M}"),
            ("所用数据", f"截至{run.as_of_year}年{run.as_of_month}月的 {run.observation_count:,} 条"),
            ("输入数据指纹", run.input_hash)]
