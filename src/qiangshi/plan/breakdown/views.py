"""Pages of 目标分解: the versions, one version's indicators checked against the city's
targets, one indicator's values by region and year (edited while a draft), issue, export."""

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.models import Region
from qiangshi.accounts.scoping import scope_filter, user_sees_everything
from qiangshi.dataio.excel import xlsx_response
from qiangshi.engine import breakdown as engine
from qiangshi.field_values import ValueRefused, number_for_field
from qiangshi.params import date_param, id_list_param, int_param
from qiangshi.plan import selectors
from qiangshi.plan.breakdown.selectors import breakdown_in_force, breakdown_sheet
from qiangshi.plan.breakdown.services import (
    BreakdownRefused,
    breakdown_issue,
    default_regions,
    draft_create,
    item_set,
    targets_set,
)
from qiangshi.plan.models import Breakdown, BreakdownTarget, Indicator

TARGET_VALUE = BreakdownTarget._meta.get_field("value")
SHOWN_DECIMALS = "-4"


def _shown(value: float | None) -> str:
    """A value as the edit form shows it."""
    return "" if value is None else floatformat(value, SHOWN_DECIMALS)


def _plan(request):
    plan = selectors.plan_for(request)
    if plan is None:
        raise Http404("还没有载入行动计划")
    return plan


def _version(plan, number) -> Breakdown:
    found = Breakdown.objects.filter(plan_code=plan.code, number=number).first()
    if found is None:
        raise Http404("没有这个分解版本")
    return found


@permission_required("plan.view_breakdown", raise_exception=True)
def breakdown_list(request):
    plan = _plan(request)
    versions = list(Breakdown.objects.filter(plan_code=plan.code).select_related("based_on"))
    can_edit = request.user.has_perm("plan.add_breakdown")
    return render(request, "plan/breakdown_list.html", {
        "plan": plan, "versions": versions, "in_force": breakdown_in_force(plan.code),
        "can_edit": can_edit,
        "regions": Region.objects.filter(parent=plan.region).order_by("sort_order", "code")
        if can_edit else [],
        "defaults": {r.pk for r in default_regions(plan)} if can_edit else set(),
    })


@require_POST
@permission_required("plan.add_breakdown", raise_exception=True)
def breakdown_create(request):
    plan = _plan(request)
    based_on_number = int_param(request.POST, "based_on", low=1, high=32767)
    try:
        with transaction.atomic():
            if based_on_number is not None:
                draft = draft_create(plan, based_on=_version(plan, based_on_number),
                                     note=request.POST.get("note", ""))
            else:
                regions = list(Region.objects.filter(
                    pk__in=id_list_param(request.POST, "region"), parent=plan.region))
                draft = draft_create(plan, regions=regions, note=request.POST.get("note", ""))
    except BreakdownRefused as refused:
        messages.error(request, str(refused))
        return redirect("plan:breakdowns")
    messages.success(request, f"已新建目标分解第{draft.number}版草稿。")
    return redirect("plan:breakdown", number=draft.number)


def _summary_rows(sheet, names) -> list[dict]:
    """One row per indicator: its method and, for the target year, the city's target against
    the regions' sum or mean."""
    check = sheet["check"]
    final = sheet["indicators"].select("code", "target_year")
    at_target = check.join(final, left_on=["code", "year"], right_on=["code", "target_year"])
    by_code = {row["code"]: row for row in at_target.iter_rows(named=True)}
    problems = sheet["targets"].filter(pl.col("problem").is_not_null() & (pl.col("problem") != ""))
    problem_codes = set(problems["code"].to_list())
    return [{
        "code": code, "name": names.get(code, code),
        "method": engine.METHODS.get(item.method, item.method),
        "total": engine.TOTALS.get(item.total, item.total),
        "check": by_code.get(code), "problem": code in problem_codes,
    } for code, item in sheet["items"].items()]


@permission_required("plan.view_breakdown", raise_exception=True)
def breakdown_detail(request, number):
    plan = _plan(request)
    version = _version(plan, number)
    if request.GET.get("format") == "xlsx":
        return _export(request, plan, version)
    sheet = breakdown_sheet(version, plan)
    names = dict(Indicator.objects.filter(plan=plan).values_list("code", "name"))
    return render(request, "plan/breakdown_detail.html", {
        "plan": plan, "version": version, "in_force": breakdown_in_force(plan.code),
        "rows": _summary_rows(sheet, names), "regions": sheet["regions"],
        "sees_all": user_sees_everything(request.user),
        "can_edit": request.user.has_perm("plan.change_breakdown")
        and version.status == Breakdown.Status.DRAFT,
        "can_copy": request.user.has_perm("plan.add_breakdown"),
        "today": timezone.localdate(),
    })


