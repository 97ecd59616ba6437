"""The policy pages: the policies in force with the newest matching run's eligible firms and
money, a policy's clauses, tests, versions, eligible firms and near misses; a version edited
and published; a version's dry run. Every figure is read from stored runs: a GET computes and
stores nothing, a new matching or dry run is a job."""

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.chains.selectors import chain_names
from qiangshi.dataio.excel import xlsx_download, xlsx_workbook
from qiangshi.dataio.version_pages import version_page
from qiangshi.engine.policies import clause_failures
from qiangshi.jobs.services import job_start
from qiangshi.params import number_param
from qiangshi.policies import selectors
from qiangshi.policies.models import PolicyVersion
from qiangshi.policies.services import PublishRefused, policy_publish, policy_save
from qiangshi.policies.words import amount_words

VIEW = "policies.view_policyversion"
LISTED = 200  # firms listed per policy on its page; the count above the list is the full one
NOT_A_MAPPING = "政策文件应为 YAML 映射（code、title、clauses 等键）"


@permission_required(VIEW, raise_exception=True)
def policy_list(request):
    run = selectors.run_latest()
    totals = selectors.policy_totals(run, user=request.user)
    rows = [{"version": version, "policy": policy, "totals": totals.get(policy.code),
             "unverified": sum(not c.verified for c in policy.clauses)}
            for version, policy in selectors.policies_shown()]
    return render(request, "policies/pages_list.html", {
        "rows": rows, "run": run, "can_match": request.user.has_perm("policies.add_matchrun")})


@require_POST
@permission_required("policies.add_matchrun", raise_exception=True)
def match_start(request):
    job = job_start("policy_match", user=request.user, title="惠企政策匹配")
    messages.success(request, "已开始匹配，完成后可在惠企政策页面查看结果。")
    return redirect("jobs:detail", pk=job.pk)


def _clauses(policy, year: int) -> list[dict]:
    return [{"clause": clause, "amount": amount_words(policy, clause.amount, year),
             "tests": len(clause.tests), "failures": clause_failures(policy, clause)}
            for clause in policy.clauses]


@permission_required(VIEW, raise_exception=True)
def policy_detail(request, code):
    shown, versions, policy = selectors.policy_shown(code)
    if policy is None:
        raise Http404
    run = selectors.run_latest()
    eligible = selectors.policy_results(run, code, user=request.user, eligible=True)
    near = selectors.policy_results(run, code, user=request.user, eligible=False)
    titles = {c.code: c.title for c in policy.clauses}
    return render(request, "policies/pages_detail.html", {
        "policy": policy, "shown": shown, "versions": versions, "run": run,
        "clauses": _clauses(policy, run.year if run else timezone.localdate().year),
        "titles": titles, "eligible": eligible[:LISTED], "eligible_count": eligible.count(),
        "near": near[:LISTED], "near_count": near.count(), "listed": LISTED})


def _version(pk) -> PolicyVersion:
    return get_object_or_404(PolicyVersion, pk=pk)


@permission_required(VIEW, raise_exception=True)
def version_detail(request, pk):
    version = _version(pk)

    return version_page(
        request, version, permission="policies.add_policyversion",
        refusal="只有市工信局分析员可以修改政策文件", not_a_mapping=NOT_A_MAPPING, save=policy_save,
        template="policies/pages_version.html", url_name="policies:version")


@require_POST
@permission_required("policies.publish_policyversion", raise_exception=True)
def version_publish(request, pk):
    version = _version(pk)
    try:
        policy_publish(version)
    except PublishRefused as refused:
        messages.error(request, "未发布：以下测试用例未通过，请修改条款或测试用例后再发布。")
        for failure in refused.failures:
            messages.error(request, failure)
    else:
        messages.success(request, f"已发布 {version.title} 第 {version.version} 版，下次匹配起生效。")
    return redirect("policies:version", pk=version.pk)


def _named(totals: list[dict]) -> list[dict]:
    """The stored totals with each chain's name in place of its code."""
    names = chain_names()
    return [{**row, "name": names.get(row["name"], row["name"]) if row["dimension"] == "产业链"
             else row["name"]} for row in totals]


def _totals_frame(rows: list[dict]) -> pl.DataFrame:
    over = {True: "超预算", False: "未超"}
    return pl.DataFrame([{
        "维度": row["dimension"], "名称": row["name"], "企业数": row["firms"], "金额（万元）": row["amount"],
        "预算（万元）": row["budget"], "是否超预算": over.get(row["over_budget"], "")} for row in rows],
        schema={"维度": pl.Utf8, "名称": pl.Utf8, "企业数": pl.Int64, "金额（万元）": pl.Float64,
                "预算（万元）": pl.Float64, "是否超预算": pl.Utf8})


@permission_required("policies.view_dryrun", raise_exception=True)
def version_dryrun(request, pk):
    version = _version(pk)
    if request.method == "POST":
        return _dryrun_start(request, version)
    stored = selectors.dryrun_latest(version)
    rows = _named(stored.totals) if stored else []
    if stored and request.GET.get("format") == "xlsx":
        title = f"{version.title} 第{version.version}版 试算"
        return xlsx_download(xlsx_workbook({"试算": _totals_frame(rows)}, titles={"试算": title}),
                             filename=f"{title}.xlsx")
    return render(request, "policies/pages_dryrun.html", {
        "version": version, "stored": stored, "rows": rows,
        "can_run": request.user.has_perm("policies.add_dryrun")})


def _dryrun_start(request, version):
    if not request.user.has_perm("policies.add_dryrun"):
        raise PermissionDenied("只有市工信局分析员可以试算政策")
    text = (request.POST.get("budget") or "").strip()
    budget = number_param(request.POST, "budget", low=0, high=1e9)
    if text and budget is None:
        messages.error(request, "预算应为不小于 0 的数字（万元），或不填。")
        return redirect("policies:dryrun", pk=version.pk)
    job = job_start("policy_dryrun", user=request.user, version=version.pk, budget=budget,
                    title=f"{version.title} 第 {version.version} 版试算")
    return redirect("jobs:detail", pk=job.pk)
