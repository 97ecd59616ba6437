"""亩产效益 evaluation: method versions, runs that are never overwritten, each firm's result,
veto/exemption lists, and appeals (异议) decided with a new run."""

from django.conf import settings
from django.db import models

from qiangshi.accounts.models import Region
from qiangshi.dataio.version_model import DocumentVersion


class MethodVersion(DocumentVersion):
    """One version of an evaluation method (亩均评价方法)."""

    year = models.PositiveSmallIntegerField("适用年度")

    class Meta(DocumentVersion.Meta):
        verbose_name = verbose_name_plural = "评价方法版本"
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="method_version")]


class Override(models.Model):
    """A veto (安全、环保违法 → D), an exemption (→ T) or a forced class for one firm and year."""

    class Kind(models.TextChoices):
        VETO_D = "veto_d", "否决（定为D类）"
        EXEMPT_T = "exempt_t", "豁免（暂不评价）"
        FORCE_CLASS = "force_class", "指定类别"

    year = models.PositiveSmallIntegerField("年度")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="+")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    klass = models.CharField("类别", max_length=1, blank=True)
    reason_code = models.CharField("原因代码", max_length=32)
    reason = models.CharField("原因", max_length=300)

    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "评价否决与豁免"
        constraints = [models.UniqueConstraint(fields=["year", "enterprise", "kind"],
                                               name="override_key")]

    def __str__(self):
        return f"{self.enterprise} {self.year} {self.get_kind_display()}"


class Run(models.Model):
    method = models.ForeignKey(MethodVersion, verbose_name="方法", on_delete=models.PROTECT,
                               related_name="runs")
    year = models.PositiveSmallIntegerField("评价年度")
    input_hash = models.CharField("输入哈希", max_length=64)
    engine_version = models.CharField("引擎版本", max_length=32)
    firm_count = models.PositiveIntegerField("企业数")
    note = models.CharField("说明", max_length=300, blank=True)
    computed_by = models.CharField("计算人", max_length=150)
    computed_at = models.DateTimeField("计算时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价批次"
        ordering = ["-computed_at", "-pk"]

    def __str__(self):
        return f"{self.year}年度 {self.method.title} #{self.pk}"


class Result(models.Model):
    """One firm's grade in one run, with everything needed to explain it."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, on_delete=models.SET_NULL,
                                   related_name="evaluations")
    uscc = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    name = models.CharField("企业名称", max_length=200)
    region = models.ForeignKey(Region, verbose_name="地区", null=True, on_delete=models.PROTECT,
                               related_name="+")
    group = models.CharField("评价组", max_length=8, blank=True)
    evaluated = models.BooleanField("参评")
    total = models.FloatField("综合得分", null=True)
    rank = models.PositiveIntegerField("排名", null=True)
    rank_of = models.PositiveIntegerField("排名总数", null=True)
    klass = models.CharField("类别", max_length=1, db_index=True)
    surcharge_kwh = models.FloatField("电价加价（元/千瓦时）", null=True)
    d_years = models.PositiveSmallIntegerField("连续D类年数", null=True)
    rules = models.JSONField("适用规则", default=list)
    detail = models.JSONField("指标值、得分与基准", default=dict)
    lift = models.TextField("提升建议", blank=True)

    audit_exempt = True  # derived from audited inputs; the run records method and input hash
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = verbose_name_plural = "评价结果"
        ordering = ["rank", "uscc"]
        indexes = [models.Index(fields=["run", "klass"])]

    def __str__(self):
        return f"{self.name} {self.klass}"


class Appeal(models.Model):
    """A firm contests its grade, giving the figures it says are right; an upheld appeal corrects
    them (FactRevisions whose source names the appeal), may force a class with a reason code,
    and is recorded with the new run that reflects it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        UPHELD = "upheld", "异议成立"
        REJECTED = "rejected", "异议不成立"

    result = models.ForeignKey(Result, verbose_name="被异议的结果", on_delete=models.PROTECT,
                               related_name="appeals")
    reason = models.TextField("异议理由")
    evidence = models.TextField("证据说明", blank=True)
    requested_class = models.CharField("请求类别", max_length=1, blank=True)
    corrections = models.JSONField("更正数据", default=dict, blank=True,
                                   help_text="年度数据项 → 企业给出的更正值")
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    decision = models.TextField("处理意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    forced_class = models.CharField("指定类别", max_length=1, blank=True)
    forced_reason_code = models.CharField("指定类别原因代码", max_length=32, blank=True)
    new_run = models.ForeignKey(Run, verbose_name="重算批次", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    scope_paths = {"region": "result__region"}

    class Meta:
        verbose_name = verbose_name_plural = "评价异议"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.result.name} 异议（{self.get_status_display()}）"
