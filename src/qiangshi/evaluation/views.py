import polars as pl
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.models import Region
from qiangshi.accounts.scoping import scope_filter, scope_keys
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.dataio.excel import xlsx_download
from qiangshi.dataio.version_pages import version_page
from qiangshi.evaluation import appeals, selectors
from qiangshi.evaluation.appeals import (
    AppealRefused,
    appeal_submit,
    appeals_explained,
    corrections_read,
    fact_labels,
    requestable_classes,
)
from qiangshi.evaluation.models import Appeal, MethodVersion, Result, Run
from qiangshi.evaluation.publication import class_names, indicator_labels, publication_xlsx
from qiangshi.evaluation.services import (
    NOT_A_MAPPING,
    method_choices,
    method_save,
    method_version_get,
    run_frame,
    runs_compare,
)
from qiangshi.field_values import ValueRefused, text_for_field
from qiangshi.jobs.services import job_start
from qiangshi.params import YEAR_MAX, YEAR_MIN, id_param, year_param

PAGE_SIZE = 100
FILTERS = ("group", "klass", "region", "industry")


@permission_required("evaluation.view_run", raise_exception=True)
def run_list(request):
    return render(request, "evaluation/run_list.html", {
        "runs": Run.objects.select_related("method")[:100],
        "methods": method_choices(), "default_method": settings.MUJUN_METHOD,
        "can_run": request.user.has_perm("evaluation.add_run"),
        "this_year": timezone.localdate().year - 1,
    })


@require_POST
@permission_required("evaluation.add_run", raise_exception=True)
def run_new(request):
    year = year_param(request.POST, "year")
    if year is None:
        messages.error(request, f"未能评价：年度应为 {YEAR_MIN} 至 {YEAR_MAX} 之间的整数")
        return redirect("evaluation:runs")
    try:
        method = method_version_get(request.POST.get("method", ""))
        note = text_for_field(Run._meta.get_field("note"), request.POST.get("note"))
    except (DocumentInvalid, ValueRefused) as error:
        messages.error(request, f"未能评价：{error}")
        return redirect("evaluation:runs")
    job = job_start("evaluation_run", user=request.user, title=f"{year} 年度亩均评价（{method.title}）",
                    method_id=method.pk, year=year, note=note)
    messages.success(request, f"已开始 {year} 年度评价，完成后可在此查看结果。")
    return redirect("jobs:detail", pk=job.pk)


@permission_required("evaluation.view_run", raise_exception=True)
def run_detail(request, pk):
    run = get_object_or_404(Run.objects.select_related("method"), pk=pk)
    filters = {name: request.GET.get(name, "").strip() for name in FILTERS}
    rows = selectors.results(user=request.user, run=run, **filters)
    if request.GET.get("format") == "xlsx":
        return _publication(request, run, rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "evaluation/run_detail.html", {
        "run": run, "basis": selectors.run_basis(run), "basis_note": selectors.BASIS_NOTE,
        "page": page, "filters": filters, "query": query.urlencode(),
        "distribution": selectors.distribution(user=request.user, run=run),
        "classes": class_names(run.method.content),
        "regions": scope_filter(Region.objects.exclude(kind="city"), user=request.user),
        "earlier": Run.objects.filter(year=run.year).exclude(pk=run.pk)[:10],
    })


def _publication(request, run, rows) -> HttpResponse:
    frame = run_frame(run).filter(pl.col("uscc").is_in(list(rows.values_list("uscc", flat=True))))
    names = dict(Region.objects.values_list("code", "name"))
    content = publication_xlsx(frame, region_names=names, names=class_names(run.method.content),
                               title=f"{run.year}年度工业企业亩产效益综合评价")
    return xlsx_download(content, filename=f"{run.year}年度亩产效益评价结果公示名单.xlsx")


