"""Service vouchers issued, expired, redeemed and reimbursed, and the redemptions worth a second
look. A voucher goes only forward (issued → redeemed → reimbursed, or issued → expired); each
refusal says why in Chinese."""

import datetime
from decimal import Decimal

import polars as pl
from django.db import transaction

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.models import AuditEvent
from qiangshi.engine.policies import match
from qiangshi.policies.firms import policy_firm_table
from qiangshi.policies.models import Redemption, ServiceProvider, Voucher, VoucherProgramme
from qiangshi.policies.services import policies_in_force

# A redemption this close to the firm's cap is flagged: claims cluster at the cap when the
# service is priced to the voucher rather than to the work.
AT_CAP_SHARE = Decimal("0.95")
REPEAT_PAIRS = 2


class VoucherRefused(ValueError):
    """A voucher operation the rules refuse; the message says why in Chinese."""


def eligible_firms(programme: VoucherProgramme, year: int) -> pl.DataFrame:
    """enterprise_id of the firms the programme's clause makes eligible in `year`."""
    policies = [p for p in policies_in_force() if p.code == programme.policy]
    if not policies:
        raise VoucherRefused(f"依据政策“{programme.policy}”未发布，不能发券")
    firms = policy_firm_table(year)
    rows = match(policies, firms, year).filter(pl.col("eligible") & (pl.col("clause") == programme.clause))
    return firms.join(rows.select("uscc").unique(), on="uscc").select(pl.col("enterprise_id").cast(pl.Int64))


@transaction.atomic
def vouchers_issue(programme: VoucherProgramme, *, year: int, on: datetime.date) -> int:
    """One voucher to every eligible firm that has none from the programme yet; how many issued."""
    have = set(programme.vouchers.values_list("firm_id", flat=True))
    new = [i for i in eligible_firms(programme, year)["enterprise_id"].to_list() if i not in have]
    face = min(programme.face_value, programme.cap_per_firm)
    expires = on + datetime.timedelta(days=programme.valid_days)
    made = Voucher.objects.bulk_create([
        Voucher(programme=programme, firm_id=firm, number=f"Q{programme.pk:03d}-{firm:07d}",
                face_value=face, issued=on, expires=expires) for firm in new])
    audit_record(action=AuditEvent.Action.CREATE, object_type="policies.Voucher",
                 object_repr=f"{programme.name}发券", changes={"issued": len(made), "year": year})
    return len(made)


@transaction.atomic
def vouchers_expire(on: datetime.date) -> int:
    """Mark the unspent vouchers past their date expired; how many."""
    stale = Voucher.objects.filter(status=Voucher.Status.ISSUED, expires__lt=on)
    count = stale.update(status=Voucher.Status.EXPIRED)
    if count:
        audit_record(action=AuditEvent.Action.UPDATE, object_type="policies.Voucher",
                     object_repr="服务券到期", changes={"expired": count, "on": on.isoformat()})
    return count


def _spent(voucher: Voucher) -> Decimal:
    return sum(Redemption.objects.filter(voucher__programme=voucher.programme_id,
                                         voucher__firm=voucher.firm_id).values_list("amount", flat=True),
               Decimal(0))


@transaction.atomic
def redemption_add(voucher: Voucher, *, provider: ServiceProvider, contract_no: str, amount: Decimal,
                   payment_proof: str, on: datetime.date) -> Redemption:
    voucher = Voucher.objects.select_for_update().select_related("programme").get(pk=voucher.pk)
    if voucher.status != Voucher.Status.ISSUED:
        raise VoucherRefused(f"服务券{voucher.number}{voucher.get_status_display()}，不能兑付")
    if not voucher.issued <= on <= voucher.expires:
        raise VoucherRefused(f"兑付日期不在服务券有效期内（{voucher.issued}至{voucher.expires}）")
    if not provider.registered:
        raise VoucherRefused(f"服务商“{provider.name}”未入库，不能兑付")
    if amount <= 0:
        raise VoucherRefused("兑付金额应大于0")
    if amount > voucher.face_value:
        raise VoucherRefused(f"兑付金额{amount}万元超过面值{voucher.face_value}万元")
    if _spent(voucher) + amount > voucher.programme.cap_per_firm:
        raise VoucherRefused(f"超过每家企业兑付上限{voucher.programme.cap_per_firm}万元")
    if not contract_no.strip() or not payment_proof.strip():
        raise VoucherRefused("应填写合同编号和付款凭证")
    redemption = Redemption.objects.create(voucher=voucher, provider=provider, contract_no=contract_no,
                                           amount=amount, payment_proof=payment_proof, on=on)
    voucher.status = Voucher.Status.REDEEMED
    voucher.save(update_fields=["status"])
    return redemption


@transaction.atomic
def voucher_reimburse(voucher: Voucher) -> Voucher:
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.status != Voucher.Status.REDEEMED:
        raise VoucherRefused(f"服务券{voucher.number}{voucher.get_status_display()}，只有已兑付的券可以拨付")
    voucher.status = Voucher.Status.REIMBURSED
    voucher.save(update_fields=["status"])
    return voucher


def suspicious(redemptions) -> dict[int, list[str]]:
    """Redemption id → why it is worth a second look: the same provider and firm again and again,
    or an amount at the firm's cap."""
    rows = list(redemptions.values_list("pk", "provider_id", "voucher__firm_id", "amount",
                                        "voucher__programme__cap_per_firm"))
    table = pl.DataFrame(rows, orient="row", schema={
        "pk": pl.Int64, "provider": pl.Int64, "firm": pl.Int64, "amount": pl.Float64, "cap": pl.Float64})
    flagged = table.with_columns(
        (pl.len().over("provider", "firm") >= REPEAT_PAIRS).alias("repeat"),
        (pl.col("amount") >= pl.col("cap") * float(AT_CAP_SHARE)).alias("at_cap"),
    ).filter(pl.col("repeat") | pl.col("at_cap"))
    return {row["pk"]: [why for flag, why in ((row["repeat"], "同一服务商与同一企业多次兑付"),
                                              (row["at_cap"], "兑付金额达到或接近上限")) if flag]
            for row in flagged.iter_rows(named=True)}
