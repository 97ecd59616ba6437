from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.cockpit.selectors import default_region
from qiangshi.engine.periods import PeriodError, parse_period
from qiangshi.engine.progress import STATUS_LABELS
from qiangshi.plan import selectors
from qiangshi.plan.models import Observation, ObservationRevision, ProgressResult
from qiangshi.plan.monitoring import AsOf, latest_as_of, period_label, progress_for
from qiangshi.plan.series import indicator_chart


def _plan():
    plan = selectors.plan_current()
    if plan is None:
        raise Http404("还没有载入行动计划")
    return plan


def _as_of(request, plan) -> AsOf | None:
    try:
        period = parse_period(request.GET.get("as_of", ""))
        return AsOf(period.year, period.month)
    except PeriodError:
        return latest_as_of(plan)


@permission_required("plan.view_indicator", raise_exception=True)
def indicator_list(request):
    plan = _plan()
    return render(request, "plan/indicator_list.html", {
        "plan": plan,
        "indicators": selectors.indicator_list(user=request.user, plan=plan),
    })


@permission_required("plan.view_indicator", raise_exception=True)
def indicator_detail(request, code):
    plan = _plan()
    indicator = selectors.indicator_get(user=request.user, plan=plan, code=code)
    regions = scope_filter(Region.objects.all(), user=request.user)
    region_code = request.GET.get("region") or default_region(request.user)
    if not regions.filter(code=region_code).exists():
        region_code = default_region(request.user)
    as_of = _as_of(request, plan)
    results = []
    result = None
    if as_of is not None:
        run = progress_for(plan, as_of)
        results = list(scope_filter(
            ProgressResult.objects.filter(run=run, indicator=indicator), user=request.user
        ).select_related("region"))
        result = next((r for r in results if r.region.code == region_code), None)
    observations = scope_filter(
        Observation.objects.filter(indicator=indicator, region__code=region_code),
        user=request.user,
    ).select_related("updated_by").order_by("-year", "-month", "period_type")
    revisions = ObservationRevision.objects.filter(observation__in=observations).select_related(
        "observation")[:50]
    return render(request, "plan/indicator_detail.html", {
        "plan": plan, "indicator": indicator, "as_of": as_of, "result": result,
        "status_label": STATUS_LABELS.get(result.status) if result else None,
        "results": results, "observations": observations, "revisions": revisions,
        "region_code": region_code, "regions": regions,
        "region_name": Region.objects.get(code=region_code).name,
        "chart": indicator_chart(plan, indicator.code, region_code, result),
        "latest_period": period_label(result.latest_year, result.latest_month,
                                      result.latest_period_type) if result else None,
        "run": result.run if result else None,
    })


@permission_required("plan.view_indicator", raise_exception=True)
def task_list(request):
    plan = _plan()
    return render(request, "plan/task_list.html", {
        "plan": plan, "tasks": selectors.task_list(user=request.user, plan=plan)
        .prefetch_related("indicators"),
    })


@permission_required("plan.view_indicator", raise_exception=True)
def task_detail(request, number):
    plan = _plan()
    task = scoped_get_or_404(selectors.task_list(user=request.user, plan=plan),
                             user=request.user, number=number)
    return render(request, "plan/task_detail.html", {
        "plan": plan, "task": task,
        "indicators": selectors.indicator_list(user=request.user, plan=plan).filter(task=task),
    })


@permission_required("plan.view_indicator", raise_exception=True)
def unit_detail(request, code):
    plan = _plan()
    unit = scoped_get_or_404(Unit.objects.all(), user=request.user, code=code)
    return render(request, "plan/unit_detail.html", {
        "plan": plan, "unit": unit,
        "indicators": selectors.indicators_of(plan).filter(reporting_units=unit),
        "lead_tasks": plan.tasks.filter(lead_units=unit),
        "supporting_tasks": plan.tasks.filter(supporting_units=unit),
    })
