"""Reads for the plan module."""

from django.conf import settings
from django.db.models import Case, F, Max, When
from django.utils import timezone

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.engine.progress import DIRECTION_METHODS
from qiangshi.plan.models import Alert, Indicator, Plan, Task

EXPORT_FIELDS = ("code", "name", "category", "unit", "kind", "comparator", "target_value",
                 "target_value_high", "target_year", "base_value", "base_year", "tolerance",
                 "lower_limit", "upper_limit", "aspirational", "frequency", "source",
                 "lead_units", "reporting_units", "task", "compare_to", "sentence", "note",
                 "formula", "precedence", "observed_as", "direction_method")


# The session key of the plan a user chose to look at (plans page).
CHOSEN = "plan_code"


def _current(code: str | None, *, first: str | None = None):
    """The current version of the plan `code`; without a code, every current plan, the one
    to show first: the plan `first` (a user's choice) if it is loaded, else the plan in force:
    of the plans that have started, the one that started last (a new three-year plan takes
    over from the one that ended), else the next to start."""
    plans = Plan.objects.filter(is_current=True)
    if code:
        return plans.filter(code=code)
    year = timezone.localdate().year
    chosen = [Case(When(code=first, then=0), default=1)] if first else []
    return plans.order_by(*chosen, Case(When(period_start__lte=year, then=-F("period_start")),
                                        default=F("period_start") + 10000), "code")


def plan_current(*, code: str | None = None) -> Plan | None:
    return _current(code).first()


def plan_for(request) -> Plan | None:
    """The plan the pages show this user: the one chosen on the plans page while it is still
    loaded, else the plan in force."""
    return _current(None, first=request.session.get(CHOSEN)).first()


def plans_loaded():
    """The current version of every loaded plan, newest period first."""
    return Plan.objects.filter(is_current=True).order_by("-period_start", "code")


def plan_data_version(request=None) -> tuple[int, int] | None:
    """(pk, data_version) of the plan `plan_for(request)` shows (the plan in force without a
    request): what a cached page is keyed on, read without loading the plan's text."""
    first = request.session.get(CHOSEN) if request is not None else None
    return _current(None, first=first).values_list("pk", "data_version").first()


def formula_indicators(plan: Plan):
    """The indicators of `plan` computed by a formula."""
    return Indicator.objects.filter(plan=plan, formula__isnull=False)


def plan_versions(*, code: str):
    return Plan.objects.filter(code=code).order_by("-revision")


def indicators_of(plan: Plan):
    return (
        Indicator.objects.filter(plan=plan)
        .select_related("category", "task")
        .prefetch_related("reporting_units", "task__lead_units")
    )


def indicator_list(*, user, plan: Plan):
    return scope_filter(indicators_of(plan), user=user)


def indicator_get(*, user, plan: Plan, code: str) -> Indicator:
    return scoped_get_or_404(indicators_of(plan), user=user, code=code)


def task_list(*, user, plan: Plan):
    return scope_filter(Task.objects.filter(plan=plan).select_related("action")
                        .prefetch_related("lead_units", "supporting_units"), user=user)


ANALYSTS = "市工信局分析员"  # an alert with no unit is raised for the analysts
EVENT = ("kind", "indicator_code", "message", "resolved_at")


def alert_events(*, user, plan: Plan, open_only: bool = True):
    """Alerts one per event: an indicator's alert is raised for the analysts and for each of
    its reporting units with the same message, and a reader who sees several copies is shown
    one. One refresh resolves every copy at the same instant, so `resolved_at` keeps apart
    the events of one message raised and resolved at different times."""
    alerts = scope_filter(Alert.objects.filter(plan_code=plan.code), user=user)
    if open_only:
        alerts = alerts.filter(resolved_at__isnull=True)
    return (alerts.order_by().values(*EVENT).annotate(created_at=Max("created_at"))
            .order_by("-created_at", "indicator_code"))


def alert_recipients(events, *, user, plan: Plan) -> list[dict]:
    """`events` (from alert_events) with `kind_label` and `units`: who each event went to,
    among the copies `user` may see, the analysts first — read in one query."""
    events = list(events)
    copies = (scope_filter(Alert.objects.filter(
        plan_code=plan.code, message__in={e["message"] for e in events}), user=user)
        .order_by(F("unit__short_name").asc(nulls_first=True))
        .values_list(*EVENT, "unit__short_name"))
    units: dict[tuple, list[str]] = {}
    for *event, unit in copies:
        units.setdefault(tuple(event), []).append(unit or ANALYSTS)
    return [{**e, "kind_label": Alert.Kind(e["kind"]).label,
             "units": units.get(tuple(e[f] for f in EVENT), [])} for e in events]


def direction_method_label(indicator: Indicator) -> str:
    """The no-target method a 持续提升/持续下降 indicator's status follows, and whose choice it
    is: the plan's for the indicator, else the city's (QIANGSHI_DIRECTION_METHOD)."""
    if indicator.kind != "direction" or indicator.comparator not in {"increase", "decrease"}:
        return ""
    if indicator.direction_method:
        return f"{indicator.get_direction_method_display()}（计划为本指标指定）"
    return f"{DIRECTION_METHODS[settings.QIANGSHI_DIRECTION_METHOD][0]}（全市默认）"


def indicator_export(indicator: Indicator) -> dict:
    """One indicator in the fields of `qiangshi plan export --json`."""
    reporting = [u.name for u in indicator.reporting_units.all()]
    lead = [u.name for u in indicator.task.lead_units.all()] if indicator.task else reporting
    values = {
        "category": indicator.category.code if indicator.category else None,
        "task": indicator.task.number if indicator.task else None,
        "lead_units": lead,
        "reporting_units": reporting,
        # only 年均增幅 targets declare it (docs/plan-schema.md)
        "observed_as": indicator.observed_as if indicator.kind == "avg_growth" else None,
        "direction_method": indicator.direction_method or None,
    }
    return {
        name: values[name] if name in values else _plain(getattr(indicator, name))
        for name in EXPORT_FIELDS
    }


def _plain(value):
    return None if value == "" and not isinstance(value, bool) else value


def plan_export(plan: Plan) -> list[dict]:
    return [indicator_export(i) for i in indicators_of(plan)]
