"""Reads behind the leader's 工作台 (issue 16 §3): the pinned indicators with their stored
progress, and the open alerts boiled down to what a leader acts on. Stored results only:
the progress run is the one the cockpit shows (plan.monitoring.selectors), never computed
here."""

from dataclasses import dataclass

from qiangshi.accounts.scoping import scope_filter
from qiangshi.engine.progress import STATUS_LABELS
from qiangshi.plan.models import Alert, Indicator, Plan, ProgressResult
from qiangshi.plan.models_pins import PinnedIndicator
from qiangshi.plan.monitoring.selectors import AsOf, latest_as_of, period_label, progress_latest
from qiangshi.plan.selectors import alert_events

# Worst first: a target already missed outranks one going backwards, which outranks one
# behind schedule; a late report is a matter for the unit before it is one for a leader.
SEVERITY = [Alert.Kind.MISSED, Alert.Kind.REGRESSING, Alert.Kind.LAGGING, Alert.Kind.OVERDUE]
ALERTS_SHOWN = 10


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    result: ProgressResult | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.result.status] if self.result else ""

    @property
    def period(self) -> str | None:
        r = self.result
        return None if r is None else period_label(r.latest_year, r.latest_month, r.latest_period_type)


def pinned_codes(plan: Plan) -> list[str]:
    return list(PinnedIndicator.objects.filter(plan_code=plan.code).values_list("indicator_code", flat=True))


def headline_figures(*, user, plan: Plan, region_code: str | None = None
                     ) -> tuple[AsOf | None, list[Headline]]:
    """The pinned indicators of `plan` in the order they were pinned, each with the result of
    the region (the plan's city unless given) in the stored progress run of the latest month
    (None where that run has none)."""
    codes = pinned_codes(plan)
    if not codes:
        return None, []
    indicators = {i.code: i for i in scope_filter(
        Indicator.objects.filter(plan=plan, code__in=codes), user=user)}
    as_of = latest_as_of(plan)
    run = None if as_of is None else progress_latest(plan, as_of)
    results = {} if run is None else {r.indicator.code: r for r in scope_filter(
        ProgressResult.objects.filter(run=run, indicator__code__in=codes).filter(
            **({"region__code": region_code} if region_code else {"region": plan.region_id})),
        user=user).select_related("indicator")}
    return as_of, [Headline(indicators[code], results.get(code)) for code in codes if code in indicators]


@dataclass(frozen=True)
class AlertGroup:
    event: dict  # the most severe, then newest, open alert of its indicator (alert_events)
    others: int  # the indicator's other open alerts

    @property
    def kind_label(self) -> str:
        return Alert.Kind(self.event["kind"]).label


def alerts_that_matter(*, user, plan: Plan) -> tuple[list[AlertGroup], int, int]:
    """The open alerts one per indicator — its most severe, newest first within a kind — the
    worst indicators first, at most ALERTS_SHOWN; with the number of indicators alerted and
    of open alerts. An alert with no indicator stands alone."""
    groups: dict[str, list[dict]] = {}
    total = 0
    for event in alert_events(user=user, plan=plan):  # newest first
        total += 1
        groups.setdefault(event["indicator_code"] or event["message"], []).append(event)
    ranked = sorted(
        (AlertGroup(min(events, key=lambda e: SEVERITY.index(e["kind"])), len(events) - 1)
         for events in groups.values()),
        key=lambda g: (SEVERITY.index(g.event["kind"]), -g.event["created_at"].timestamp()))
    return ranked[:ALERTS_SHOWN], len(ranked), total
