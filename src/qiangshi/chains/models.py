"""Industrial chains under 链长制: each chain's map as a versioned document (4个1, targets,
segments → nodes), runs of the chain method (engine.chains) never overwritten, the task
force's decisions on firms, and the 链主 list."""

from django.db import models

from qiangshi.accounts.scoping import ALL
from qiangshi.dataio.version_model import DocumentVersion

FIRM_REGION = ("enterprise__region", "enterprise__zone")


class ChainVersion(DocumentVersion):
    """One version of one chain's document; `name` is the chain's code (the code users'
    产业链范围 and projects name), `title` its Chinese name."""

    class Level(models.TextChoices):
        SIGNATURE = "标志性", "标志性产业链"
        KEY = "重点", "重点产业链"

    level = models.CharField("层级", max_length=8, choices=Level.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)

    scope_paths = {"chain": "name", "region": ALL, "unit": ALL}

    class Meta(DocumentVersion.Meta):
        verbose_name = verbose_name_plural = "产业链图谱版本"
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="chain_version")]


class Benchmark(models.Model):
    """The benchmark of location quotients: the province's or the nation's share of revenue by
    industry, with where it comes from. The newest one loaded is used; with none, no LQ."""

    name = models.CharField("名称", max_length=200)
    source = models.CharField("来源", max_length=300)
    year = models.PositiveSmallIntegerField("年度")
    shares = models.JSONField("各行业占比")  # [{"industry_code": "3841", "share": 0.012}, …]
    loaded_by = models.CharField("载入人", max_length=150)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)

    scope_paths = {"chain": ALL, "region": ALL, "unit": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "区位熵基准"
        ordering = ["-loaded_at", "-pk"]

    def __str__(self):
        return f"{self.name}（{self.year}年，{self.source}）"


class Run(models.Model):
    """One run of the chain method over every chain's newest map for one year's facts."""

    year = models.PositiveSmallIntegerField("数据年度")
    input_hash = models.CharField("输入哈希", max_length=64)
    method_version = models.CharField("方法版本", max_length=32)
    versions = models.JSONField("图谱版本", default=dict)  # chain code → ChainVersion pk
    benchmark = models.ForeignKey(Benchmark, verbose_name="区位熵基准", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    chain_count = models.PositiveIntegerField("产业链数")
    firm_count = models.PositiveIntegerField("挂接企业数")
    computed_by = models.CharField("计算人", max_length=150)
    computed_at = models.DateTimeField("计算时间", auto_now_add=True)
    job = models.ForeignKey("jobs.Job", verbose_name="任务", null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")

    audit_exempt = True  # derived from audited inputs; reproducible from method version + inputs
    scope_paths = {"chain": ALL, "region": ALL, "unit": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "产业链测算批次"
        ordering = ["-computed_at", "-pk"]

    def __str__(self):
        return f"{self.year}年 产业链测算 #{self.pk}"


class ChainResult(models.Model):
    """A chain's totals in one run, each firm counted once."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="chains")
    chain = models.CharField("产业链", max_length=64)
    version = models.ForeignKey(ChainVersion, verbose_name="图谱版本", on_delete=models.PROTECT,
                                related_name="+")
    firms = models.PositiveIntegerField("企业数")
    above_scale_firms = models.PositiveIntegerField("规上企业数")
    revenue = models.FloatField("营业收入（万元）")
    growth = models.FloatField("营收增速（可比口径）", null=True)
    profit = models.FloatField("利润总额（万元）")
    tax = models.FloatField("实缴税金（万元）")
    rd = models.FloatField("研发费用（万元）")
    city_share = models.FloatField("占全市营收比重", null=True)

    audit_exempt = True
    scope_paths = {"chain": "chain", "region": ALL, "unit": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "产业链测算结果"
        ordering = ["version__position", "chain"]
        constraints = [models.UniqueConstraint(fields=["run", "chain"], name="chain_result_key")]

    def __str__(self):
        return f"{self.chain} #{self.run_id}"


class NodeResult(models.Model):
    """A node's figures, strength and, for a weak or missing node, its 补链 score and rank."""

    class Rating(models.TextChoices):
        STRONG = "strong", "强"
        PRESENT = "present", "有基础"
        WEAK = "weak", "薄弱"
        MISSING = "missing", "缺失"

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="nodes")
    chain = models.CharField("产业链", max_length=64)
    node = models.CharField("节点", max_length=120)
    segment = models.CharField("环节", max_length=8)
    position = models.PositiveSmallIntegerField("图谱中次序")
    codes = models.JSONField("行业代码", default=list)
    firms = models.PositiveIntegerField("企业数")
    above_scale_firms = models.PositiveIntegerField("规上企业数")
    revenue = models.FloatField("营业收入（万元）")
    growth = models.FloatField("营收增速（可比口径）", null=True)
    profit = models.FloatField("利润总额（万元）")
    tax = models.FloatField("实缴税金（万元）")
    rd = models.FloatField("研发费用（万元）")
    top_share = models.FloatField("最大企业营收占比", null=True)
    top_firm = models.ForeignKey("enterprises.Enterprise", verbose_name="最大企业", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    city_share = models.FloatField("占全市营收比重", null=True)
    lq = models.FloatField("区位熵", null=True)
    rating = models.CharField("强弱", max_length=8, choices=Rating.choices)
    dependent = models.BooleanField("链主依赖", default=False)
    reason = models.CharField("判定说明", max_length=500)
    density = models.FloatField("关联密度", null=True)
    score = models.FloatField("补链得分", null=True)
    target_rank = models.PositiveIntegerField("补链排序", null=True)
    target_reasons = models.CharField("补链理由", max_length=500, blank=True)

    audit_exempt = True
    scope_paths = {"chain": "chain", "region": ALL, "unit": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "产业链节点测算结果"
        ordering = ["chain", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "chain", "node"], name="node_result_key")]

    def __str__(self):
        return f"{self.chain}·{self.node}"


class Attachment(models.Model):
    """A firm on a node in the newest run; older runs keep their figures, not their firm lists
    (the lists are the inputs of the newest run, and the chain user's data scope)."""

    class Basis(models.TextChoices):
        CODE = "code", "行业代码"
        KEYWORD = "keyword", "关键词"
        MANUAL = "manual", "专班确认"

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="attachments")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE,
                                   related_name="chain_attachments")
    chain = models.CharField("产业链", max_length=64, db_index=True)
    node = models.CharField("节点", max_length=120)
    basis = models.CharField("挂接依据", max_length=8, choices=Basis.choices)
    reason = models.CharField("挂接说明", max_length=300)

    audit_exempt = True
    scope_paths = {"chain": "chain", "region": FIRM_REGION}

    class Meta:
        verbose_name = verbose_name_plural = "产业链挂接企业"
        ordering = ["chain", "node", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["run", "enterprise", "chain", "node"],
                                               name="attachment_key")]

    def __str__(self):
        return f"{self.enterprise} → {self.chain}·{self.node}"


