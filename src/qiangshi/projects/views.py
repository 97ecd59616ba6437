import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.engine import projects as engine
from qiangshi.projects.models import Project
from qiangshi.projects.services import REGISTERED, stage_change, stall_list

PAGE_SIZE = 50
STAGE_CHOICES = [*((s, engine.STAGE_LABELS[s]) for s in engine.STAGES), (REGISTERED, "入库")]


@permission_required("projects.view_project", raise_exception=True)
def project_list(request):
    projects = scope_filter(Project.objects.select_related("region", "unit"), user=request.user)
    stage = request.GET.get("stage", "")
    if stage:
        projects = projects.filter(stage=stage)
    page = Paginator(projects.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    board = {s: 0 for s in engine.STAGES}
    for value in projects.values_list("stage", flat=True):
        board[value] = board.get(value, 0) + 1
    return render(request, "projects/list.html", {
        "page": page, "stage": stage, "labels": engine.STAGE_LABELS,
        "board": [(s, engine.STAGE_LABELS[s], board[s]) for s in engine.STAGES],
    })


@permission_required("projects.view_project", raise_exception=True)
def project_detail(request, code):
    project = scoped_get_or_404(Project.objects.select_related("region", "unit", "owner"),
                                user=request.user, code=code)
    if request.method == "POST":
        if not request.user.has_perm("projects.change_project"):
            messages.error(request, "无权变更项目阶段。")
        else:
            try:
                on = datetime.date.fromisoformat(request.POST.get("on", ""))
                stage_change(project, request.POST.get("stage", ""), on=on,
                             note=request.POST.get("note", "").strip(),
                             evidence=request.FILES.get("evidence"))
                messages.success(request, "阶段已更新。")
            except ValueError as error:
                messages.error(request, f"未能变更：{error}" if str(error) else "日期格式应为 YYYY-MM-DD")
        return redirect("projects:detail", code=code)
    return render(request, "projects/detail.html", {
        "project": project, "labels": dict(STAGE_CHOICES), "choices": STAGE_CHOICES,
        "stages": project.stages.all(), "progress": project.progress.order_by("-year", "-month")[:36],
        "today": timezone.localdate(),
    })


@permission_required("projects.view_project", raise_exception=True)
def stall_page(request):
    try:
        as_of = datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = timezone.localdate()
    projects = scope_filter(Project.objects.all(), user=request.user)
    found = stall_list(as_of=as_of, projects=projects).sort("days_overdue", descending=True)
    return render(request, "projects/stalls.html", {
        "as_of": as_of, "stalls": found.to_dicts(), "rules": engine.RULE_LABELS})
