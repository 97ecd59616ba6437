import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.accounts.selectors import default_region
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.dataio.excel import xlsx_response
from qiangshi.engine.breakdown import BREAKABLE_KINDS
from qiangshi.engine.periods import PeriodError, parse_period
from qiangshi.engine.progress import COMPLETION_BASIS_LABELS, METHOD_LABELS, STATUS_LABELS
from qiangshi.field_values import ValueRefused, number_for_field
from qiangshi.params import VERSION_MAX, int_param
from qiangshi.plan import selectors
from qiangshi.plan.breakdown.selectors import breakdown_in_force
from qiangshi.plan.computed.contributors import contributing_firms
from qiangshi.plan.computed.wording import formula_words
from qiangshi.plan.definition.services import MilestonesStale, milestones_set, plan_load
from qiangshi.plan.models import (
    ComputedFigure,
    Milestone,
    Observation,
    ObservationRevision,
    ProgressResult,
)
from qiangshi.plan.monitoring.precedence import figure_choices, precedence_labels
from qiangshi.plan.monitoring.selectors import (
    NOT_COMPUTED,
    AsOf,
    latest_as_of,
    period_label,
    progress_latest,
    run_basis,
)
from qiangshi.plan.monitoring.series import computed_yoy, indicator_chart
from qiangshi.plan.pins import pin_state
from qiangshi.plan.reporting.obligations import DONE, obligations
from qiangshi.plan.tables import figure_table

OWED_SHOWN = 12
EXPORT_LABELS = {
    "code": "指标代码", "name": "指标名称", "category": "类别", "task": "任务", "unit": "单位",
    "kind": "类型", "comparator": "比较方式", "target_value": "目标值",
    "target_value_high": "目标值上限", "target_year": "目标年", "base_value": "基期值",
    "base_year": "基期年", "aspirational": "力争", "frequency": "频率", "source": "来源",
    "lead_units": "牵头单位", "reporting_units": "填报单位", "sentence": "计划原文",
}


MILESTONE_VALUE = Milestone._meta.get_field("value")


def _plan(request):
    plan = selectors.plan_for(request)
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
    plan = _plan(request)
    indicators = selectors.indicator_list(user=request.user, plan=plan)
    if request.GET.get("format") == "xlsx":
        rows = [selectors.indicator_export(i) for i in indicators]
        frame = pl.DataFrame({
            label: ["、".join(r[field]) if isinstance(r[field], list) else r[field] for r in rows]
            for field, label in EXPORT_LABELS.items()
        }, strict=False)
        return xlsx_response(frame, sheet="目标指标", filename=f"{plan.title}_指标.xlsx")
    return render(request, "plan/indicator_list.html", {
        "plan": plan, "indicators": indicators, "plan_ended": plan.ended_on(timezone.localdate()),
        "plans_count": selectors.plans_loaded().count()})


def _milestones_post(request, plan, indicator, region_code):
    if not request.user.has_perm("plan.change_indicator"):
        raise PermissionDenied("只有市工信局分析员可以调整年度节点目标")
    values, bad = {}, []
    for year in range(plan.period_start, plan.period_end + 1):
        try:
            values[year] = number_for_field(MILESTONE_VALUE, request.POST.get(f"milestone-{year}"))
        except ValueRefused as error:
            bad.append(f"{year}年：{error}")
    # the versions the page showed; an absent or unreadable one counts as "no milestone"
    versions = {year: int_param(request.POST, f"milestone-{year}-version", low=0, high=VERSION_MAX)
                for year in values}
    if bad:
        messages.error(request, "节点目标有误，未保存：" + "；".join(bad))
    else:
        try:
            changed = milestones_set(plan, indicator, Region.objects.get(code=region_code),
                                     values, versions=versions)
            messages.success(request, f"年度节点目标已保存（{changed} 处修改）。")
        except MilestonesStale as stale:
            messages.error(request, str(stale))
    return redirect(request.get_full_path())


