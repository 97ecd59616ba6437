"""兑现 (issue 17 §3): a batch per clause and year from the engine's eligible rows, reviewed by
the responsible department, publicised, then paid into the ledger; 依申请 applications; the
special fund's budget lines. Money is never paid twice: the ledger's constraint (clause, firm,
period, installment), and a confirmation or approval refused when the firm was already paid for
the clause, or for a clause it does not stack with, in that period."""

import datetime
from decimal import Decimal

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from qiangshi.accounts.audit import audit_changes
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.enterprises.selectors import enterprise_ids
from qiangshi.policies.models_ledger import Application, Batch, BatchItem, Budget, LedgerEntry, Objection

TIME_LIMIT_WORKDAYS = 60
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))
CONFIRMED = BatchItem.Decision.CONFIRMED
COMMITTED = (Application.Status.APPROVED, Application.Status.PAID)


class LedgerRefused(ValueError):
    """A step of the 兑现 workflow that is not allowed; the message says why, in Chinese."""


def workdays_after(day: datetime.date, count: int) -> datetime.date:
    """The day `count` working days after `day`. The platform holds no holiday calendar, so a
    working day is Monday to Friday (statutory holidays and 调休 are not counted)."""
    while count:
        day += datetime.timedelta(days=1)
        count -= day.weekday() < 5
    return day


def clause_of(policies, policy_code: str, clause_code: str):
    """(policy, clause, the codes of the clauses it does not stack with, either way round)."""
    for policy in policies:
        for clause in policy.clauses if policy.code == policy_code else ():
            if clause.code == clause_code:
                others = set(clause.non_stacking) | {c.code for c in policy.clauses
                                                     if clause.code in c.non_stacking}
                return policy, clause, sorted(others)
    raise LedgerRefused(f"没有施行中的条款「{clause_code}」")


# ---- budget ----

def _total(queryset, field: str):
    return Coalesce(Subquery(queryset.order_by().values("budget")
                             .annotate(total=Sum(field)).values("total")[:1]), ZERO)


def budget_rows(budgets):
    """Budget lines with what is committed (confirmed batch items, approved applications) and
    paid (the ledger's paid lines) against each, in 万元."""
    mine = OuterRef("pk")
    return budgets.select_related("department").annotate(
        committed_items=_total(BatchItem.objects.filter(batch__budget=mine, decision=CONFIRMED)
                               .annotate(budget=F("batch__budget")), "amount"),
        committed_applications=_total(Application.objects.filter(budget=mine, status__in=COMMITTED),
                                      "amount"),
        paid=_total(LedgerEntry.objects.filter(budget=mine, paid_on__isnull=False), "amount"),
    ).annotate(committed=F("committed_items") + F("committed_applications")).annotate(
        available=F("amount") - F("committed"))


def _budget_check(budget: Budget, extra: Decimal) -> None:
    committed = Decimal(budget_rows(Budget.objects.filter(pk=budget.pk)).get().committed)
    if committed + extra > budget.amount:
        raise LedgerRefused(
            f"超出预算：{budget}（{budget.department.name}）预算 {budget.amount:.2f} 万元，"
            f"已承诺 {committed:.2f} 万元，本次 {extra:.2f} 万元，"
            f"超出 {committed + extra - budget.amount:.2f} 万元")


def _paid_before(enterprise_id: int, clause: str, non_stacking: list[str], period: int) -> None:
    paid = LedgerEntry.objects.filter(enterprise_id=enterprise_id, period=period)
    if paid.filter(clause=clause).exists():
        raise LedgerRefused(f"该企业 {period} 年度已就本条款拨付，不能重复兑现")
    other = paid.filter(clause__in=non_stacking).first()
    if other is not None:
        raise LedgerRefused(f"该企业 {period} 年度已拨付「{other.clause_title}」，与本条款不叠加享受")


# ---- 免申即享 batches ----

@transaction.atomic
def batch_create(*, policy, clause, non_stacking: list[str], year: int, budget: Budget,
                 rows: pl.DataFrame) -> Batch:
    """A batch from the engine's match rows of one clause (uscc, eligible, amount, schedule,
    trace): one item per eligible firm of the registry."""
    if Batch.objects.filter(clause=clause.code, year=year).exists():
        raise LedgerRefused(f"{year} 年「{clause.title}」已有兑现批次")
    batch = Batch.objects.create(
        policy=policy.code, policy_title=policy.title[:200], document_number=policy.doc_no[:64],
        clause=clause.code, clause_title=clause.title[:200], non_stacking=non_stacking, year=year,
        budget=budget, created_by=current_actor().name)
    ids = enterprise_ids(rows["uscc"].to_list())
    firms = pl.DataFrame({"uscc": list(ids), "enterprise_id": list(ids.values())},
                         schema={"uscc": pl.Utf8, "enterprise_id": pl.Int64})
    eligible = (rows.filter(pl.col("eligible") & (pl.col("amount") > 0))
                .join(firms, on="uscc").select("enterprise_id", "amount", "schedule", "trace"))
    items = BatchItem.objects.bulk_create(
        BatchItem(batch=batch, enterprise_id=row["enterprise_id"], amount=_money(row["amount"]),
                  schedule=row["schedule"] or [], trace=row["trace"])
        for row in eligible.iter_rows(named=True))
    audit_changes(BatchItem, [(item.pk, item, {"amount": [None, str(item.amount)]}) for item in items],
                  action=AuditEvent.Action.CREATE)
    return batch


