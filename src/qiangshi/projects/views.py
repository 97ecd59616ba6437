
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.dataio.excel import xlsx_download, xlsx_response
from qiangshi.dataio.tables import upload_import
from qiangshi.engine import projects as engine
from qiangshi.field_values import text_for_field
from qiangshi.params import VERSION_MAX, YEAR_MAX, YEAR_MIN, date_of, date_param, int_param
from qiangshi.projects import selectors
from qiangshi.projects.dispatch import (
    DispatchRefused,
    dispatch_answer,
    dispatch_close,
    dispatch_escalate,
    dispatch_issue,
)
from qiangshi.projects.evidence import evidence_content_type
from qiangshi.projects.history import project_history
from qiangshi.projects.models import Dispatch, Project, StageChange
from qiangshi.projects.project_import import project_import
from qiangshi.projects.services import REGISTERED, stage_change
from qiangshi.projects.stall_rows import FILTERS as STALL_FILTERS
from qiangshi.projects.stall_rows import stall_export, stalls_of
from qiangshi.projects.templates_xlsx import project_template

PAGE_SIZE = 50
STAGE_NOTE = StageChange._meta.get_field("note")
STAGE_CHOICES = [*((s, engine.STAGE_LABELS[s]) for s in engine.STAGES), (REGISTERED, "入库")]
STAGE_LABELS = dict(STAGE_CHOICES)