@permission_required("evaluation.view_run", raise_exception=True)
def result_detail(request, pk):
    result = selectors.result_get(user=request.user, pk=pk)
    keys = sorted({k.removeprefix("score_") for k in result.detail if k.startswith("score_")})
    indicators = [
        {"key": key, "value": result.detail.get(f"value_{key}"),
         "benchmark": result.detail.get(f"benchmark_{key}"),
         "score": result.detail.get(f"score_{key}")}
        for key in keys if result.detail.get(f"score_{key}") is not None
        or result.detail.get(f"value_{key}") is not None
    ]
    land = selectors.land_basis(result)
    return render(request, "evaluation/result_detail.html", {
        "result": result, "land": land, "basis": selectors.run_basis(result.run) + land,
        "basis_note": selectors.BASIS_NOTE, "indicators": indicators,
        "classes": class_names(result.run.method.content),
        "history": selectors.grade_history(user=request.user, result=result),
        "appeals": appeals_explained(selectors.firm_year_appeals(user=request.user,
                                                                 result=result)),
        "labels": indicator_labels(result.run.method.content),
        "appeal_classes": requestable_classes(result.klass, result.run.method.content),
        "fact_labels": fact_labels(),
    })


@require_POST
@permission_required("evaluation.add_appeal", raise_exception=True)
def appeal_new(request, pk):
    result = selectors.result_get(user=request.user, pk=pk)
    try:
        corrections = corrections_read(request.POST.getlist("fact"),
                                       request.POST.getlist("value"))
        appeal_submit(result, reason=request.POST.get("reason", ""),
                      evidence=request.POST.get("evidence", ""),
                      requested_class=request.POST.get("requested_class", ""),
                      corrections=corrections)
    except AppealRefused as error:
        messages.error(request, f"未能提交异议：{error}")
    else:
        messages.success(request, "异议已提交，等待市工信局处理。")
    return redirect("evaluation:result", pk=pk)


@permission_required("evaluation.view_appeal", raise_exception=True)
def appeal_list(request):
    return render(request, "evaluation/appeal_list.html", {
        "appeals": appeals_explained(selectors.appeals(user=request.user,
                                                       status=request.GET.get("status", ""))),
        "can_decide": request.user.has_perm("evaluation.change_appeal"),
    })


@require_POST
@permission_required("evaluation.change_appeal", raise_exception=True)
def appeal_decide(request, pk):
    appeal = get_object_or_404(Appeal, pk=pk, status=Appeal.Status.PENDING)
    try:
        job = appeals.appeal_decide(appeal, upheld=request.POST.get("decision") == "upheld",
                                    note=request.POST.get("note", ""), user=request.user,
                                    force_class=request.POST.get("force_class", ""),
                                    reason_code=request.POST.get("reason_code", ""))
    except AppealRefused as error:
        messages.error(request, str(error))
        return redirect("evaluation:appeals")
    if job is None:
        messages.success(request, "异议不成立，处理意见已记录；评价结果不变。")
        return redirect("evaluation:appeals")
    messages.success(request, "异议成立，正在按处理结果重算该年度评价。")
    return redirect("jobs:detail", pk=job.pk)


@permission_required("evaluation.view_run", raise_exception=True)
def method_list(request):
    return render(request, "evaluation/method_list.html", {
        "versions": MethodVersion.objects.select_related("based_on"),
        "choices": method_choices(), "default_method": settings.MUJUN_METHOD,
    })


@permission_required("evaluation.view_run", raise_exception=True)
def method_detail(request, pk):
    """A method version as YAML; analysts save an edited copy as a new version."""
    return version_page(
        request, get_object_or_404(MethodVersion, pk=pk),
        permission="evaluation.add_methodversion", refusal="只有市工信局分析员可以修改评价方法",
        not_a_mapping=NOT_A_MAPPING, save=method_save, template="evaluation/method_detail.html",
        url_name="evaluation:method")


@permission_required("evaluation.view_run", raise_exception=True)
def run_compare(request):
    before = get_object_or_404(Run, pk=id_param(request.GET, "a"))
    after = get_object_or_404(Run, pk=id_param(request.GET, "b"))
    moved = runs_compare(before, after).filter(scope_keys(
        Result.objects.filter(run__in=[before, after]), user=request.user, column="uscc",
        field="uscc"))
    return render(request, "evaluation/compare.html", {
        "before": before, "after": after, "moved": moved.to_dicts()})