@transaction.atomic
def item_decide(item: BatchItem, *, confirm: bool, reason: str = "") -> BatchItem:
    item = BatchItem.objects.select_for_update().select_related("batch__budget__department").get(pk=item.pk)
    batch = item.batch
    if batch.status != Batch.Status.REVIEW:
        raise LedgerRefused("批次已进入公示或已拨付，不能再审核")
    if confirm:
        _paid_before(item.enterprise_id, batch.clause, batch.non_stacking, batch.year)
        if item.decision != BatchItem.Decision.CONFIRMED:
            _budget_check(batch.budget, item.amount)
        item.decision, item.reason = BatchItem.Decision.CONFIRMED, ""
    else:
        if not reason.strip():
            raise LedgerRefused("剔除须写明理由")
        item.decision, item.reason = BatchItem.Decision.EXCLUDED, reason.strip()[:300]
    item.decided_by, item.decided_at = current_actor().name, timezone.now()
    item.save()
    return item


@transaction.atomic
def publicity_open(batch: Batch, *, start: datetime.date, end: datetime.date) -> Batch:
    if batch.status != Batch.Status.REVIEW:
        raise LedgerRefused("批次已公示或已拨付")
    if end < start:
        raise LedgerRefused("公示结束日期早于开始日期")
    if batch.items.filter(decision=BatchItem.Decision.PENDING).exists():
        raise LedgerRefused("还有企业未审核，全部确认或剔除后才能公示")
    batch.status, batch.publicity_start, batch.publicity_end = Batch.Status.PUBLICITY, start, end
    batch.save()
    return batch


def objection_add(item: BatchItem, *, text: str, today: datetime.date | None = None) -> Objection:
    batch, today = item.batch, today or timezone.localdate()
    if batch.status != Batch.Status.PUBLICITY or not batch.publicity_start <= today <= batch.publicity_end:
        raise LedgerRefused("不在公示期内，不能登记异议")
    if not text.strip():
        raise LedgerRefused("异议内容不能为空")
    return Objection.objects.create(item=item, text=text.strip()[:500], recorded_by=current_actor().name)


@transaction.atomic
def objection_decide(objection: Objection, *, upheld: bool, decision: str) -> Objection:
    """An upheld objection takes the firm out of the batch, with the decision as the reason."""
    item = objection.item
    if item.batch.status != Batch.Status.PUBLICITY:
        raise LedgerRefused("批次不在公示阶段")
    if not decision.strip():
        raise LedgerRefused("请写明处理意见")
    objection.upheld, objection.decision = upheld, decision.strip()[:500]
    objection.decided_by = current_actor().name
    objection.save()
    if upheld:
        item.decision, item.reason = BatchItem.Decision.EXCLUDED, f"公示异议成立：{objection.decision}"[:300]
        item.decided_by, item.decided_at = objection.decided_by, timezone.now()
        item.save()
    return objection


def _money(value) -> Decimal:
    return Decimal(str(round(value, 2)))


def _one(year: int, amount: Decimal) -> list[dict]:
    """The schedule of an award paid at once."""
    return [{"period": f"{year}年", "amount": float(amount)}]


def _entries(item_rows, *, paid_on, voucher, **common) -> list[LedgerEntry]:
    """The ledger lines of awards: the first installment paid now, later ones scheduled."""
    return [LedgerEntry(enterprise_id=enterprise_id, amount=_money(part["amount"]),
                        installment=n, due=str(part["period"])[:64], paid_on=paid_on if n == 1 else None,
                        voucher=voucher if n == 1 else "", **common)
            for enterprise_id, schedule in item_rows for n, part in enumerate(schedule, start=1)]


def _ledger_write(entries: list[LedgerEntry]) -> None:
    try:
        with transaction.atomic():
            written = LedgerEntry.objects.bulk_create(entries)
    except IntegrityError:
        raise LedgerRefused("台账中已有同一企业、条款、年度、期次的拨付记录，不能重复拨付") from None
    audit_changes(LedgerEntry, [(e.pk, e, {"amount": [None, str(e.amount)], "paid_on": [None, e.paid_on]})
                                for e in written], action=AuditEvent.Action.CREATE)


