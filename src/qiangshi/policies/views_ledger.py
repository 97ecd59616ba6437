"""The 兑现 pages: batches (review, 公示, 拨付), the ledger, applications and the budget. Reading
needs the view permission and shows only the user's scope; every write checks its permission
and the stored row's scope."""

from decimal import Decimal, InvalidOperation

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from qiangshi.accounts.models import Unit
from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.dataio.documents import plain
from qiangshi.dataio.excel import xlsx_response
from qiangshi.engine.policies import FIELDS, policy_read
from qiangshi.enterprises.selectors import enterprise_named, enterprises_by_pk
from qiangshi.jobs.services import job_start
from qiangshi.params import date_of, id_param, year_param
from qiangshi.policies import ledger
from qiangshi.policies.firms import policy_firm_table
from qiangshi.policies.models_ledger import Application, Batch, BatchItem, Budget, LedgerEntry, Objection
from qiangshi.policies.services import policies_in_force, policies_published
from qiangshi.reference.documents import policy_documents

CLAUSE_SEP = "|"


def _clause_choices():
    """The clauses a form offers; before any policy is stored, the packaged ones (a GET stores
    nothing: the first write stores them, through policies_in_force)."""
    policies = policies_published() or [policy_read(plain(d)) for d in policy_documents().values()]
    return [(f"{p.code}{CLAUSE_SEP}{c.code}", f"{p.title} · {c.title}") for p in policies for c in p.clauses]


def _clause(value: str):
    policy, _, clause = (value or "").partition(CLAUSE_SEP)
    return ledger.clause_of(policies_in_force(), policy, clause)


def _amount(text) -> Decimal:
    try:
        value = Decimal(str(text or "").strip().replace(",", ""))
    except InvalidOperation:
        raise ledger.LedgerRefused("金额应为数字（万元）") from None
    if not value.is_finite() or not Decimal(0) < value < Decimal(10) ** 10:
        raise ledger.LedgerRefused("金额应为大于 0 的数字（万元）")
    return value.quantize(Decimal("0.01"))


def _date(text, what: str):
    day = date_of(text)
    if day is None:
        raise ledger.LedgerRefused(f"{what}格式应为 YYYY-MM-DD")
    return day


