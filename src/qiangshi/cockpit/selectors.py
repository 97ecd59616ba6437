"""Reads behind the cockpit: progress results of the current plan, scoped to the user."""

from dataclasses import dataclass, field

from qiangshi.accounts.scoping import scope_filter, user_sees_everything
from qiangshi.engine.progress import STATUS_LABELS, STATUS_ORDER
from qiangshi.plan.models import ProgressResult, ProgressRun
from qiangshi.plan.monitoring.selectors import AsOf, period_label

NEEDS_ATTENTION = {"missed", "regressing", "lagging", "accelerate"}
ATTENTION = 5


@dataclass
class Row:
    result: ProgressResult
    latest_period: str | None
    source_kind: str | None
    months_behind: int | None

    @property
    def indicator(self):
        return self.result.indicator

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.result.status]

    @property
    def group(self) -> str:
        indicator = self.result.indicator
        if indicator.category is not None:
            return indicator.category.name
        return f"任务 {indicator.task.number}．{indicator.task.title}"


@dataclass
class Overview:
    run: ProgressRun
    as_of: AsOf
    region_code: str
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def attention(self) -> list[Row]:
        ranked = [r for r in self.rows if r.result.status in NEEDS_ATTENTION]
        ranked.sort(key=lambda r: (STATUS_ORDER.index(r.result.status),
                                   r.result.score if r.result.score is not None else 0))
        return ranked[:ATTENTION]

    @property
    def groups(self) -> list[tuple[str, list[Row]]]:
        grouped: dict[str, list[Row]] = {}
        for row in self.rows:
            grouped.setdefault(row.group, []).append(row)
        return list(grouped.items())


def cockpit_overview(*, user, run: ProgressRun, as_of: AsOf, region_code: str, category="",
                     unit_code="", status="") -> Overview:
    """The stored run's results as the board shows them (plan.monitoring.selectors.progress_latest)."""
    results = scope_filter(
        ProgressResult.objects.filter(run=run, region__code=region_code), user=user
    ).select_related("indicator", "indicator__category", "indicator__task")
    if category:
        results = results.filter(indicator__category__code=category)
    if unit_code:
        results = results.filter(indicator__reporting_units__code=unit_code)
    results = list(results)
    counts = {code: 0 for code in STATUS_ORDER}
    for r in results:
        counts[r.status] += 1
    rows = [
        Row(result=r,
            latest_period=period_label(r.latest_year, r.latest_month, r.latest_period_type),
            source_kind=r.latest_source_kind,
            months_behind=None if r.latest_year is None else
            (as_of.year - r.latest_year) * 12 + as_of.month - r.latest_month)
        for r in results if not status or r.status == status
    ]
    return Overview(run=run, as_of=as_of, region_code=region_code, rows=rows, counts=counts)


def chains_only(user) -> bool:
    """A chain task force's user reads its chains, not the plan: plan results are scoped by
    district and unit only, so its plan board would be empty."""
    return (bool(user.chain_codes) and not user_sees_everything(user)
            and not user.regions.exists() and not user.units.exists())
