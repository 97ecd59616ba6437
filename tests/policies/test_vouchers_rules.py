"""Service vouchers: issued by the clause, redeemed only within the rules, reimbursed only once
redeemed, expired past their date, and the redemptions worth a second look flagged."""

import datetime
import io
from decimal import Decimal

import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.policies.demo import demo_load
from qiangshi.policies.models import Redemption, ServiceProvider, Voucher, VoucherProgramme
from qiangshi.policies.vouchers import (
    VoucherRefused,
    eligible_firms,
    redemption_add,
    suspicious,
    voucher_reimburse,
    vouchers_expire,
    vouchers_issue,
)


@pytest.fixture
def programme(shared_demo, db):
    return VoucherProgramme.objects.get(name__contains="数字化转型诊断券")


@pytest.fixture
def voucher(programme):
    return programme.vouchers.filter(status=Voucher.Status.ISSUED).first()


@pytest.fixture
def provider(programme):
    return ServiceProvider.objects.first()


def _redeem(voucher, provider, amount="2", on=None, **extra):
    on = on or voucher.issued + datetime.timedelta(days=10)
    return redemption_add(voucher, provider=provider, contract_no="HT-1", amount=Decimal(amount),
                          payment_proof="回单1", on=on, **extra)


def test_the_demo_issues_one_voucher_to_every_firm_the_clause_makes_eligible(programme):
    year = programme.vouchers.first().issued.year - 1
    eligible = set(eligible_firms(programme, year)["enterprise_id"].to_list())
    assert eligible and set(programme.vouchers.values_list("firm_id", flat=True)) == eligible


def test_issuing_again_issues_nothing_new(programme):
    year = programme.vouchers.first().issued.year - 1
    assert vouchers_issue(programme, year=year, on=datetime.date(year + 1, 6, 1)) == 0


def test_issuing_is_audited(programme):
    vouchers_issue(programme, year=2025, on=datetime.date(2026, 6, 1))
    assert AuditEvent.objects.filter(object_type="policies.Voucher", object_repr__contains="发券").exists()


def test_a_programme_on_an_unpublished_policy_is_refused(programme):
    programme.policy = "no-such-policy"
    with pytest.raises(VoucherRefused, match="未发布"):
        vouchers_issue(programme, year=2025, on=datetime.date(2026, 1, 1))


def test_an_amount_above_the_face_value_is_refused(voucher, provider):
    with pytest.raises(VoucherRefused, match="超过面值"):
        _redeem(voucher, provider, amount=str(voucher.face_value + 1))
    assert not Redemption.objects.filter(voucher=voucher).exists()


def test_a_provider_not_registered_is_refused(voucher, provider):
    provider.registered = False
    provider.save()
    with pytest.raises(VoucherRefused, match="未入库"):
        _redeem(voucher, provider)


def test_a_redemption_outside_the_validity_is_refused(voucher, provider):
    with pytest.raises(VoucherRefused, match="有效期"):
        _redeem(voucher, provider, on=voucher.expires + datetime.timedelta(days=1))


def test_a_voucher_is_redeemed_once(voucher, provider):
    _redeem(voucher, provider)
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REDEEMED
    with pytest.raises(VoucherRefused, match="已兑付"):
        _redeem(voucher, provider)


def test_contract_and_proof_are_required(voucher, provider):
    with pytest.raises(VoucherRefused, match="合同编号"):
        redemption_add(voucher, provider=provider, contract_no=" ", amount=Decimal(1), payment_proof="x",
                       on=voucher.issued)


def test_only_a_redeemed_voucher_is_reimbursed(voucher, provider):
    with pytest.raises(VoucherRefused, match="只有已兑付"):
        voucher_reimburse(voucher)
    _redeem(voucher, provider)
    assert voucher_reimburse(voucher).status == Voucher.Status.REIMBURSED


def test_unspent_vouchers_past_their_date_expire_and_spent_ones_do_not(programme, voucher):
    later = voucher.expires + datetime.timedelta(days=1)
    spent = set(programme.vouchers.exclude(status=Voucher.Status.ISSUED).values_list("pk", flat=True))
    assert vouchers_expire(later) > 0
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.EXPIRED
    assert not Voucher.objects.filter(pk__in=spent, status=Voucher.Status.EXPIRED).exists()


def test_an_amount_at_the_cap_is_flagged_and_a_small_one_is_not(voucher, provider):
    small = _redeem(voucher, provider, amount="1")
    flags = suspicious(Redemption.objects.all())
    assert small.pk not in flags
    assert any("上限" in why for whys in flags.values() for why in whys)


def test_the_same_provider_and_firm_again_and_again_is_flagged(programme, voucher, provider):
    other = VoucherProgramme.objects.create(name="云服务券（测试）", kind=VoucherProgramme.Kind.CLOUD,
                                            face_value=10, cap_per_firm=10, policy=programme.policy,
                                            clause=programme.clause)
    second = Voucher.objects.create(programme=other, firm=voucher.firm, number="T-2", face_value=10,
                                    issued=voucher.issued, expires=voucher.expires)
    first = _redeem(voucher, provider, amount="1")
    again = _redeem(second, provider, amount="1")
    flags = suspicious(Redemption.objects.all())
    assert flags[first.pk] == flags[again.pk] == ["同一服务商与同一企业多次兑付"]


def test_the_demo_loaded_twice_redeems_nothing_more(programme):
    before = (Voucher.objects.count(), Redemption.objects.count())
    demo_load(io.StringIO())
    assert (Voucher.objects.count(), Redemption.objects.count()) == before
