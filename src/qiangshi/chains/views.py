"""产业链 pages: the chains a user may see, a chain's overview (4个1, targets, figures, weak
links, 链主, projects) and its node table as Excel. They read the newest stored run; a run is
computed by the chain_run job, started here or after a decision of the task force."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.chains import lists_selectors, selectors
from qiangshi.chains.maps import PEOPLE, TARGET_MEASURES
from qiangshi.chains.models import Leader
from qiangshi.chains.node_rows import node_frame, weak_links
from qiangshi.chains.selectors_monitoring import chain_monitoring
from qiangshi.chains.services import ChainRefused, chain_in_scope, leader_decide
from qiangshi.dataio.excel import xlsx_download, xlsx_workbook
from qiangshi.jobs.services import job_start
from qiangshi.params import choice_param
from qiangshi.projects.selectors import STAGE_NAMES, chain_projects, stall_labels

VIEW = "chains.view_chainversion"


def may_write(user, code: str, permission: str) -> bool:
    """Whether the page offers `user` the forms that change `code`'s decisions."""
    if not user.has_perm(permission):
        return False
    try:
        chain_in_scope(user, code)
    except ChainRefused:
        return False
    return True


def project_rows(user, code: str, node: str = "") -> list:
    """The chain's projects the user may see, with their stage and 卡点; on a node's page the
    projects that name the node."""
    projects = chain_projects(user=user, chain=code, node=node)
    rows = list(projects)
    stalls = stall_labels(projects, as_of=timezone.localdate()) if rows else {}
    for project in rows:
        project.stage_name = STAGE_NAMES.get(project.stage, project.stage)
        project.stalls = stalls.get(project.pk, [])
    return rows


def chain_result(run, *, user, code: str):
    return selectors.chain_results(run, user=user).filter(chain=code).first()


def codes_draft(result, version) -> bool:
    """Whether the map the run used (the newest version before any run) still has its industry
    codes as a draft (⚠)."""
    return not (result.version if result else version).content.get("codes_confirmed", False)


def chain_run_start(request, title: str):
    job = job_start("chain_run", user=request.user, title=title)
    return redirect("jobs:detail", pk=job.pk)


@permission_required(VIEW, raise_exception=True)
def chain_list(request):
    run = selectors.run_latest()
    results = {r.chain: r for r in selectors.chain_results(run, user=request.user)}
    ratings = selectors.rating_counts(run, user=request.user)
    leaders = selectors.leader_counts(user=request.user)
    rows = [{"version": v, "result": results.get(v.name), "ratings": ratings.get(v.name, {}),
             "leaders": leaders.get(v.name, 0)} for v in selectors.chain_versions(user=request.user)]
    return render(request, "chains/list.html", {
        "rows": rows, "run": run, "can_run": request.user.has_perm("chains.add_run")})


@require_POST
@permission_required("chains.add_run", raise_exception=True)
def run_new(request):
    messages.success(request, "已开始产业链测算，完成后可在产业链页面查看结果。")
    return chain_run_start(request, "产业链测算")


def _people(content: dict) -> list[tuple[str, str]]:
    people = content.get("people") or {}
    shown = []
    for key, label in PEOPLE.items():
        value = people.get(key)
        value = "、".join(value) if isinstance(value, list) else value
        shown.append((label, value or "未填写"))
    return shown


def _targets(content: dict) -> list[dict]:
    return [{**t, "label": TARGET_MEASURES.get(t.get("measure"), "")} for t in content.get("targets") or []
            if isinstance(t, dict)]


@permission_required(VIEW, raise_exception=True)
def chain_overview(request, code):
    version = selectors.chain_version(user=request.user, code=code)
    run = selectors.run_latest()
    result = chain_result(run, user=request.user, code=code)
    nodes = list(selectors.node_results(run, user=request.user, chain=code))
    return render(request, "chains/overview.html", {
        "version": version, "run": run, "result": result, "nodes": nodes,
        "weak": weak_links(nodes), "people": _people(version.content), "targets": _targets(version.content),
        "codes_draft": codes_draft(result, version),
        "leaders": selectors.leaders(user=request.user, chain=code),
        "can_decide": may_write(request.user, code, "chains.change_leader"),
        "projects": project_rows(request.user, code),
        "monitoring": chain_monitoring(user=request.user, version=version),
        **_lists(request.user, code)})


def _lists(user, code: str) -> dict:
    """The other two of the three lists (目标企业, 落地载体), for users who may read them."""
    if not user.has_perm("chains.view_targetfirm"):
        return {"show_lists": False}
    targets = lists_selectors.targets(user=user, chain=code)
    return {"show_lists": True, "target_firms": targets[:8], "target_count": targets.count(),
            "carriers": lists_selectors.carriers(user=user, chain=code)}


@require_POST
@permission_required("chains.change_leader", raise_exception=True)
def leader_set(request, code, pk):
    leader = get_object_or_404(selectors.leaders(user=request.user, chain=code), pk=pk)
    status = choice_param(request.POST, "status", (Leader.Status.CONFIRMED, Leader.Status.REJECTED))
    try:
        leader_decide(user=request.user, leader=leader, status=status, note=request.POST.get("note", ""))
    except ChainRefused as refused:
        messages.error(request, f"未能保存：{refused}")
    else:
        messages.success(request, f"已将{leader.enterprise.name}标记为“{leader.get_status_display()}”。")
    return redirect("chains:overview", code=code)


@permission_required(VIEW, raise_exception=True)
def chain_export(request, code):
    version = selectors.chain_version(user=request.user, code=code)
    run = selectors.run_latest()
    nodes = list(selectors.node_results(run, user=request.user, chain=code))
    title = f"{version.title}产业链节点（{run.year}年）" if run else f"{version.title}产业链节点"
    content = xlsx_workbook({"节点": node_frame(nodes)}, titles={"节点": title})
    return xlsx_download(content, filename=f"{title}.xlsx")
