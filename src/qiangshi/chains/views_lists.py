"""The pages of the target list, the carriers and the 招商指引 of one chain."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils import timezone

from qiangshi.chains import lists_selectors as lists
from qiangshi.chains.carrier_import import carrier_import, carrier_template
from qiangshi.chains.lists_services import event_add
from qiangshi.chains.models_lists import TargetEvent, TargetFirm
from qiangshi.chains.selectors import chain_version
from qiangshi.chains.services import ChainRefused
from qiangshi.chains.target_import import target_import, target_template
from qiangshi.dataio.excel import xlsx_download, xlsx_response, xlsx_workbook
from qiangshi.dataio.tables import upload_import
from qiangshi.field_values import text_for_field
from qiangshi.params import date_of

EVENT_NOTE = TargetEvent._meta.get_field("note")
PROJECT_CODE = TargetFirm._meta.get_field("project").related_model._meta.get_field("code")


@permission_required("chains.view_targetfirm", raise_exception=True)
def targets_page(request, code):
    chain = chain_version(user=request.user, code=code)
    rows = lists.scored(list(lists.targets(user=request.user, chain=code)),
                        lists.node_scores(user=request.user, chain=code))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(lists.target_frame(rows), sheet="目标企业",
                             filename=f"{chain.title}目标企业清单.xlsx")
    return render(request, "chains/lists_targets.html", {"chain": chain, "rows": rows})


@permission_required("chains.view_targetfirm", raise_exception=True)
def target_page(request, code, pk):
    chain = chain_version(user=request.user, code=code)
    target = lists.target_get(user=request.user, chain=code, pk=pk)
    if request.method == "POST":
        if not request.user.has_perm("chains.add_targetevent"):
            messages.error(request, "无权登记跟进记录。")
        else:
            try:
                on = date_of(request.POST.get("on"))
                if on is None:
                    raise ChainRefused("日期格式应为 YYYY-MM-DD")
                said = event_add(user=request.user, target=target, kind=request.POST.get("kind", ""),
                                 on=on, note=text_for_field(EVENT_NOTE, request.POST.get("note")),
                                 project_code=text_for_field(PROJECT_CODE, request.POST.get("project")))
                messages.success(request, said)
            except ValueError as error:
                messages.error(request, f"未能登记：{error}")
        return redirect("chains:target", code=code, pk=target.pk)
    return render(request, "chains/lists_target.html", {
        "chain": chain, "target": target, "events": target.events.all(),
        "result": lists.node_scores(user=request.user, chain=code).get(target.node),
        "kinds": TargetEvent.Kind.choices, "today": timezone.localdate()})


@permission_required("chains.add_targetfirm", raise_exception=True)
def targets_import(request, code):
    chain = chain_version(user=request.user, code=code)
    report = upload_import(request, partial(target_import, chain=code))
    return render(request, "chains/lists_import.html", {"chain": chain, "report": report,
                                                        "what": "目标企业"})


@permission_required("chains.view_targetfirm", raise_exception=True)
def targets_template(request, code):
    chain = chain_version(user=request.user, code=code)
    nodes = [node["name"] for node in chain.content.get("nodes", [])]
    return xlsx_download(target_template(chain.title, nodes[0] if nodes else ""),
                         filename=f"{chain.title}目标企业导入模板.xlsx")


@permission_required("chains.view_carrier", raise_exception=True)
def carriers_page(request, code):
    chain = chain_version(user=request.user, code=code)
    rows = lists.carriers(user=request.user, chain=code)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(lists.carrier_frame(rows), sheet="落地载体",
                             filename=f"{chain.title}落地载体.xlsx")
    return render(request, "chains/lists_carriers.html", {"chain": chain, "rows": rows})


@permission_required("chains.add_carrier", raise_exception=True)
def carriers_import(request, code):
    chain = chain_version(user=request.user, code=code)
    return render(request, "chains/lists_import.html", {
        "chain": chain, "report": upload_import(request, carrier_import), "what": "落地载体"})


@permission_required("chains.view_carrier", raise_exception=True)
def carriers_template(request, code):
    chain_version(user=request.user, code=code)
    return xlsx_download(carrier_template(), filename="落地载体导入模板.xlsx")


@permission_required("chains.view_targetfirm", raise_exception=True)
def guide_page(request, code):
    chain = chain_version(user=request.user, code=code)
    nodes = lists.guide(user=request.user, chain=code)
    if request.GET.get("format") == "xlsx":
        return xlsx_download(xlsx_workbook(lists.guide_sheets(nodes)),
                             filename=f"{chain.title}精准招商指引.xlsx")
    return render(request, "chains/lists_guide.html", {
        "chain": chain, "nodes": nodes, "weights": lists.WEIGHTS})

