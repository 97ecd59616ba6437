"""The service-voucher pages (programmes, vouchers, providers, the redemptions worth a second
look) and the 跟踪问效 page of one policy and year."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.enterprises.selectors import fact_year_latest
from qiangshi.field_values import text_for_field
from qiangshi.jobs.services import job_start
from qiangshi.params import choice_param, date_of, int_param, year_param
from qiangshi.policies.models import EffectResult, Redemption, ServiceProvider, Voucher, VoucherProgramme
from qiangshi.policies.services import policies_in_force
from qiangshi.policies.vouchers import (
    VoucherRefused,
    redemption_add,
    suspicious,
    voucher_reimburse,
    vouchers_expire,
    vouchers_issue,
)

PAGE_SIZE = 50
CONTRACT = Redemption._meta.get_field("contract_no")
PROOF = Redemption._meta.get_field("payment_proof")


def _titles() -> dict[str, dict]:
    """Policy code → its title and each clause code → the clause's title (pages show no codes)."""
    return {p.code: {"title": p.title, "clauses": {c.code: c.title for c in p.clauses}}
            for p in policies_in_force()}


@permission_required("policies.view_voucher", raise_exception=True)
def vouchers_page(request):
    titles = _titles()
    programmes = list(VoucherProgramme.objects.all())
    for programme in programmes:
        policy = titles.get(programme.policy, {})
        programme.basis = f"{policy.get('title', '')} {policy.get('clauses', {}).get(programme.clause, '')}"
    vouchers = scope_filter(Voucher.objects.select_related("programme", "firm"), user=request.user)
    programme = int_param(request.GET, "programme", low=1, high=10**9)
    if programme:
        vouchers = vouchers.filter(programme=programme)
    status = choice_param(request.GET, "status", Voucher.Status.values)
    if status:
        vouchers = vouchers.filter(status=status)
    page = Paginator(vouchers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "policies/vouchers_list.html", {
        "programmes": programmes, "page": page, "statuses": Voucher.Status.choices,
        "programme": programme, "status": status, "year": fact_year_latest(),
        "query": query.urlencode()})


@permission_required("policies.view_voucher", raise_exception=True)
def voucher_page(request, pk):
    voucher = scoped_get_or_404(Voucher.objects.select_related("programme", "firm"), user=request.user, pk=pk)
    if request.method == "POST":
        if not request.user.has_perm("policies.add_redemption"):
            raise Http404
        _redeem(request, voucher)
        return redirect("policies:voucher", pk=voucher.pk)
    return render(request, "policies/vouchers_detail.html", {
        "voucher": voucher, "redemption": Redemption.objects.filter(voucher=voucher).select_related(
            "provider").first(),
        "providers": ServiceProvider.objects.filter(registered=True), "today": timezone.localdate()})


def _redeem(request, voucher):
    try:
        amount = Decimal(request.POST.get("amount", "").strip())
    except InvalidOperation:
        messages.error(request, "兑付金额应为数字（万元）")
        return
    provider_pk = int_param(request.POST, "provider", low=1, high=10**9)
    provider = ServiceProvider.objects.filter(pk=provider_pk, registered=True).first()
    on = date_of(request.POST.get("on"))
    if provider is None or on is None or not amount.is_finite():
        messages.error(request, "请选择服务商并填写兑付日期（YYYY-MM-DD）和金额")
        return
    try:
        redemption_add(voucher, provider=provider, amount=amount, on=on,
                       contract_no=text_for_field(CONTRACT, request.POST.get("contract_no")),
                       payment_proof=text_for_field(PROOF, request.POST.get("payment_proof")))
        messages.success(request, f"服务券{voucher.number}已兑付{amount}万元")
    except ValueError as refused:  # VoucherRefused, or a text too long for its column
        messages.error(request, f"未能兑付：{refused}")


@require_POST
@permission_required("policies.change_voucher", raise_exception=True)
def voucher_reimburse_view(request, pk):
    voucher = scoped_get_or_404(Voucher.objects.all(), user=request.user, pk=pk)
    try:
        voucher_reimburse(voucher)
        messages.success(request, f"服务券{voucher.number}已拨付")
    except VoucherRefused as refused:
        messages.error(request, str(refused))
    return redirect("policies:voucher", pk=voucher.pk)


