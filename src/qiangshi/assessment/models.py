"""区县/开发区 专项考核: scheme versions (考核办法 as data), runs never overwritten, each unit's
result and each item of it, as the engine (engine.assessment) computed them."""

from django.db import models

from qiangshi.accounts.models import Region
from qiangshi.dataio.version_model import DocumentVersion


class SchemeVersion(DocumentVersion):
    """One version of an assessment scheme (考核办法)."""

    document_number = models.CharField("文号", max_length=64, blank=True)
    illustrative = models.BooleanField("示意办法（非公布权重）", default=False)

    class Meta(DocumentVersion.Meta):
        verbose_name = verbose_name_plural = "考核办法版本"
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="scheme_version")]


class Run(models.Model):
    """One assessment of a scheme version for a period: 1–month of a year (12: the year)."""

    class PeriodType(models.TextChoices):
        MONTHLY = "monthly", "月度"
        QUARTERLY = "quarterly", "季度"
        YEARLY = "yearly", "年度"

    scheme = models.ForeignKey(SchemeVersion, verbose_name="考核办法", on_delete=models.PROTECT,
                               related_name="runs")
    year = models.PositiveSmallIntegerField("考核年度")
    month = models.PositiveSmallIntegerField("截至月")
    period_type = models.CharField("考核周期", max_length=16, choices=PeriodType.choices)
    as_of = models.DateField("数据截至日")
    input_hash = models.CharField("输入哈希", max_length=64)
    method_version = models.CharField("方法版本", max_length=32)
    unit_count = models.PositiveIntegerField("考核单位数")
    computed_by = models.CharField("计算人", max_length=150)
    computed_at = models.DateTimeField("计算时间", auto_now_add=True)
    job = models.ForeignKey("jobs.Job", verbose_name="任务", null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")

    audit_exempt = True  # derived from audited inputs; reproducible from method version + inputs

    class Meta:
        verbose_name = verbose_name_plural = "考核批次"
        ordering = ["-year", "-month", "-computed_at", "-pk"]
        indexes = [models.Index(fields=["scheme", "year", "month", "input_hash"])]

    def __str__(self):
        return f"{self.period_label} {self.scheme.title} #{self.pk}"

    @property
    def period_label(self) -> str:
        if self.month == 12 and self.period_type == self.PeriodType.YEARLY:
            return f"{self.year}年度"
        return f"{self.year}年1-{self.month}月" if self.month > 1 else f"{self.year}年1月"


class UnitResult(models.Model):
    """One unit's score and place in one run, with its rank interval and mark."""

    class Mark(models.TextChoices):
        BLUE = "blue", "蓝牌"
        YELLOW = "yellow", "黄牌"
        RED = "red", "红牌"

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="units")
    region = models.ForeignKey(Region, verbose_name="考核单位", on_delete=models.PROTECT,
                               related_name="+")
    band = models.CharField("档", max_length=32, blank=True)
    status = models.CharField("状态", max_length=16)
    coverage = models.FloatField("数据覆盖率", null=True)
    covered = models.BooleanField("数据覆盖达标", default=True)
    composite = models.FloatField("综合得分", null=True)
    bonus = models.FloatField("加分", null=True)
    deduction = models.FloatField("减分", null=True)
    score = models.FloatField("总分", null=True)
    rank = models.PositiveIntegerField("位次", null=True)
    rank_low = models.PositiveIntegerField("位次区间（高）", null=True)
    rank_high = models.PositiveIntegerField("位次区间（低）", null=True)
    previous_rank = models.PositiveIntegerField("上期位次", null=True)
    change = models.IntegerField("位次变化", null=True)
    mark = models.CharField("红黄蓝牌", max_length=8, choices=Mark.choices, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)

    audit_exempt = True
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = verbose_name_plural = "考核结果"
        ordering = ["band", "rank", "region__sort_order"]
        constraints = [models.UniqueConstraint(fields=["run", "region"], name="unit_result_key")]

    def __str__(self):
        return f"{self.region} 第{self.rank}位"


class ItemResult(models.Model):
    """One indicator of one unit's result: its value, score, weight and contribution, and the
    value that would lift the unit a place (null when none can)."""

    unit = models.ForeignKey(UnitResult, on_delete=models.CASCADE, related_name="items")
    indicator = models.CharField("指标代码", max_length=64)
    name = models.CharField("指标名称", max_length=200)
    group = models.CharField("一级指标", max_length=64, blank=True)
    kind = models.CharField("类别", max_length=16)
    method = models.CharField("计分方法", max_length=16)
    measure_unit = models.CharField("计量单位", max_length=16, blank=True)
    value = models.FloatField("指标值", null=True)
    imputed = models.BooleanField("插补", default=False)
    score = models.FloatField("得分", null=True)
    weight = models.FloatField("权重", null=True)
    contribution = models.FloatField("贡献", null=True)
    move_up = models.FloatField("升一位所需值", null=True)
    move_up_reachable = models.BooleanField("升一位可达", default=False)

    audit_exempt = True
    scope_paths = {"region": "unit__region"}

    class Meta:
        verbose_name = verbose_name_plural = "考核指标得分"
        ordering = ["unit", "pk"]

    def __str__(self):
        return f"{self.unit.region} {self.name}"
