"""From match to money (兑现, issue 17 §3): the special fund's budget lines, 免申即享 batches
(reviewed by the responsible department, publicised, then paid), 依申请 applications, and the
ledger whose constraint makes a clause's award for a firm and period payable only once."""

from django.db import models
from django.utils import timezone

from qiangshi.accounts.scoping import ALL

FIRM_SCOPE = ("enterprise__region", "enterprise__zone")


class Budget(models.Model):
    """One line of the special fund (专项资金) of a year and department, in 万元."""

    year = models.PositiveIntegerField("年度")
    department = models.ForeignKey("accounts.Unit", verbose_name="主管部门", on_delete=models.PROTECT,
                                   related_name="+")
    line = models.CharField("预算科目", max_length=120)
    amount = models.DecimalField("预算金额（万元）", max_digits=14, decimal_places=2)

    scope_paths = {"unit": "department", "region": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "专项资金预算"
        ordering = ["-year", "department__name", "line"]
        constraints = [models.UniqueConstraint(fields=["year", "department", "line"], name="budget_line")]

    def __str__(self):
        return f"{self.year}年 {self.line}"


class Batch(models.Model):
    """免申即享: the firms the engine found eligible for one clause in one year, reviewed,
    publicised and paid as one batch."""

    class Status(models.TextChoices):
        REVIEW = "review", "部门审核"
        PUBLICITY = "publicity", "公示"
        PAID = "paid", "已拨付"

    policy = models.CharField("政策", max_length=64)
    policy_title = models.CharField("政策名称", max_length=200)
    document_number = models.CharField("文号", max_length=64, blank=True)
    clause = models.CharField("条款", max_length=64)
    clause_title = models.CharField("条款名称", max_length=200)
    # The clauses of the same policy this one does not stack with, as the engine reads them.
    non_stacking = models.JSONField("不叠加条款", default=list)
    year = models.PositiveIntegerField("年度")
    budget = models.ForeignKey(Budget, verbose_name="预算科目", on_delete=models.PROTECT,
                               related_name="batches")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.REVIEW)
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示结束", null=True, blank=True)
    created_by = models.CharField("创建人", max_length=150)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_paths = {"unit": "budget__department", "region": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "兑现批次"
        ordering = ["-year", "clause"]
        constraints = [models.UniqueConstraint(fields=["clause", "year"], name="batch_clause_year")]

    def __str__(self):
        return f"{self.year}年 {self.clause_title}"

    def objections_open(self) -> bool:
        return Objection.objects.filter(item__batch=self, upheld__isnull=True).exists()


class BatchItem(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "待审核"
        CONFIRMED = "confirmed", "已确认"
        EXCLUDED = "excluded", "已剔除"

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="items")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="+")
    amount = models.DecimalField("金额（万元）", max_digits=12, decimal_places=2)
    schedule = models.JSONField("拨付安排", default=list)
    trace = models.TextField("测算依据")
    decision = models.CharField("审核结果", max_length=12, choices=Decision.choices, default=Decision.PENDING)
    reason = models.CharField("剔除理由", max_length=300, blank=True)
    decided_by = models.CharField("审核人", max_length=150, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    scope_paths = {"region": FIRM_SCOPE, "unit": "batch__budget__department"}

    class Meta:
        verbose_name = verbose_name_plural = "兑现企业"
        ordering = ["batch", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["batch", "enterprise"], name="batch_item_firm")]

    def __str__(self):
        return f"{self.batch} {self.enterprise}"


class Objection(models.Model):
    """An objection raised during the 公示 window, and the department's decision on it."""

    item = models.ForeignKey(BatchItem, on_delete=models.CASCADE, related_name="objections")
    text = models.CharField("异议内容", max_length=500)
    recorded_by = models.CharField("登记人", max_length=150)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    upheld = models.BooleanField("异议成立", null=True)
    decision = models.CharField("处理意见", max_length=500, blank=True)
    decided_by = models.CharField("处理人", max_length=150, blank=True)

    scope_paths = {"region": ("item__enterprise__region", "item__enterprise__zone"),
                   "unit": "item__batch__budget__department"}

    class Meta:
        verbose_name = verbose_name_plural = "公示异议"
        ordering = ["recorded_at"]

    def __str__(self):
        return self.text[:40]


class Application(models.Model):
    """快申快享/依申请: a firm's application for a clause, answered within 60 working days."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        REVIEWING = "reviewing", "审核中"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"
        PAID = "paid", "已拨付"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="+")
    policy = models.CharField("政策", max_length=64)
    clause = models.CharField("条款", max_length=64)
    clause_title = models.CharField("条款名称", max_length=200)
    non_stacking = models.JSONField("不叠加条款", default=list)
    year = models.PositiveIntegerField("年度")
    figures = models.JSONField("预填数据", default=dict)
    amount = models.DecimalField("申请金额（万元）", max_digits=12, decimal_places=2)
    budget = models.ForeignKey(Budget, verbose_name="预算科目", on_delete=models.PROTECT,
                               related_name="applications")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_on = models.DateField("提交日期")
    due_on = models.DateField("办结时限")
    reason = models.CharField("审核意见", max_length=300, blank=True)
    decided_by = models.CharField("审核人", max_length=150, blank=True)

    scope_paths = {"region": FIRM_SCOPE, "unit": "budget__department"}

    class Meta:
        verbose_name = verbose_name_plural = "政策申请"
        ordering = ["-submitted_on", "-pk"]

    def __str__(self):
        return f"{self.enterprise} {self.clause_title}"

    @property
    def overdue(self) -> bool:
        """Not answered within the time limit (60 working days from submission)."""
        open_ = self.status in (self.Status.SUBMITTED, self.Status.REVIEWING)
        return open_ and timezone.localdate() > self.due_on


class LedgerEntry(models.Model):
    """One payment of an award: paid (date and voucher) or scheduled for a later year."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="+")
    policy = models.CharField("政策", max_length=64)
    clause = models.CharField("条款", max_length=64)
    clause_title = models.CharField("条款名称", max_length=200)
    period = models.PositiveIntegerField("兑现年度")
    installment = models.PositiveSmallIntegerField("期次")
    due = models.CharField("拨付时间安排", max_length=64)
    amount = models.DecimalField("金额（万元）", max_digits=12, decimal_places=2)
    budget = models.ForeignKey(Budget, verbose_name="预算科目", on_delete=models.PROTECT,
                               related_name="entries")
    paid_on = models.DateField("拨付日期", null=True, blank=True)
    voucher = models.CharField("凭证号", max_length=64, blank=True)
    batch = models.ForeignKey(Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="entries")

    scope_paths = {"region": FIRM_SCOPE, "unit": "budget__department"}

    class Meta:
        verbose_name = verbose_name_plural = "拨付台账"
        ordering = ["-period", "enterprise__name", "clause", "installment"]
        constraints = [models.UniqueConstraint(fields=["clause", "enterprise", "period", "installment"],
                                               name="ledger_paid_once")]

    def __str__(self):
        return f"{self.enterprise} {self.clause_title} 第{self.installment}期"