@permission_required("projects.view_project", raise_exception=True)
def project_list(request):
    filters = {name: request.GET.get(name, "").strip() for name in selectors.FILTERS}
    projects = selectors.project_list(user=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(selectors.export_frame(projects), sheet="项目", filename="项目清单.xlsx")
    # The stage cards count every stage under the other filters, so a click can switch stage.
    unstaged = selectors.project_list(user=request.user, **(filters | {"stage": ""}))
    board = dict(unstaged.order_by().values_list("stage").annotate(n=Count("pk")))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    unstaged_query = query.copy()
    unstaged_query.pop("stage", None)
    return render(request, "projects/list.html", {
        "page": Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": filters, "query": query.urlencode(), "unstaged_query": unstaged_query.urlencode(),
        "labels": engine.STAGE_LABELS,
        "board": [(s, engine.STAGE_LABELS[s], board.get(s, 0)) for s in engine.STAGES],
        "districts": selectors.district_table(projects),
        "regions": scope_filter(Region.objects.exclude(kind="city"), user=request.user),
        "kinds": Project.Kind.choices,
    })


@permission_required("projects.add_project", raise_exception=True)
def import_page(request):
    return render(request, "projects/import.html",
                  {"report": upload_import(request, project_import)})


@permission_required("projects.view_project", raise_exception=True)
def template_download(request):
    return xlsx_download(project_template(), filename="项目导入模板.xlsx")


@permission_required("projects.view_project", raise_exception=True)
def project_detail(request, code):
    project = scoped_get_or_404(Project.objects.select_related("region", "unit", "owner"),
                                user=request.user, code=code)
    if request.method == "POST":
        if not request.user.has_perm("projects.change_project"):
            messages.error(request, "无权变更项目阶段。")
        else:
            try:
                on = date_of(request.POST.get("on"))
                if on is None:
                    raise ValueError(f"日期格式应为 YYYY-MM-DD，且在 {YEAR_MIN} 至 {YEAR_MAX} 年之间")
                stage_change(project, request.POST.get("stage", ""), on=on,
                             note=text_for_field(STAGE_NOTE, request.POST.get("note")),
                             evidence=request.FILES.get("evidence"),
                             # a missing or garbled version never matches a stored one
                             version=int_param(request.POST, "version", 0, low=0, high=VERSION_MAX))
                messages.success(request, "阶段已更新。")
            except ValueError as error:
                messages.error(request, f"未能变更：{error}" if str(error) else "日期格式应为 YYYY-MM-DD")
        return redirect("projects:detail", code=code)
    return render(request, "projects/detail.html", {
        "project": project, "labels": dict(STAGE_CHOICES), "choices": STAGE_CHOICES,
        "stages": project.stages.all(), "progress": project.progress.order_by("-year", "-month")[:36],
        "chart": selectors.investment_chart(project),
        "chain_name": selectors.chain_label(project.chain_code) if project.chain_code else "",
        "history": project_history(project),
        "today": timezone.localdate(),
    })


@permission_required("projects.view_project", raise_exception=True)
def evidence_download(request, code, pk):
    """An evidence file, only to a user who may see its project; always as a download, so a
    browser never renders it inside the platform's origin."""
    project = scoped_get_or_404(Project.objects.all(), user=request.user, code=code)
    change = get_object_or_404(project.stages.exclude(evidence=""), pk=pk)
    try:
        handle = change.evidence.open("rb")
    except FileNotFoundError as missing:
        raise Http404("佐证材料文件已不存在") from missing
    name = change.evidence.name
    filename = f"{project.code}-{STAGE_LABELS.get(change.stage, change.stage)}{name[name.rfind('.'):]}"
    return FileResponse(handle, as_attachment=True, filename=filename,
                        content_type=evidence_content_type(name))


@permission_required("projects.view_project", raise_exception=True)
def stall_page(request):
    as_of = date_param(request.GET, "as_of", timezone.localdate())
    filters = {name: request.GET.get(name, "").strip() for name in STALL_FILTERS}
    found = stalls_of(user=request.user, as_of=as_of, **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(stall_export(found.rows), sheet="卡点项目",
                             filename=f"卡点项目_{as_of:%Y%m%d}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    unruled = query.copy()
    unruled.pop("rule", None)
    return render(request, "projects/stalls.html", {
        "as_of": as_of, "filters": filters, "query": query.urlencode(),
        "unruled_query": unruled.urlencode(), "rule_counts": found.rule_counts,
        "page": Paginator(found.rows.to_dicts(), PAGE_SIZE).get_page(request.GET.get("page")),
        "regions": scope_filter(Region.objects.exclude(kind="city"), user=request.user),
        "chains": found.chains, "kinds": Project.Kind.choices,
    })


@permission_required("projects.view_dispatch", raise_exception=True)
def dispatch_list(request):
    show = request.GET.get("show", "")
    show = show if show in selectors.DISPATCH_SHOWS else ""
    return render(request, "projects/dispatches.html", {
        "dispatches": selectors.dispatches(user=request.user, show=show, today=timezone.localdate())
        .prefetch_related("steps"),
        "today": timezone.localdate(), "show": show, "shows": selectors.DISPATCH_SHOWS,
        "can_answer": request.user.has_perm("projects.answer_dispatch"),
        "can_decide": request.user.has_perm("projects.change_dispatch"),
    })


@require_POST
@permission_required("projects.add_dispatch", raise_exception=True)
def dispatch_new(request, code):
    project = scoped_get_or_404(Project.objects.all(), user=request.user, code=code)
    unit = Unit.objects.filter(code=request.POST.get("unit", "")).first() or project.unit
    deadline = date_of(request.POST.get("deadline"))
    try:
        if deadline is None:
            raise DispatchRefused("办理期限格式应为 YYYY-MM-DD")
        dispatch_issue(project, unit=unit, request=request.POST.get("request", ""),
                       deadline=deadline, rule=request.POST.get("rule", ""), user=request.user)
        messages.success(request, f"已向{unit.name}发出督办单。")
    except DispatchRefused as error:
        messages.error(request, f"未能督办：{error}")
    # Issued from the stall list, the analyst goes back to it and sees the row marked.
    if request.POST.get("back") == "stalls":
        return redirect("projects:stalls")
    return redirect("projects:dispatches")


@require_POST
@permission_required("projects.view_dispatch", raise_exception=True)
def dispatch_step(request, pk):
    dispatch = scoped_get_or_404(Dispatch.objects.all(), user=request.user, pk=pk)
    action, text = request.POST.get("action"), request.POST.get("text", "")
    try:
        if action == "answer" and request.user.has_perm("projects.answer_dispatch"):
            dispatch_answer(dispatch, text=text, promised_on=date_of(request.POST.get("date")))
        elif action == "close" and request.user.has_perm("projects.change_dispatch"):
            dispatch_close(dispatch, text=text)
        elif action == "escalate" and request.user.has_perm("projects.change_dispatch"):
            deadline = date_of(request.POST.get("date"))
            if deadline is None:
                raise DispatchRefused("升级督办需要新的办理期限")
            dispatch_escalate(dispatch, text=text, deadline=deadline)
        else:
            raise PermissionDenied("无权进行此操作")
        messages.success(request, "已记录。")
    except DispatchRefused as error:
        messages.error(request, f"未能记录：{error}")
    return redirect("projects:dispatches")