@transaction.atomic
def batch_pay(batch: Batch, *, paid_on: datetime.date, voucher: str,
              today: datetime.date | None = None) -> int:
    """拨付 after the 公示 window: ledger lines for every confirmed firm. Returns the count."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    today = today or timezone.localdate()
    if batch.status != Batch.Status.PUBLICITY:
        raise LedgerRefused("批次须先公示，公示期满后才能拨付")
    if today <= batch.publicity_end:
        raise LedgerRefused(f"公示期至 {batch.publicity_end} 结束，期满后才能拨付")
    if batch.objections_open():
        raise LedgerRefused("还有公示异议未处理")
    if not voucher.strip():
        raise LedgerRefused("请填写凭证号")
    confirmed = batch.items.filter(decision=BatchItem.Decision.CONFIRMED)
    entries = _entries(((i.enterprise_id, i.schedule or _one(batch.year, i.amount)) for i in confirmed),
                       paid_on=paid_on, voucher=voucher.strip()[:64], policy=batch.policy,
                       clause=batch.clause, clause_title=batch.clause_title, period=batch.year,
                       budget=batch.budget, batch=batch)
    _ledger_write(entries)
    batch.status = Batch.Status.PAID
    batch.save()
    return len(entries)


@transaction.atomic
def installment_pay(entry: LedgerEntry, *, paid_on: datetime.date, voucher: str) -> LedgerEntry:
    """Pay a scheduled installment (a later year's share of a staged award)."""
    if entry.paid_on is not None:
        raise LedgerRefused("该期已拨付")
    if not voucher.strip():
        raise LedgerRefused("请填写凭证号")
    entry.paid_on, entry.voucher = paid_on, voucher.strip()[:64]
    entry.save()
    return entry


# ---- 依申请 applications ----

def application_prefill(firms: pl.DataFrame, enterprise) -> dict:
    """The firm's known figures from the policy firm table (the nulls left out)."""
    rows = (firms.filter(pl.col("enterprise_id").cast(pl.Utf8) == str(enterprise.pk))
            .drop("uscc", "name", "enterprise_id"))
    if rows.is_empty():
        return {}
    return {k: v for k, v in rows.row(0, named=True).items() if v is not None and not isinstance(v, list)}


def application_submit(*, enterprise, policy, clause, non_stacking: list[str], year: int,
                       amount: Decimal, budget: Budget, figures: dict,
                       today: datetime.date | None = None) -> Application:
    today = today or timezone.localdate()
    if amount <= 0:
        raise LedgerRefused("申请金额应大于 0")
    return Application.objects.create(
        enterprise=enterprise, policy=policy.code, clause=clause.code, clause_title=clause.title[:200],
        non_stacking=non_stacking, year=year, figures=figures, amount=amount, budget=budget,
        submitted_on=today, due_on=workdays_after(today, TIME_LIMIT_WORKDAYS))


MOVES = {Application.Status.SUBMITTED: (Application.Status.REVIEWING,),
         Application.Status.REVIEWING: (Application.Status.APPROVED, Application.Status.REFUSED)}


@transaction.atomic
def application_move(application: Application, status: str, *, reason: str = "") -> Application:
    application = Application.objects.select_for_update().select_related("budget__department").get(
        pk=application.pk)
    if status not in MOVES.get(application.status, ()):
        raise LedgerRefused(f"「{application.get_status_display()}」的申请不能改为该状态")
    if status == Application.Status.APPROVED:
        _paid_before(application.enterprise_id, application.clause, application.non_stacking,
                     application.year)
        _budget_check(application.budget, application.amount)
    if status == Application.Status.REFUSED and not reason.strip():
        raise LedgerRefused("不予批准须写明理由")
    application.status, application.reason = status, reason.strip()[:300]
    application.decided_by = current_actor().name
    application.save()
    return application


@transaction.atomic
def application_pay(application: Application, *, paid_on: datetime.date, voucher: str) -> Application:
    if application.status != Application.Status.APPROVED:
        raise LedgerRefused("只有已批准的申请才能拨付")
    if not voucher.strip():
        raise LedgerRefused("请填写凭证号")
    _ledger_write(_entries([(application.enterprise_id, _one(application.year, application.amount))],
                           paid_on=paid_on, voucher=voucher.strip()[:64], policy=application.policy,
                           clause=application.clause, clause_title=application.clause_title,
                           period=application.year, budget=application.budget, application=application))
    application.status = Application.Status.PAID
    application.save()
    return application