@permission_required("plan.view_indicator", raise_exception=True)
def indicator_detail(request, code):
    plan = _plan(request)
    indicator = selectors.indicator_get(user=request.user, plan=plan, code=code)
    regions = scope_filter(Region.objects.all(), user=request.user)
    region_code = request.GET.get("region") or default_region(request.user)
    if not regions.filter(code=region_code).exists():
        region_code = default_region(request.user)
    if request.method == "POST":
        return _milestones_post(request, plan, indicator, region_code)
    as_of = _as_of(request, plan)
    results = []
    result = None
    run = None if as_of is None else progress_latest(plan, as_of)
    if run is not None:
        results = list(scope_filter(
            ProgressResult.objects.filter(run=run, indicator=indicator), user=request.user
        ).select_related("region"))
        result = next((r for r in results if r.region.code == region_code), None)
    observations = scope_filter(
        Observation.objects.filter(indicator=indicator, region__code=region_code),
        user=request.user,
    ).select_related("updated_by", "region").order_by("-year", "-month", "period_type")
    revisions = ObservationRevision.objects.filter(observation__in=observations).select_related(
        "observation")[:50]
    if request.GET.get("format") == "xlsx":
        return _observations_xlsx(indicator, observations)
    # One read of the indicator's figures serves the growth column, the precedence wording
    # and the chart.
    figures = figure_table(plan, code=indicator.code, region=region_code)
    growth = computed_yoy(figures)
    official = {o.year: o.value for o in observations
                if o.period_type == "annual" and o.source_kind != Observation.SourceKind.COMPUTED}
    comparison = [
        (figure, official.get(figure.year),
         None if official.get(figure.year) is None or figure.value is None
         else figure.value - official[figure.year])
        for figure in scope_filter(ComputedFigure.objects.filter(
            indicator=indicator, region__code=region_code), user=request.user).order_by("-year")
    ]
    choices = figure_choices(figures)
    figure_rows = [(o, growth.get((o.year, o.month, o.period_type)), choices.get(o.pk))
                   for o in observations]
    chart = indicator_chart(plan, indicator.code, region_code, result, figures)
    overrides = {year: (value, version) for year, value, version in Milestone.objects.filter(
        plan_code=plan.code, indicator_code=indicator.code, region__code=region_code,
    ).values_list("year", "value", "version")}
    years = range(plan.period_start, plan.period_end + 1)
    own_target = None
    if region_code != plan.region.code and indicator.kind in BREAKABLE_KINDS:
        version = breakdown_in_force(plan.code)
        own_target = {"version": version, "value": None if version is None else next(iter(
            version.targets.filter(indicator_code=indicator.code, region__code=region_code,
                                   year=indicator.target_year).values_list("value", flat=True)),
            None)}
    milestone_rows = [
        (year, chart["milestones"][chart["years"].index(str(year))],
         *overrides.get(year, (None, None)))
        for year in years
    ]
    return render(request, "plan/indicator_detail.html", {
        "plan": plan, "indicator": indicator, "as_of": as_of, "result": result,
        "status_label": STATUS_LABELS.get(result.status) if result else None,
        "method_label": METHOD_LABELS.get(result.method, "") if result else None,
        "basis_label": COMPLETION_BASIS_LABELS.get(result.detail.get("completion_basis"), "")
        if result else None,
        "results": results, "figure_rows": figure_rows, "revisions": revisions,
        "precedence": precedence_labels(indicator),
        "direction_method": selectors.direction_method_label(indicator),
        "comparison": comparison,
        "region_code": region_code, "regions": regions,
        "region_name": Region.objects.get(code=region_code).name,
        "chart": chart, "milestone_rows": milestone_rows, "own_target": own_target,
        "pinned": pin_state(request.user, plan, indicator.code),
        "can_set_milestones": request.user.has_perm("plan.change_indicator")
        and indicator.kind not in {"qualitative", "direction", "rank", "differential"},
        "latest_period": period_label(result.latest_year, result.latest_month,
                                      result.latest_period_type) if result else None,
        "run": result.run if result else None,
        "basis": [("判定规则代码", result.method), *run_basis(result.run)] if result else None,
        "not_computed": NOT_COMPUTED.format(as_of.label)
        if as_of is not None and run is None else "",
    })


def _observations_xlsx(indicator, observations):
    frame = pl.DataFrame({
        "指标代码": [indicator.code] * len(observations),
        "指标名称": [indicator.name] * len(observations),
        "地区": [o.region.name for o in observations],
        "期别": [o.period.label for o in observations],
        "数值": [o.value for o in observations],
        "同比增长(%)": [o.yoy_growth for o in observations],
        "数据状态": [o.get_status_display() for o in observations],
        "来源类别": [o.get_source_kind_display() for o in observations],
        "来源说明": [o.source for o in observations],
        "最后修改": [o.updated_at.isoformat(timespec="minutes") for o in observations],
    }, schema_overrides={"同比增长(%)": pl.Float64})
    return xlsx_response(frame, sheet=indicator.code, filename=f"{indicator.name}_数据.xlsx")