def _write(request, permission: str, act) -> None:
    """Do `act()` if the user may, saying what happened or why not."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    try:
        said = act()
        messages.success(request, said)
    except (ledger.LedgerRefused, ValueError) as refused:
        messages.error(request, f"未能办理：{refused}")


def _budgets(user):
    return scope_filter(Budget.objects.select_related("department"), user=user)


@permission_required("policies.view_batch", raise_exception=True)
def batches_page(request):
    if request.method == "POST":
        def start():
            policy, clause, _ = _clause(request.POST.get("clause"))
            year = year_param(request.POST, "year")
            budget = scoped_get_or_404(Budget.objects, user=request.user, pk=id_param(request.POST, "budget"))
            if year is None:
                raise ledger.LedgerRefused("请填写年度")
            job = job_start("policy_batch", user=request.user, title=f"{year}年{clause.title}兑现批次",
                            policy=policy.code, clause=clause.code, year=year, budget_id=budget.pk)
            return f"已开始生成批次（任务 {job.pk}），完成后在本页查看。"
        _write(request, "policies.add_batch", start)
        return redirect("policies:batches")
    batches = scope_filter(Batch.objects.select_related("budget__department"), user=request.user)
    return render(request, "policies/ledger_batches.html", {
        "batches": batches,
        "clauses": _clause_choices() if request.user.has_perm("policies.add_batch") else [],
        "budgets": _budgets(request.user)})


def _batch_act(request, batch):
    action, post, user = request.POST.get("action"), request.POST, request.user
    if action in ("confirm", "exclude"):
        item = scoped_get_or_404(BatchItem.objects.filter(batch=batch), user=user, pk=id_param(post, "item"))
        _write(request, "policies.change_batchitem", lambda: (
            ledger.item_decide(item, confirm=action == "confirm", reason=post.get("reason", ""))
            and f"已{'确认' if action == 'confirm' else '剔除'}：{item.enterprise.name}"))
    elif action == "publicity":
        _write(request, "policies.change_batch", lambda: ledger.publicity_open(
            batch, start=_date(post.get("start"), "公示开始日期"), end=_date(post.get("end"), "公示结束日期"))
            and "已进入公示。")
    elif action == "objection":
        item = scoped_get_or_404(BatchItem.objects.filter(batch=batch), user=user, pk=id_param(post, "item"))
        _write(request, "policies.add_objection",
               lambda: ledger.objection_add(item, text=post.get("text", "")) and "已登记异议。")
    elif action == "objection_decide":
        objection = scoped_get_or_404(Objection.objects.filter(item__batch=batch), user=user,
                                      pk=id_param(post, "objection"))
        _write(request, "policies.change_objection", lambda: ledger.objection_decide(
            objection, upheld=post.get("upheld") == "1", decision=post.get("decision", ""))
            and "已处理异议。")
    elif action == "pay":
        _write(request, "policies.add_ledgerentry", lambda: "已拨付并记入台账：{} 笔。".format(
            ledger.batch_pay(batch, paid_on=_date(post.get("paid_on"), "拨付日期"),
                             voucher=post.get("voucher", ""))))
    else:
        messages.error(request, "未知的操作。")


@permission_required("policies.view_batch", raise_exception=True)
def batch_page(request, pk):
    batch = scoped_get_or_404(Batch.objects.select_related("budget__department"), user=request.user, pk=pk)
    if request.method == "POST":
        _batch_act(request, batch)
        return redirect("policies:batch", pk=batch.pk)
    items = scope_filter(batch.items.select_related("enterprise__region"), user=request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_publicity_frame(batch, items), sheet="公示名单",
                             filename=f"{batch.year}年{batch.clause_title}公示名单.xlsx")
    objections = scope_filter(Objection.objects.filter(item__batch=batch).select_related("item__enterprise"),
                              user=request.user)
    return render(request, "policies/ledger_batch.html", {
        "batch": batch, "items": items, "objections": objections})


def _publicity_frame(batch, items) -> pl.DataFrame:
    rows = [{"企业名称": i.enterprise.name, "统一社会信用代码": i.enterprise.uscc,
             "所在区县": i.enterprise.region.name,
             "政策条款": f"{batch.policy_title}（{batch.document_number}）{batch.clause_title}",
             "金额（万元）": float(i.amount),
             "拨付安排": "；".join(f"{p['period']} {p['amount']}" for p in i.schedule)}
            for i in items.filter(decision=BatchItem.Decision.CONFIRMED)]
    text = dict.fromkeys(("企业名称", "统一社会信用代码", "所在区县", "政策条款"), pl.Utf8)
    return pl.DataFrame(rows, schema=text | {"金额（万元）": pl.Float64, "拨付安排": pl.Utf8})


@permission_required("policies.view_ledgerentry", raise_exception=True)
def ledger_page(request):
    if request.method == "POST":
        entry = scoped_get_or_404(LedgerEntry.objects, user=request.user, pk=id_param(request.POST, "entry"))
        _write(request, "policies.change_ledgerentry", lambda: ledger.installment_pay(
            entry, paid_on=_date(request.POST.get("paid_on"), "拨付日期"),
            voucher=request.POST.get("voucher", "")) and f"已拨付第 {entry.installment} 期。")
        return redirect("policies:ledger")
    entries = scope_filter(LedgerEntry.objects.select_related("enterprise", "budget"), user=request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_ledger_frame(entries), sheet="拨付台账", filename="政策兑现拨付台账.xlsx")
    return render(request, "policies/ledger_entries.html", {"entries": entries})


def _ledger_frame(entries) -> pl.DataFrame:
    text = dict.fromkeys(("企业名称", "统一社会信用代码", "条款", "拨付时间安排", "预算科目", "拨付日期",
                          "凭证号"), pl.Utf8)
    rows = [{"企业名称": e.enterprise.name, "统一社会信用代码": e.enterprise.uscc, "条款": e.clause_title,
             "兑现年度": e.period, "期次": e.installment, "拨付时间安排": e.due,
             "金额（万元）": float(e.amount),
             "预算科目": str(e.budget), "拨付日期": e.paid_on.isoformat() if e.paid_on else "未拨付",
             "凭证号": e.voucher} for e in entries]
    numbers = {"兑现年度": pl.Int64, "期次": pl.Int64, "金额（万元）": pl.Float64}
    return pl.DataFrame(rows, schema=text | numbers)


@permission_required("policies.view_application", raise_exception=True)
def applications_page(request):
    if request.method == "POST":
        def submit():
            policy, clause, non_stacking = _clause(request.POST.get("clause"))
            year = year_param(request.POST, "year")
            if year is None:
                raise ledger.LedgerRefused("请填写年度")
            firm = enterprise_named(request.POST.get("uscc") or "")
            if firm is None or not enterprises_by_pk([firm.pk], user=request.user):
                raise ledger.LedgerRefused("没有该统一社会信用代码的企业（或不在您的范围内）")
            budget = scoped_get_or_404(Budget.objects, user=request.user, pk=id_param(request.POST, "budget"))
            application = ledger.application_submit(
                enterprise=firm, policy=policy, clause=clause, non_stacking=non_stacking, year=year,
                amount=_amount(request.POST.get("amount")), budget=budget,
                figures=ledger.application_prefill(policy_firm_table(year), firm))
            return f"已受理，办结时限 {application.due_on}。"
        _write(request, "policies.add_application", submit)
        return redirect("policies:applications")
    applications = scope_filter(Application.objects.select_related("enterprise", "budget"), user=request.user)
    return render(request, "policies/ledger_applications.html", {
        "applications": applications, "budgets": _budgets(request.user),
        "clauses": _clause_choices() if request.user.has_perm("policies.add_application") else []})


@permission_required("policies.view_application", raise_exception=True)
def application_page(request, pk):
    application = scoped_get_or_404(Application.objects.select_related("enterprise", "budget__department"),
                                    user=request.user, pk=pk)
    if request.method == "POST":
        post = request.POST
        if post.get("action") == "pay":
            _write(request, "policies.add_ledgerentry", lambda: ledger.application_pay(
                application, paid_on=_date(post.get("paid_on"), "拨付日期"), voucher=post.get("voucher", ""))
                and "已拨付并记入台账。")
        else:
            _write(request, "policies.change_application", lambda: ledger.application_move(
                application, post.get("status", ""), reason=post.get("reason", "")) and "已更新申请状态。")
        return redirect("policies:application", pk=application.pk)
    figures = [_figure(k, v) for k, v in application.figures.items()]
    return render(request, "policies/ledger_application.html", {
        "application": application, "figures": figures, "Status": Application.Status})


@permission_required("policies.view_budget", raise_exception=True)
def budget_page(request):
    if request.method == "POST":
        def add():
            year = year_param(request.POST, "year")
            department = Unit.objects.filter(pk=id_param(request.POST, "department")).first()
            line = (request.POST.get("line") or "").strip()[:120]
            if year is None or department is None or not line:
                raise ledger.LedgerRefused("请填写年度、主管部门和预算科目")
            Budget.objects.update_or_create(year=year, department=department, line=line,
                                            defaults={"amount": _amount(request.POST.get("amount"))})
            return f"已保存预算：{year}年 {line}。"
        _write(request, "policies.add_budget", add)
        return redirect("policies:budget")
    return render(request, "policies/ledger_budget.html", {
        "budgets": ledger.budget_rows(_budgets(request.user)),
        "units": Unit.objects.order_by("name") if request.user.has_perm("policies.add_budget") else []})



def _figure(name: str, value) -> tuple[str, str]:
    field = FIELDS.get(name)
    label = f"{field.label}（{field.unit}）" if field and field.unit else (field.label if field else "其他")
    return label, ("是" if value else "否") if isinstance(value, bool) else str(value)