class Decision(models.Model):
    """The chain task force's decision on a firm at a node; it beats the attachment rules."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", "确认挂接"
        REJECTED = "rejected", "否定挂接"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="+")
    chain = models.CharField("产业链", max_length=64)
    node = models.CharField("节点", max_length=120)
    decision = models.CharField("判定", max_length=12, choices=Kind.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    decided_by = models.CharField("判定人", max_length=150)
    decided_at = models.DateTimeField("判定时间", auto_now=True)

    scope_paths = {"chain": "chain"}

    class Meta:
        verbose_name = verbose_name_plural = "产业链挂接判定"
        ordering = ["chain", "node", "-decided_at"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "chain", "node"],
                                               name="decision_key")]

    def __str__(self):
        return f"{self.enterprise} {self.chain}·{self.node} {self.get_decision_display()}"


class Leader(models.Model):
    """链主企业: proposed by the rule over the newest run, confirmed or rejected by the task
    force (who, when), or added by hand."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "规则提名"
        CONFIRMED = "confirmed", "专班确认"
        REJECTED = "rejected", "专班否定"

    chain = models.CharField("产业链", max_length=64)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    rule = models.CharField("提名依据", max_length=300, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    decided_by = models.CharField("确认人", max_length=150, blank=True)
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    scope_paths = {"chain": "chain"}

    class Meta:
        verbose_name = verbose_name_plural = "链主企业"
        ordering = ["chain", "status", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["chain", "enterprise"], name="leader_key")]

    def __str__(self):
        return f"{self.chain} 链主 {self.enterprise}"


# The lists' and the monitoring's models live beside these; imported here so Django finds them.
from qiangshi.chains.models_lists import Carrier, TargetEvent, TargetFirm  # noqa: E402,F401
from qiangshi.chains.models_monitoring import ChainMonth, ChainTargetStatus, Monitoring  # noqa: E402,F401