@permission_required("plan.view_indicator", raise_exception=True)
def computed_detail(request, pk):
    """The firms a computed figure adds up, largest first."""
    figure = scoped_get_or_404(ComputedFigure.objects.select_related("indicator", "region"),
                               user=request.user, pk=pk)
    firms = contributing_firms(figure, user=request.user)
    return render(request, "plan/computed_detail.html", {
        "figure": figure, "firms": firms, "formula": formula_words(figure.indicator.formula or {}),
        "basis": [("方法版本", figure.method_version), ("输入数据指纹", figure.input_hash)]})


@permission_required("plan.view_indicator", raise_exception=True)
def task_list(request):
    plan = _plan(request)
    return render(request, "plan/task_list.html", {
        "plan": plan, "tasks": selectors.task_list(user=request.user, plan=plan)
        .prefetch_related("indicators"),
    })


@permission_required("plan.view_indicator", raise_exception=True)
def task_detail(request, number):
    plan = _plan(request)
    task = scoped_get_or_404(selectors.task_list(user=request.user, plan=plan),
                             user=request.user, number=number)
    return render(request, "plan/task_detail.html", {
        "plan": plan, "task": task,
        "indicators": selectors.indicator_list(user=request.user, plan=plan).filter(task=task),
    })


@permission_required("plan.view_indicator", raise_exception=True)
def unit_detail(request, code):
    plan = _plan(request)
    unit = scoped_get_or_404(Unit.objects.all(), user=request.user, code=code)
    return render(request, "plan/unit_detail.html", {
        "plan": plan, "unit": unit,
        "indicators": selectors.indicators_of(plan).filter(reporting_units=unit),
        "lead_tasks": plan.tasks.filter(lead_units=unit),
        "owed": [o for o in obligations(plan, unit, today=timezone.localdate())
                 if o.status not in DONE][:OWED_SHOWN],
        "supporting_tasks": plan.tasks.filter(supporting_units=unit),
    })


# A plan document is a few hundred kB at most; anything larger is not one.
PLAN_FILE_MAX_BYTES = 2 * 1024 * 1024


@permission_required("plan.view_indicator", raise_exception=True)
def plan_list(request):
    return _plans_page(request)


def _plans_page(request, problems=(), status=200):
    today = timezone.localdate()
    shown = selectors.plan_for(request)
    return render(request, "plan/plan_list.html", {
        "plan": shown, "today": today, "problems": problems,
        "can_load": request.user.has_perm("plan.add_plan"),
        "plans": [{"plan": p, "stage": p.stage_on(today), "shown": shown is not None
                   and p.pk == shown.pk} for p in selectors.plans_loaded()],
    }, status=status)


@require_POST
@permission_required("plan.add_plan", raise_exception=True)
def plan_upload(request):
    """Load the next plan (or a new version of one) from its YAML document; the plans already
    loaded stay as they are and readable."""
    upload = request.FILES.get("file")
    if upload is None or upload.size > PLAN_FILE_MAX_BYTES:
        return _plans_page(request, problems=["请选择计划文件（YAML，不超过 2 MB）。"], status=400)
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        return _plans_page(request, problems=["文件不是 UTF-8 编码的文本，请另存为 UTF-8 后再上传。"],
                           status=400)
    try:
        with transaction.atomic():
            loaded = plan_load(text)
    except DocumentInvalid as error:
        return _plans_page(request, problems=error.messages, status=400)
    diff = loaded.diff
    if not loaded.created:
        messages.info(request, f"“{loaded.plan.title}”与已载入的版本相同，未作改动。")
    else:
        messages.success(request, f"已载入“{loaded.plan.title}”（第 {loaded.plan.revision} 次载入）"
                         + (f"：新增 {len(diff.added)}、删除 {len(diff.removed)}、"
                            f"修改 {len(diff.changed)} 个指标。" if loaded.previous else "。"))
    return redirect("plan:plans")


@require_POST
@permission_required("plan.view_indicator", raise_exception=True)
def plan_choose(request):
    """Which plan the pages show this user: a plan that has ended stays readable after the
    next one is loaded."""
    code = request.POST.get("code", "").strip()
    chosen = selectors.plan_current(code=code) if code else None
    if chosen is None:
        messages.error(request, "没有这个行动计划。")
        return redirect("plan:plans")
    request.session[selectors.CHOSEN] = chosen.code
    messages.success(request, f"现在查看：{chosen.title}")
    return redirect("cockpit:overview")
