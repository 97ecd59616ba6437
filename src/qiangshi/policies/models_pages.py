"""Stored matching runs (every firm against the policies in force for one year, eligible and
near misses with their explanation) and dry runs of one version; pages only read these."""

from django.db import models

from qiangshi.accounts.scoping import ALL


class MatchRun(models.Model):
    """One matching of the policies in force over the registry's firms for one year."""

    year = models.PositiveSmallIntegerField("数据年度")
    input_hash = models.CharField("输入哈希", max_length=64)
    method_version = models.CharField("方法版本", max_length=32)
    versions = models.JSONField("政策版本", default=dict)  # policy code → version number
    eligible_count = models.PositiveIntegerField("符合条款数", default=0)
    computed_by = models.CharField("计算人", max_length=150)
    computed_at = models.DateTimeField("计算时间", auto_now_add=True)
    job = models.ForeignKey("jobs.Job", verbose_name="任务", null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")

    audit_exempt = True  # derived from audited inputs; reproducible from method version + inputs
    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "政策匹配批次"
        ordering = ["-computed_at", "-pk"]

    def __str__(self):
        return f"{self.year}年 政策匹配 #{self.pk}"


class MatchResult(models.Model):
    """One firm × clause kept by the matching: eligible, or refused, or one condition short."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="+")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    policy = models.CharField("政策", max_length=64)
    clause = models.CharField("条款", max_length=64)
    eligible = models.BooleanField("符合")
    amount = models.FloatField("金额（万元）", default=0)
    schedule = models.JSONField("拨付安排", default=list)
    unmet = models.JSONField("未满足条件", default=list)
    near_miss = models.BooleanField("差一项条件")
    gap = models.CharField("差距", max_length=200, blank=True)
    trace = models.TextField("依据")

    audit_exempt = True
    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "政策匹配结果"
        ordering = ["policy", "clause", "-amount", "uscc"]
        indexes = [models.Index(fields=["run", "policy", "eligible"], name="match_result_policy"),
                   models.Index(fields=["run", "enterprise"], name="match_result_firm")]

    def __str__(self):
        return f"{self.uscc} {self.clause}"


class DryRun(models.Model):
    """What one version (published or not) would grant: totals by 区县, 产业链 and 合计."""

    version = models.ForeignKey("policies.PolicyVersion", verbose_name="政策版本",
                                on_delete=models.CASCADE, related_name="dryruns")
    year = models.PositiveSmallIntegerField("数据年度")
    budget = models.FloatField("预算（万元）", null=True, blank=True)
    totals = models.JSONField("测算结果", default=list)  # rows of engine.policies.dryrun
    computed_by = models.CharField("计算人", max_length=150)
    computed_at = models.DateTimeField("计算时间", auto_now_add=True)
    job = models.ForeignKey("jobs.Job", verbose_name="任务", null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")

    audit_exempt = True
    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "政策试算"
        ordering = ["-computed_at", "-pk"]

    def __str__(self):
        return f"{self.version} 试算 #{self.pk}"
