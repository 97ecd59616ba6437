"""The demo policies for `qiangshi demo load`: the packaged policies stored and published, a
数字化转型诊断券 programme with its registered providers, vouchers issued to the firms its clause
makes eligible, a few redeemed (one at the cap, which the suspicious list shows), and the
跟踪问效 of the programme's policy in the year before the latest."""

import datetime
from decimal import Decimal

from qiangshi.enterprises.selectors import fact_year_latest
from qiangshi.policies.effect_panel import effect_store
from qiangshi.policies.models import Redemption, ServiceProvider, Voucher, VoucherProgramme
from qiangshi.policies.services import policies_in_force
from qiangshi.policies.vouchers import redemption_add, voucher_reimburse, vouchers_issue

PROVIDERS = (
    ("济南云智数字科技有限公司", "91370100MA3DEMO01X", "数字化转型诊断、工业互联网平台部署",
     "工业互联网平台解决方案服务商"),
    ("山东智造咨询服务有限公司", "91370100MA3DEMO02X", "智能制造诊断、精益生产咨询",
     "省级智能制造系统解决方案供应商"),
    ("泉城工业软件有限公司", "91370100MA3DEMO03X", "MES、ERP 上云实施", "软件企业认定"),
)
REDEEMED = (Decimal("3.2"), Decimal("4.5"), Decimal("5"))  # the last is at the cap


def demo_load(stdout, **_):
    policies = {p.code: p for p in policies_in_force()}
    latest = fact_year_latest()
    if latest is None:
        return
    name = f"{latest}年数字化转型诊断券（演示）"
    programme, _ = VoucherProgramme.objects.get_or_create(name=name, defaults={
        "kind": VoucherProgramme.Kind.DIAGNOSIS, "face_value": Decimal(5), "cap_per_firm": Decimal(5),
        "valid_days": 365, "policy": "jizhengfa-2019-1", "clause": "revenue-first-crossing"})
    providers = [ServiceProvider.objects.get_or_create(
        uscc=uscc, defaults={"name": name, "services": services, "qualification": qualification})[0]
        for name, uscc, services, qualification in PROVIDERS]
    issued_on = datetime.date(latest + 1, 3, 1)
    issued = vouchers_issue(programme, year=latest, on=issued_on)
    # Loaded twice, the demo redeems nothing more.
    redeemed = Redemption.objects.filter(voucher__programme=programme).exists()
    vouchers = [] if redeemed else programme.vouchers.filter(status=Voucher.Status.ISSUED)[:len(REDEEMED)]
    for n, (voucher, amount) in enumerate(zip(vouchers, REDEEMED, strict=False)):
        redemption_add(voucher, provider=providers[n % len(providers)],
                       contract_no=f"ZDQ-{latest + 1}-{n + 1:03d}", amount=amount,
                       payment_proof=f"银行转账回单（演示）第{n + 1}号",
                       on=issued_on + datetime.timedelta(days=30 * (n + 1)))
        if n == 0:
            voucher_reimburse(voucher)
    effect_store(policies[programme.policy], latest - 1)
    stdout.write(f"演示服务券：{programme.name}，发放 {issued} 张，兑付 {len(vouchers)} 张。")
