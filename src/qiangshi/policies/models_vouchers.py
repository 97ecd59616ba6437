"""Service vouchers (服务券, issue 17 §4): a programme issues vouchers to the firms one policy
clause makes eligible; a firm spends its voucher with a registered provider, and the city
reimburses the provider. Every redemption is kept with its contract and proof of payment."""

from django.db import models

from qiangshi.accounts.scoping import ALL


class VoucherProgramme(models.Model):
    class Kind(models.TextChoices):
        UPGRADE = "upgrade", "技改服务券"
        CLOUD = "cloud", "云服务券"
        DIAGNOSIS = "diagnosis", "数字化转型诊断券"

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("券种", max_length=12, choices=Kind.choices)
    face_value = models.DecimalField("面值（万元）", max_digits=10, decimal_places=2)
    cap_per_firm = models.DecimalField("每家企业兑付上限（万元）", max_digits=10, decimal_places=2)
    valid_days = models.PositiveIntegerField("有效期（天）", default=365)
    policy = models.CharField("依据政策", max_length=64)
    clause = models.CharField("依据条款", max_length=64, help_text="企业符合该条款即获发券")

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "服务券项目"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServiceProvider(models.Model):
    name = models.CharField("服务商名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    services = models.CharField("服务内容", max_length=300)
    qualification = models.CharField("资质", max_length=300, blank=True)
    registered = models.BooleanField("已入库", default=True)

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "服务商"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Voucher(models.Model):
    # Only forward: issued → redeemed → reimbursed, or issued → expired.
    class Status(models.TextChoices):
        ISSUED = "issued", "已发放"
        REDEEMED = "redeemed", "已兑付"
        REIMBURSED = "reimbursed", "已拨付"
        EXPIRED = "expired", "已过期"

    programme = models.ForeignKey(VoucherProgramme, verbose_name="服务券项目", on_delete=models.PROTECT,
                                  related_name="vouchers")
    firm = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                             related_name="+")
    number = models.CharField("券号", max_length=32, unique=True)
    face_value = models.DecimalField("面值（万元）", max_digits=10, decimal_places=2)
    issued = models.DateField("发放日期")
    expires = models.DateField("到期日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.ISSUED)

    scope_paths = {"region": ("firm__region", "firm__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "服务券"
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "firm"], name="voucher_per_firm")]

    def __str__(self):
        return self.number


class Redemption(models.Model):
    voucher = models.OneToOneField(Voucher, verbose_name="服务券", on_delete=models.PROTECT,
                                   related_name="redemption")
    provider = models.ForeignKey(ServiceProvider, verbose_name="服务商", on_delete=models.PROTECT,
                                 related_name="redemptions")
    contract_no = models.CharField("合同编号", max_length=64)
    amount = models.DecimalField("兑付金额（万元）", max_digits=10, decimal_places=2)
    payment_proof = models.CharField("付款凭证", max_length=300)
    on = models.DateField("兑付日期")

    scope_paths = {"region": ("voucher__firm__region", "voucher__firm__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "服务券兑付"
        ordering = ["-on", "pk"]

    def __str__(self):
        return f"{self.voucher} {self.provider}"


class EffectResult(models.Model):
    """A stored 跟踪问效 of one policy and year (engine.policies.effect), computed by a job; the
    page reads the newest one."""

    policy = models.CharField("政策", max_length=64)
    year = models.PositiveSmallIntegerField("支持年度")
    content = models.JSONField("评估结果")
    computed_at = models.DateTimeField("计算时间", auto_now_add=True)

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "跟踪问效结果"
        ordering = ["-computed_at", "-pk"]

    def __str__(self):
        return f"{self.policy} {self.year}"
