"""A chain's map and one node's page: the node's figures and firms, and the task force's
confirm / reject / attach of a firm, after which a run makes the figures follow."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qiangshi.chains import lists_selectors, selectors
from qiangshi.chains.models import Decision
from qiangshi.chains.node_rows import legend, map_data
from qiangshi.chains.services import ChainRefused, decision_set
from qiangshi.chains.views import (
    VIEW,
    chain_result,
    chain_run_start,
    codes_draft,
    may_write,
    project_rows,
)
from qiangshi.enterprises.selectors import enterprise_named
from qiangshi.params import choice_param, id_param

DECIDE = "chains.add_decision"
DECISIONS = ("", *Decision.Kind.values)
DONE = {"confirmed": "确认挂接", "rejected": "否定挂接", "": "撤销判定"}


@permission_required(VIEW, raise_exception=True)
def chain_map(request, code):
    version = selectors.chain_version(user=request.user, code=code)
    run = selectors.run_latest()
    nodes = list(selectors.node_results(run, user=request.user, chain=code))
    return render(request, "chains/map.html", {
        "version": version, "run": run, "nodes": nodes, "legend": legend(),
        "codes_draft": codes_draft(chain_result(run, user=request.user, code=code), version),
        "map": map_data(code, nodes, version.content.get("edges") or [])})


@permission_required(VIEW, raise_exception=True)
def node_detail(request, code, pk):
    version = selectors.chain_version(user=request.user, code=code)
    node = selectors.node_result(user=request.user, chain=code, pk=pk)
    return render(request, "chains/node.html", {
        "version": version, "node": node, "run": node.run,
        "firms": selectors.node_firms(user=request.user, chain=code, node=node.node),
        "decisions": selectors.node_decisions(user=request.user, chain=code, node=node.node),
        "can_decide": may_write(request.user, code, DECIDE),
        "projects": project_rows(request.user, code, node.node),
        **_node_lists(request.user, code, node.node)})


def _node_lists(user, code: str, node: str) -> dict:
    """The target firms that would fill the node and the carriers that suit it."""
    if not user.has_perm("chains.view_targetfirm"):
        return {"show_lists": False}
    carriers = lists_selectors.carriers(user=user, chain=code)
    return {"show_lists": True,
            "targets": lists_selectors.targets(user=user, chain=code).filter(node=node),
            "carriers": [c for c in carriers if c.whole_chain or node in c.nodes]}


def _decided(request, code, node, enterprise, decision: str):
    try:
        decision_set(user=request.user, enterprise=enterprise, chain=code, node=node.node,
                     decision=decision, note=request.POST.get("note", ""))
    except ChainRefused as refused:
        messages.error(request, f"未能保存：{refused}")
        return redirect("chains:node", code=code, pk=node.pk)
    messages.success(request, f"已{DONE[decision]}：{enterprise.name} · {node.node}。"
                              "正在重新测算产业链，完成后节点指标与挂接企业随之更新。")
    return chain_run_start(request, "产业链测算（专班判定后）")


@require_POST
@permission_required(DECIDE, raise_exception=True)
def firm_decide(request, code, pk):
    node = selectors.node_result(user=request.user, chain=code, pk=pk)
    enterprise = selectors.node_enterprise(user=request.user, chain=code, node=node.node,
                                           enterprise_id=id_param(request.POST, "enterprise"))
    decision = choice_param(request.POST, "decision", DECISIONS, default=None)
    if decision is None:
        messages.error(request, "判定应为 确认挂接、否定挂接 或 撤销判定")
        return redirect("chains:node", code=code, pk=node.pk)
    return _decided(request, code, node, enterprise, decision)


@require_POST
@permission_required(DECIDE, raise_exception=True)
def firm_attach(request, code, pk):
    node = selectors.node_result(user=request.user, chain=code, pk=pk)
    uscc = request.POST.get("uscc", "").strip()[:18]
    enterprise = enterprise_named(uscc) if uscc else None
    if enterprise is None:
        messages.error(request, f"企业库中没有统一社会信用代码为“{uscc}”的企业" if uscc
                       else "请填写统一社会信用代码")
        return redirect("chains:node", code=code, pk=node.pk)
    return _decided(request, code, node, enterprise, Decision.Kind.CONFIRMED)