def _export(request, plan, version):
    targets = scope_filter(BreakdownTarget.objects.filter(breakdown=version), user=request.user)
    names = dict(Indicator.objects.filter(plan=plan).values_list("code", "name"))
    units = dict(Indicator.objects.filter(plan=plan).values_list("code", "unit"))
    rows = [(names.get(t.indicator_code, t.indicator_code), units.get(t.indicator_code, ""),
             t.region.name, t.year, t.value, engine.METHODS.get(t.method, t.method), t.problem)
            for t in targets.select_related("region")]
    frame = pl.DataFrame(rows, orient="row", schema={
        "指标": pl.String, "计量单位": pl.String, "地区": pl.String, "年份": pl.Int32,
        "目标值": pl.Float64, "来源": pl.String, "无法计算的原因": pl.String})
    return xlsx_response(frame, sheet=f"目标分解第{version.number}版",
                         filename=f"目标分解第{version.number}版.xlsx")


@permission_required("plan.view_breakdown", raise_exception=True)
def breakdown_indicator(request, number, code):
    plan = _plan(request)
    version = _version(plan, number)
    indicator = selectors.indicator_get(user=request.user, plan=plan, code=code)
    item = version.items.filter(indicator_code=code).first()
    if item is None:
        raise Http404("该指标不在本版分解范围内")
    can_edit = (request.user.has_perm("plan.change_breakdown")
                and version.status == Breakdown.Status.DRAFT)
    if request.method == "POST":
        if not can_edit:
            messages.error(request, "本版已印发或您没有修改权限。")
            return redirect("plan:breakdown_indicator", number=number, code=code)
        return _indicator_post(request, plan, version, indicator, item)
    regions = list(scope_filter(version.regions.all(), user=request.user)
                   .order_by("sort_order", "code"))
    targets = {(t.region_id, t.year): t for t in BreakdownTarget.objects.filter(
        breakdown=version, indicator_code=code, region__in=regions)}
    years = sorted({year for _, year in targets} or {indicator.target_year})
    sheet = breakdown_sheet(version, plan)
    check = sheet["check"].filter(pl.col("code") == code).to_dicts()
    return render(request, "plan/breakdown_indicator.html", {
        "plan": plan, "version": version, "indicator": indicator, "item": item,
        "method_label": engine.METHODS.get(item.method, item.method),
        "total_label": engine.TOTALS.get(item.total, item.total),
        "methods": engine.METHODS, "totals": engine.TOTALS, "years": years,
        "rows": [(region, [(year, targets.get((region.pk, year)),
                            _shown(getattr(targets.get((region.pk, year)), "value", None)))
                           for year in years],
                  item.weights.get(region.code)) for region in regions],
        "check": check if user_sees_everything(request.user) else [],
        "can_edit": can_edit,
    })


def _indicator_post(request, plan, version, indicator, item):
    action = request.POST.get("action")
    try:
        with transaction.atomic():
            if action == "method":
                weights = {}
                for region in version.regions.all():
                    text = request.POST.get(f"weight-{region.code}", "")
                    value = number_for_field(TARGET_VALUE, text)
                    if value is not None:
                        weights[region.code] = float(value)
                item_set(version, plan, indicator.code,
                         method=request.POST.get("method", ""),
                         total=request.POST.get("total", ""), weights=weights)
                messages.success(request, "已按所选方法重新生成本指标的分解值。")
            elif action == "values":
                # The form shows each value to SHOWN_DECIMALS places; a field sent back as it
                # was shown is not an entry, or saving one cell would round all the others.
                shown = {(code, year): _shown(value) for code, year, value in
                         BreakdownTarget.objects.filter(
                             breakdown=version, indicator_code=indicator.code).values_list(
                             "region__code", "year", "value")}
                values = {}
                for region in version.regions.all():
                    for year in range(plan.period_start, plan.period_end + 1):
                        text = request.POST.get(f"v-{region.code}-{year}")
                        if text is not None and text.strip() != shown.get((region.code, year), ""):
                            values[(region.code, year)] = number_for_field(TARGET_VALUE, text)
                changed = targets_set(version, indicator.code, values)
                messages.success(request, f"已保存 {changed} 个修改的目标值。")
            else:
                messages.error(request, "未知的操作。")
    except (BreakdownRefused, ValueRefused) as refused:
        messages.error(request, str(refused))
    return redirect("plan:breakdown_indicator", number=version.number, code=indicator.code)


@require_POST
@permission_required("plan.change_breakdown", raise_exception=True)
def breakdown_issue_view(request, number):
    plan = _plan(request)
    version = _version(plan, number)
    issued_on = date_param(request.POST, "issued_on")
    if issued_on is None:
        messages.error(request, "请填写有效的印发日期。")
        return redirect("plan:breakdown", number=number)
    try:
        breakdown_issue(version, plan, document_number=request.POST.get("document_number", ""),
                        issued_on=issued_on)
    except BreakdownRefused as refused:
        messages.error(request, str(refused))
        return redirect("plan:breakdown", number=number)
    messages.success(request, f"第{version.number}版已登记印发，各区县、功能区的目标进度将按本版重新计算。")
    return redirect("plan:breakdown", number=number)
