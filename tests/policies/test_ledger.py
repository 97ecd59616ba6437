"""兑现 from match to money: a batch from the engine's eligible firms, reviewed (confirm, or
exclude with a reason), publicised with objections, paid into the ledger after the window with
staged awards scheduled; nothing paid twice (same clause, or a clause it does not stack with);
the budget never exceeded; applications with their 60-working-day limit."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from qiangshi.accounts.models import AuditEvent
from qiangshi.jobs.services import job_run_now
from qiangshi.policies import ledger
from qiangshi.policies.models_ledger import Application, Batch, BatchItem, LedgerEntry
from qiangshi.policies.services import policies_in_force
from tests.policies.ledger_data import DAY, LICHENG_FIRM, LIXIA_FIRM, POLICY, make_batch

AFTER = DAY + datetime.timedelta(days=10)


def _published(batch, start=DAY, end=DAY + datetime.timedelta(days=6)):
    for item in batch.items.all():
        ledger.item_decide(item, confirm=True)
    return ledger.publicity_open(batch, start=start, end=end)


def test_the_job_makes_a_batch_of_the_firms_the_engine_finds_eligible(firms, budget):
    policies_in_force()
    _, result = job_run_now("policy_batch", policy=POLICY, clause="zjtx-new", year=2024,
                            budget_id=budget.pk)
    batch = Batch.objects.get(clause="zjtx-new", year=2024)
    items = {i.enterprise.uscc: i for i in batch.items.select_related("enterprise")}
    assert set(items) == {LIXIA_FIRM, LICHENG_FIRM}
    assert items[LIXIA_FIRM].amount == Decimal("30") and "济政发〔2019〕1号" in items[LIXIA_FIRM].trace
    assert batch.status == Batch.Status.REVIEW and batch.document_number == "济政发〔2019〕1号"
    assert "2 家企业" in result.message
    created = AuditEvent.objects.filter(object_type="policies.BatchItem", action=AuditEvent.Action.CREATE)
    assert created.count() == 2


def test_a_second_batch_of_the_same_clause_and_year_is_refused(firms, budget):
    make_batch(budget, (LIXIA_FIRM, 30, None))
    with pytest.raises(ledger.LedgerRefused, match="已有兑现批次"):
        make_batch(budget, (LICHENG_FIRM, 30, None))


def test_exclusion_needs_a_reason_and_records_who_and_when(firms, budget):
    item = make_batch(budget, (LIXIA_FIRM, 30, None)).items.get()
    with pytest.raises(ledger.LedgerRefused, match="理由"):
        ledger.item_decide(item, confirm=False, reason=" ")
    item = ledger.item_decide(item, confirm=False, reason="已迁出本市")
    assert (item.decision, item.reason) == (BatchItem.Decision.EXCLUDED, "已迁出本市")
    assert item.decided_by and item.decided_at


def test_publicity_waits_for_every_firm_to_be_reviewed(firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 30, None), (LICHENG_FIRM, 30, None))
    ledger.item_decide(batch.items.first(), confirm=True)
    with pytest.raises(ledger.LedgerRefused, match="未审核"):
        ledger.publicity_open(batch, start=DAY, end=DAY)


def test_objections_only_in_the_window_and_an_upheld_one_excludes_the_firm(firms, budget):
    batch = _published(make_batch(budget, (LIXIA_FIRM, 30, None), (LICHENG_FIRM, 30, None)))
    item = batch.items.get(enterprise__uscc=LIXIA_FIRM)
    with pytest.raises(ledger.LedgerRefused, match="不在公示期内"):
        ledger.objection_add(item, text="已被处罚", today=AFTER)
    objection = ledger.objection_add(item, text="已被处罚", today=DAY)
    with pytest.raises(ledger.LedgerRefused, match="异议未处理"):
        ledger.batch_pay(batch, paid_on=AFTER, voucher="记-001", today=AFTER)
    ledger.objection_decide(objection, upheld=True, decision="核实属实")
    item.refresh_from_db()
    assert (item.decision, item.reason) == (BatchItem.Decision.EXCLUDED, "公示异议成立：核实属实")
    assert ledger.batch_pay(batch, paid_on=AFTER, voucher="记-001", today=AFTER) == 1
    assert list(LedgerEntry.objects.values_list("enterprise__uscc", flat=True)) == [LICHENG_FIRM]


def test_payment_waits_for_the_end_of_the_window(firms, budget):
    batch = _published(make_batch(budget, (LIXIA_FIRM, 30, None)))
    with pytest.raises(ledger.LedgerRefused, match="期满后"):
        ledger.batch_pay(batch, paid_on=DAY, voucher="记-001", today=DAY + datetime.timedelta(days=6))
    assert not LedgerEntry.objects.exists()


def test_installments_are_paid_first_and_scheduled_after(firms, budget):
    schedule = [{"period": "2024年", "amount": 30.0}, {"period": "2025年", "amount": 20.0},
                {"period": "2026年", "amount": 10.0}]
    batch = _published(make_batch(budget, (LIXIA_FIRM, 60, schedule), clause="new-above-scale"))
    assert ledger.batch_pay(batch, paid_on=AFTER, voucher="记-002", today=AFTER) == 3
    entries = list(LedgerEntry.objects.order_by("installment").values_list(
        "installment", "due", "amount", "paid_on", "voucher", "period"))
    assert entries == [(1, "2024年", Decimal("30.00"), AFTER, "记-002", 2024),
                       (2, "2025年", Decimal("20.00"), None, "", 2024),
                       (3, "2026年", Decimal("10.00"), None, "", 2024)]
    later = ledger.installment_pay(LedgerEntry.objects.get(installment=2), paid_on=AFTER, voucher="记-101")
    assert (later.paid_on, later.voucher) == (AFTER, "记-101")
    assert Batch.objects.get().status == Batch.Status.PAID


def test_the_ledger_refuses_the_same_clause_firm_period_and_installment_twice(firms, budget):
    batch = _published(make_batch(budget, (LIXIA_FIRM, 30, None)))
    ledger.batch_pay(batch, paid_on=AFTER, voucher="记-001", today=AFTER)
    entry = LedgerEntry.objects.get()
    entry.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


def test_a_firm_already_paid_for_the_clause_and_period_is_not_confirmed_again(firms, budget):
    batch = _published(make_batch(budget, (LIXIA_FIRM, 30, None)))
    ledger.batch_pay(batch, paid_on=AFTER, voucher="记-001", today=AFTER)
    policy, clause, others = ledger.clause_of(policies_in_force(), POLICY, "zjtx-new")
    firm = batch.items.get().enterprise
    application = ledger.application_submit(enterprise=firm, policy=policy, clause=clause,
                                            non_stacking=others, year=2024, amount=Decimal(30), budget=budget,
                                            figures={})
    ledger.application_move(application, Application.Status.REVIEWING)
    with pytest.raises(ledger.LedgerRefused, match="已就本条款拨付"):
        ledger.application_move(application, Application.Status.APPROVED)


def test_a_firm_paid_under_a_non_stacking_clause_is_not_confirmed(firms, budget):
    paid = _published(make_batch(budget, (LIXIA_FIRM, 30, None), clause="platform-cross-industry"))
    ledger.batch_pay(paid, paid_on=AFTER, voucher="记-001", today=AFTER)
    other = make_batch(budget, (LIXIA_FIRM, 20, None), (LICHENG_FIRM, 20, None), clause="platform-industry")
    assert other.non_stacking == ["platform-cross-industry"]
    with pytest.raises(ledger.LedgerRefused, match="不叠加"):
        ledger.item_decide(other.items.get(enterprise__uscc=LIXIA_FIRM), confirm=True)
    ledger.item_decide(other.items.get(enterprise__uscc=LICHENG_FIRM), confirm=True)


def test_a_confirmation_beyond_the_budget_is_refused_in_chinese(firms, budget):
    batch = make_batch(budget, (LIXIA_FIRM, 60, None), (LICHENG_FIRM, 60, None))
    ledger.item_decide(batch.items.get(enterprise__uscc=LIXIA_FIRM), confirm=True)
    said = r"超出预算.*预算 100\.00 万元，已承诺 60\.00 万元，本次 60\.00"
    with pytest.raises(ledger.LedgerRefused, match=said):
        ledger.item_decide(batch.items.get(enterprise__uscc=LICHENG_FIRM), confirm=True)
    row = ledger.budget_rows(type(budget).objects.all()).get()
    assert (row.committed, row.paid, row.available) == (Decimal(60), Decimal(0), Decimal(40))


def test_committed_and_paid_follow_the_budget_line(firms, budget):
    batch = _published(make_batch(budget, (LIXIA_FIRM, 30, None), (LICHENG_FIRM, 20, None)))
    ledger.batch_pay(batch, paid_on=AFTER, voucher="记-001", today=AFTER)
    row = ledger.budget_rows(type(budget).objects.all()).get()
    assert (row.committed, row.paid) == (Decimal(50), Decimal(50))


def test_sixty_working_days_count_monday_to_friday():
    friday, monday = datetime.date(2025, 3, 7), datetime.date(2025, 3, 10)
    assert ledger.workdays_after(friday, 1) == monday
    assert ledger.workdays_after(datetime.date(2025, 3, 3), 60) == datetime.date(2025, 5, 26)


def test_an_application_moves_through_its_states_and_is_flagged_when_overdue(firms, budget):
    policy, clause, others = ledger.clause_of(policies_in_force(), POLICY, "zjtx-new")
    firm = firms[LIXIA_FIRM]
    application = ledger.application_submit(enterprise=firm, policy=policy, clause=clause,
                                            non_stacking=others, year=2024, amount=Decimal(30), budget=budget,
                                            figures={}, today=datetime.date(2020, 1, 6))
    assert application.due_on == datetime.date(2020, 3, 30) and application.overdue
    with pytest.raises(ledger.LedgerRefused, match="不能改为"):
        ledger.application_move(application, Application.Status.APPROVED)
    ledger.application_move(application, Application.Status.REVIEWING)
    application = ledger.application_move(application, Application.Status.APPROVED)
    assert not application.overdue
    application = ledger.application_pay(application, paid_on=AFTER, voucher="记-009")
    assert application.status == Application.Status.PAID
    assert LedgerEntry.objects.get().application == application


def test_a_refusal_needs_a_reason(firms, budget):
    policy, clause, others = ledger.clause_of(policies_in_force(), POLICY, "zjtx-new")
    application = ledger.application_submit(enterprise=firms[LIXIA_FIRM], policy=policy, clause=clause,
                                            non_stacking=others, year=2024, amount=Decimal(30), budget=budget,
                                            figures={})
    ledger.application_move(application, Application.Status.REVIEWING)
    with pytest.raises(ledger.LedgerRefused, match="理由"):
        ledger.application_move(application, Application.Status.REFUSED)


def test_a_batch_firm_already_paid_through_an_application_is_not_confirmed(firms, budget):
    policy, clause, others = ledger.clause_of(policies_in_force(), POLICY, "zjtx-new")
    application = ledger.application_submit(enterprise=firms[LIXIA_FIRM], policy=policy, clause=clause,
                                            non_stacking=others, year=2024, amount=Decimal(30), budget=budget,
                                            figures={})
    ledger.application_move(application, Application.Status.REVIEWING)
    ledger.application_pay(ledger.application_move(application, Application.Status.APPROVED),
                           paid_on=AFTER, voucher="记-009")
    batch = make_batch(budget, (LIXIA_FIRM, 30, None))
    with pytest.raises(ledger.LedgerRefused, match="已就本条款拨付"):
        ledger.item_decide(batch.items.get(), confirm=True)
