"""Stored chain monitoring (plan §20): each chain's monthly figures and its targets' statuses
for the newest chain run, with the method version and the input hash they came from."""

from django.db import models

from qiangshi.accounts.scoping import ALL
from qiangshi.engine.chains.monitoring import WAN_PER_YI


class Monitoring(models.Model):
    """What the monitoring rows of a run were computed from: the monthly figures change
    without a new chain run, so the rows are replaced when these inputs change."""

    run = models.OneToOneField("chains.Run", on_delete=models.CASCADE, related_name="monitoring")
    method_version = models.CharField("方法版本", max_length=64)
    input_hash = models.CharField("输入哈希", max_length=64)
    as_of_year = models.PositiveSmallIntegerField("截至年份", null=True)
    as_of_month = models.PositiveSmallIntegerField("截至月份", null=True)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    audit_exempt = True  # derived from audited inputs; reproducible from method version + inputs
    scope_paths = {"chain": ALL, "region": ALL, "unit": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "产业链运行监测批次"

    def __str__(self):
        return f"产业链运行监测 #{self.run_id}"


class ChainMonth(models.Model):
    """A chain's 1–N月 figures (万元): the firms of the run's chain, each once; the prior year's
    figures and growth only over the firms that reported both periods (like for like)."""

    run = models.ForeignKey("chains.Run", on_delete=models.CASCADE, related_name="months")
    chain = models.CharField("产业链", max_length=64)
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("截至月")
    revenue_ytd = models.FloatField("营业收入累计（万元）")
    output_ytd = models.FloatField("工业总产值累计（万元）")
    prior_revenue_ytd = models.FloatField("上年同期营业收入（可比口径）", null=True)
    prior_output_ytd = models.FloatField("上年同期工业总产值（可比口径）", null=True)
    growth = models.FloatField("营业收入同比增速", null=True)
    output_growth = models.FloatField("工业总产值同比增速", null=True)
    firms_reporting = models.PositiveIntegerField("报送企业数")
    firms_compared = models.PositiveIntegerField("可比企业数")

    audit_exempt = True
    scope_paths = {"chain": "chain", "region": ALL, "unit": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "产业链月度监测"
        ordering = ["chain", "year", "month"]
        constraints = [models.UniqueConstraint(fields=["run", "chain", "year", "month"],
                                               name="chain_month_key")]

    def __str__(self):
        return f"{self.chain} {self.year}年1-{self.month}月"

    @property
    def revenue_yi(self) -> float:
        """In 亿元, the unit chain targets are set in."""
        return self.revenue_ytd / WAN_PER_YI

    @property
    def output_yi(self) -> float:
        return self.output_ytd / WAN_PER_YI


class ChainTargetStatus(models.Model):
    """A chain target judged by the progress engine at the newest month (status, explanation
    and the numbers behind them, in the target's unit)."""

    run = models.ForeignKey("chains.Run", on_delete=models.CASCADE, related_name="target_statuses")
    chain = models.CharField("产业链", max_length=64)
    measure = models.CharField("指标", max_length=32)
    label = models.CharField("指标名称", max_length=32)
    unit = models.CharField("单位", max_length=16)
    target_value = models.FloatField("目标值")
    target_year = models.PositiveSmallIntegerField("目标年")
    source = models.CharField("目标来源", max_length=500, blank=True)
    status = models.CharField("状态", max_length=16)
    status_label = models.CharField("状态名称", max_length=16)
    method = models.CharField("判定规则", max_length=32)
    explanation = models.CharField("说明", max_length=1000)
    base_value = models.FloatField("基期值", null=True)
    base_year = models.PositiveSmallIntegerField("基期年", null=True)
    latest_value = models.FloatField("最新值", null=True)
    latest_year = models.PositiveSmallIntegerField("最新年份", null=True)
    latest_month = models.PositiveSmallIntegerField("最新月份", null=True)
    current_value = models.FloatField("全年预计", null=True)
    milestone_value = models.FloatField("年度节点目标", null=True)
    completion = models.FloatField("完成度", null=True)

    audit_exempt = True
    scope_paths = {"chain": "chain", "region": ALL, "unit": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "产业链目标进度"
        ordering = ["chain", "target_year", "measure"]
        constraints = [models.UniqueConstraint(fields=["run", "chain", "measure", "target_year"],
                                               name="chain_target_status_key")]

    def __str__(self):
        return f"{self.chain} {self.label} {self.status_label}"