@require_POST
@permission_required("policies.add_voucher", raise_exception=True)
def programme_issue(request, pk):
    programme = get_object_or_404(VoucherProgramme, pk=pk)
    year = year_param(request.POST, "year")
    if year is None:
        messages.error(request, "请填写依据数据的年度")
    else:
        try:
            issued = vouchers_issue(programme, year=year, on=timezone.localdate())
            messages.success(request, f"{programme.name}：按{year}年数据新发放{issued}张")
        except VoucherRefused as refused:
            messages.error(request, str(refused))
    return redirect("policies:vouchers")


@require_POST
@permission_required("policies.change_voucher", raise_exception=True)
def vouchers_expire_view(request):
    messages.success(request, f"{vouchers_expire(timezone.localdate())}张服务券已到期")
    return redirect("policies:vouchers")


@permission_required("policies.view_serviceprovider", raise_exception=True)
def providers_page(request):
    if request.method == "POST":
        if not request.user.has_perm("policies.add_serviceprovider"):
            raise Http404
        try:
            fields = {f: text_for_field(ServiceProvider._meta.get_field(f), request.POST.get(f))
                      for f in ("name", "uscc", "services", "qualification")}
        except ValueError as refused:
            messages.error(request, str(refused))
            return redirect("policies:providers")
        if not (fields["name"] and len(fields["uscc"]) == 18 and fields["services"]):
            messages.error(request, "请填写服务商名称、18位统一社会信用代码和服务内容")
        elif ServiceProvider.objects.filter(uscc=fields["uscc"]).exists():
            messages.error(request, "该统一社会信用代码的服务商已入库")
        else:
            ServiceProvider.objects.create(**fields)
            messages.success(request, f"服务商“{fields['name']}”已入库")
        return redirect("policies:providers")
    return render(request, "policies/vouchers_providers.html", {"providers": ServiceProvider.objects.all()})


@permission_required("policies.view_redemption", raise_exception=True)
def suspicious_page(request):
    redemptions = scope_filter(Redemption.objects.all(), user=request.user)
    flags = suspicious(redemptions)
    # Id 0 names no row: an empty list would skip the query, and the page would cost fewer
    # queries when nothing is flagged (the query budget compares demo sizes).
    rows = list(redemptions.filter(pk__in=[*flags, 0]).select_related("voucher__firm", "voucher__programme",
                                                                   "provider"))
    for row in rows:
        row.reasons = flags[row.pk]
    return render(request, "policies/vouchers_suspicious.html", {"rows": rows})


@permission_required("policies.view_policyversion", raise_exception=True)
def effect_page(request):
    """The newest stored 跟踪问效 of the chosen policy and year; an analyst starts a new one as a job."""
    policies = {p.code: p for p in policies_in_force()}
    latest = fact_year_latest()
    params = request.POST if request.method == "POST" else request.GET
    code = choice_param(params, "policy", list(policies), default=next(iter(sorted(policies)), ""))
    year = year_param(params, "year", (latest - 1) if latest else None)
    if request.method == "POST":
        if not request.user.has_perm("policies.add_effectresult"):
            raise Http404
        if not (code and year):
            messages.error(request, "请选择政策并填写支持年度")
            return redirect("policies:effect")
        job = job_start("policy_effect", user=request.user, title=f"{policies[code].title}{year}年跟踪问效",
                        policy=code, year=year)
        messages.success(request, "已开始评估，完成后可在此查看结果。")
        return redirect("jobs:detail", pk=job.pk)
    stored = EffectResult.objects.filter(policy=code, year=year).first() if code and year else None
    result = stored.content if stored else None
    chart = None
    if result and result["outcomes"]:
        chart = {"labels": [o["label"] for o in result["outcomes"]],
                 "supported": [round(o["supported_change"], 1) for o in result["outcomes"]],
                 "control": [round(o["control_change"], 1) for o in result["outcomes"]]}
    return render(request, "policies/vouchers_effect.html", {
        "policies": sorted(policies.values(), key=lambda p: p.title), "code": code, "year": year,
        "stored": stored, "result": result, "chart": chart})
