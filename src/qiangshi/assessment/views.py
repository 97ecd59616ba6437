"""专项考核 pages: runs, the ranking of a run, a unit's explanation, schemes. They read stored
runs only; a run is computed by a background job started from the runs page."""

import polars as pl
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.scoping import scope_filter
from qiangshi.assessment import selectors
from qiangshi.assessment.models import ItemResult, SchemeVersion
from qiangshi.assessment.schemes import NOT_A_MAPPING
from qiangshi.assessment.services import scheme_choices, scheme_save, scheme_version_get
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.dataio.excel import xlsx_download, xlsx_workbook
from qiangshi.dataio.version_pages import version_page
from qiangshi.jobs.services import job_start
from qiangshi.params import YEAR_MAX, YEAR_MIN, int_param, year_param
from qiangshi.plan.region_tables import region_statuses
from qiangshi.plan.selectors import plan_for


@permission_required("assessment.view_run", raise_exception=True)
def run_list(request):
    today = timezone.localdate()
    return render(request, "assessment/run_list.html", {
        "runs": selectors.runs(), "schemes": scheme_choices(), "default_scheme": settings.ASSESSMENT_SCHEME,
        "can_run": request.user.has_perm("assessment.add_run"),
        "this_year": today.year if today.month > 1 else today.year - 1, "months": range(1, 13),
    })


@require_POST
@permission_required("assessment.add_run", raise_exception=True)
def run_new(request):
    year = year_param(request.POST, "year")
    month = int_param(request.POST, "month", low=1, high=12)
    if year is None or month is None:
        messages.error(request, f"未能考核：年度应为 {YEAR_MIN} 至 {YEAR_MAX} 之间的整数，月份应为 1 至 12")
        return redirect("assessment:runs")
    try:
        version = scheme_version_get(request.POST.get("scheme", ""))
    except DocumentInvalid as error:
        messages.error(request, f"未能考核：{error}")
        return redirect("assessment:runs")
    period = f"{year}年度" if month == 12 else f"{year}年1-{month}月"
    job = job_start("assessment_run", user=request.user, title=f"{period}专项考核（{version.title}）",
                    scheme_id=version.pk, year=year, month=month)
    messages.success(request, f"已开始{period}考核，完成后可在此查看结果。")
    return redirect("jobs:detail", pk=job.pk)


def _chart(units) -> dict:
    ranked = [u for u in units if u.rank is not None]
    return {"units": [u.region.short_name for u in ranked],
            "scores": [round(u.score or 0, 2) for u in ranked],
            "low": [u.rank_low for u in ranked], "high": [u.rank_high for u in ranked],
            "rank": [u.rank for u in ranked]}


@permission_required("assessment.view_run", raise_exception=True)
def run_detail(request, pk):
    run = selectors.run_get(pk)
    units = list(selectors.ranking(run))
    if request.GET.get("format") == "xlsx":
        return _export(request, run, units)
    return render(request, "assessment/run_detail.html", {
        "run": run, "units": units, "chart": _chart(units), "explainable": selectors.explainable(
            user=request.user, run=run),
        "basis": selectors.run_basis(run), "basis_note": selectors.BASIS_NOTE,
        "bands": len({u.band for u in units}) > 1,
    })


def _export(request, run, units):
    ranking = pl.DataFrame([
        (u.region.name, u.band, u.score, u.rank, u.rank_low, u.rank_high, u.previous_rank, u.change,
         u.get_mark_display(), "一票否决" if u.vetoed else ("" if u.covered else "数据覆盖不足"))
        for u in units], orient="row", schema={
        "考核单位": pl.String, "档": pl.String, "总分": pl.Float64, "位次": pl.Int64,
        "位次区间（高）": pl.Int64, "位次区间（低）": pl.Int64,
        "上期位次": pl.Int64, "位次变化": pl.Int64, "红黄蓝牌": pl.String,
        "说明": pl.String})
    items = scope_filter(ItemResult.objects.filter(unit__run=run), user=request.user).select_related(
        "unit__region").order_by("unit__band", "unit__rank", "unit__region__sort_order", "pk")
    detail = pl.DataFrame([
        (i.unit.region.name, i.name, i.group, selectors.KIND_LABELS.get(i.kind, ""), i.value, i.measure_unit,
         i.imputed, i.score, i.weight, i.contribution, i.move_up if i.move_up_reachable else None)
        for i in items], orient="row", schema={
        "考核单位": pl.String, "指标": pl.String, "一级指标": pl.String, "类别": pl.String,
        "指标值": pl.Float64, "计量单位": pl.String, "插补": pl.Boolean,
        "得分": pl.Float64, "权重": pl.Float64, "贡献": pl.Float64,
        "升一位所需值": pl.Float64})
    content = xlsx_workbook({"排名": ranking, "指标得分": detail},
                            titles={"排名": f"{run.period_label}{run.scheme.title}"})
    return xlsx_download(content, filename=f"{run.period_label}专项考核结果.xlsx")


@permission_required("assessment.view_run", raise_exception=True)
def unit_detail(request, pk):
    result = selectors.unit_get(user=request.user, pk=pk)
    run = result.run
    plan = plan_for(request)
    return render(request, "assessment/unit_detail.html", {
        "result": result, "run": run, "items": selectors.items_explained(result),
        # the unit's own targets at the month assessed (目标分解), for its page
        "plan": plan, "statuses": [] if plan is None else region_statuses(
            plan, result.region.code, year=run.year, month=run.month),
        "as_of_value": f"{run.year}-{run.month:02d}",
        "costliest": selectors.costliest(result),
        "basis": selectors.run_basis(result.run), "basis_note": selectors.BASIS_NOTE,
    })


@permission_required("assessment.view_run", raise_exception=True)
def scheme_list(request):
    return render(request, "assessment/scheme_list.html", {
        "versions": SchemeVersion.objects.select_related("based_on"),
    })


@permission_required("assessment.view_run", raise_exception=True)
def scheme_detail(request, pk):
    """A scheme version as YAML; analysts save an edited copy as a new version."""
    return version_page(
        request, get_object_or_404(SchemeVersion, pk=pk),
        permission="assessment.add_schemeversion", refusal="只有市工信局分析员可以修改考核办法",
        not_a_mapping=NOT_A_MAPPING, save=scheme_save, template="assessment/scheme_detail.html",
        url_name="assessment:scheme")
