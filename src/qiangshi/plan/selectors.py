"""Reads for the plan module."""

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.plan.models import Indicator, Plan, ProgressRun, Task
from qiangshi.plan.monitoring import METHOD_VERSION, AsOf

EXPORT_FIELDS = ("code", "name", "category", "unit", "kind", "comparator", "target_value",
                 "target_value_high", "target_year", "base_value", "base_year", "tolerance",
                 "lower_limit", "upper_limit", "aspirational", "frequency", "source",
                 "lead_units", "reporting_units", "task", "compare_to", "sentence", "note",
                 "formula", "precedence", "observed_as")


def _current(code: str | None):
    plans = Plan.objects.filter(is_current=True)
    if code:
        plans = plans.filter(code=code)
    return plans.order_by("code")


def plan_current(*, code: str | None = None) -> Plan | None:
    return _current(code).first()


def plan_data_version(*, code: str | None = None) -> tuple[int, int] | None:
    """(pk, data_version) of the current plan: what a cached page is keyed on, read without
    loading the plan's text."""
    return _current(code).values_list("pk", "data_version").first()


def formula_indicators(plan: Plan):
    """The indicators of `plan` computed by a formula."""
    return Indicator.objects.filter(plan=plan, formula__isnull=False)


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
    }
    return {
        name: values[name] if name in values else _plain(getattr(indicator, name))
        for name in EXPORT_FIELDS
    }


def _plain(value):
    return None if value == "" and not isinstance(value, bool) else value


def plan_export(plan: Plan) -> list[dict]:
    return [indicator_export(i) for i in indicators_of(plan)]
