"""企业培育 (plan tasks 11–13). The 倍增计划 pool: firms chosen each year by the city and the
districts, their base-year figures snapshot at intake, and the support measures given to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from qiangshi.accounts.models import Region, Unit

MONEY = {"max_digits": 16, "decimal_places": 2}


class PoolMember(models.Model):
    """A firm in the doubling pool at one level. Its base figures are a snapshot: later fact
    corrections do not move the line the firm is measured against."""

    class Level(models.TextChoices):
        CITY = "city", "市级"
        DISTRICT = "district", "区县级"

    class Willingness(models.TextChoices):  # the codes of engine.doubling.WILLINGNESS_VALUES
        STRONG = "strong", "强"
        NORMAL = "normal", "一般"
        WEAK = "weak", "弱"

    class Status(models.TextChoices):
        IN_POOL = "in_pool", "在库"
        DOUBLED = "doubled", "已倍增"
        EXITED = "exited", "退出"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="pool_memberships")
    level = models.CharField("入库层级", max_length=16, choices=Level.choices)
    region = models.ForeignKey(Region, verbose_name="遴选地区", on_delete=models.PROTECT,
                               related_name="+", help_text="区县级为遴选的区县，市级为全市")
    intake_year = models.PositiveSmallIntegerField("入库年度")
    base_year = models.PositiveSmallIntegerField("基期年份")
    base_revenue = models.DecimalField("基期营业收入（万元）", **MONEY)
    base_profit = models.DecimalField("基期利润总额（万元）", null=True, blank=True, **MONEY)
    willingness = models.CharField("倍增意愿", max_length=16, choices=Willingness.choices)
    selection_score = models.FloatField("遴选得分", null=True, blank=True)
    score_weights = models.JSONField("评分权重", default=dict, blank=True)
    score_method_version = models.CharField("评分方法版本", max_length=32, blank=True)
    score_input_hash = models.CharField("评分输入哈希", max_length=64, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.IN_POOL)
    exit_note = models.CharField("退出说明", max_length=300, blank=True)
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="遴选人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    selected_at = models.DateTimeField("入库时间", auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    # The selecting region, and the firm's own district and zone: a district sees the city-level
    # members among its firms as well as those it chose.
    scope_paths = {"region": ("region", "enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "倍增培育库企业"
        ordering = ["-intake_year", "level", "region__sort_order", "enterprise__name"]
        permissions = [("select_city_level", "遴选市级倍增培育库企业")]
        constraints = [models.UniqueConstraint(fields=["enterprise", "level"],
                                               name="pool_member_level")]

    def __str__(self):
        return f"{self.enterprise}（{self.get_level_display()}{self.intake_year}年入库）"


class SupportMeasure(models.Model):
    class Kind(models.TextChoices):
        FUNDING = "funding", "资金"
        LAND = "land", "用地"
        FINANCING = "financing", "融资"
        TALENT = "talent", "人才"
        TECHNOLOGY = "technology", "技术"
        MARKET = "market", "市场"
        APPROVAL = "approval", "审批"
        OTHER = "other", "其他"

    member = models.ForeignKey(PoolMember, verbose_name="培育库企业", on_delete=models.CASCADE,
                               related_name="measures")
    on = models.DateField("日期")
    kind = models.CharField("扶持类型", max_length=16, choices=Kind.choices)
    text = models.TextField("扶持内容")
    unit = models.ForeignKey(Unit, verbose_name="责任单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("金额（万元）", null=True, blank=True, **MONEY)
    recorded_by = models.CharField("记录人", max_length=150)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    scope_paths = {"region": ("member__region", "member__enterprise__region",
                              "member__enterprise__zone"),
                   "unit": "unit"}

    class Meta:
        verbose_name = verbose_name_plural = "扶持措施"
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.member.enterprise} {self.get_kind_display()} {self.on}"


class TierRun(models.Model):
    """One assessment of every firm against the tier rules in force on `as_of`. The rule
    versions and the input hash make it reproducible; identical inputs reuse the run."""

    as_of = models.DateField("评估日期")
    method_version = models.CharField("方法与规则版本", max_length=500)
    input_hash = models.CharField("输入哈希", max_length=64)
    firm_count = models.PositiveIntegerField("企业数")
    note = models.CharField("说明", max_length=200, blank=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评估人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    computed_by_name = models.CharField("评估人名称", max_length=150)
    computed_at = models.DateTimeField("评估时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "梯队评估"
        ordering = ["-computed_at", "-pk"]

    def __str__(self):
        return f"梯队评估 #{self.pk}（{self.as_of}）"


class TierResult(models.Model):
    """A firm against one tier in a run, as `engine.tiers.assess` returns it: the bit masks
    name the failed and missing conditions and the gap tests (worded on display)."""

    run = models.ForeignKey(TierRun, on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="+")
    tier = models.CharField("梯队", max_length=32)
    version = models.CharField("规则版本", max_length=32)
    held = models.BooleanField("已认定")
    eligible = models.BooleanField("符合条件", null=True)
    score = models.FloatField("已知得分", null=True)
    score_max = models.FloatField("最高可能得分", null=True)
    score_passed = models.BooleanField("评分条件", null=True)
    failed_bits = models.BigIntegerField("未满足条件")
    missing_bits = models.BigIntegerField("缺少数据")
    gap_bits = models.BigIntegerField("差距项")
    distance = models.FloatField("最大相对差距", null=True)
    near = models.BooleanField("临界")

    # Results are written in bulk with their run, which is audited; not one entry per row.
    audit_exempt = True
    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "梯队评估结果"
        indexes = [models.Index(fields=["run", "tier"])]

    def __str__(self):
        return f"{self.enterprise_id} {self.tier}"


class TierRuleVersion(models.Model):
    """A tier rule saved by an analyst (e.g. a ⚠ item corrected against the official text, or
    a new year's notice). It sits beside the packaged rules; on an assessment date the version
    in force with the latest start wins, a saved one over a packaged one starting the same day."""

    tier = models.CharField("梯队", max_length=32)
    version = models.CharField("版本", max_length=32)
    document = models.JSONField("规则内容")
    note = models.CharField("修改说明", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField("修改人名称", max_length=150)
    created_at = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "梯队规则版本"
        ordering = ["tier", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["tier", "version"], name="tier_rule_version")]

    def __str__(self):
        return f"{self.tier} {self.version}"


class TierItemEntry(models.Model):
    """Points an analyst gives a firm for a tier's score item the platform cannot compute or
    lacks the figure for (主导产品领域, 质量管理, 山东特色化, 本省排名, 高企 expert items …),
    with who, when and the evidence, holding from `valid_from` (by default the day it is
    entered) until `valid_until` if it stops. An entry is never changed: an assessment at a
    date uses, per firm, tier and item, the entry valid that day with the latest
    `valid_from` (the latest entered among equals), so a later entry takes the place of an
    earlier one from its own date on, an older assessment re-run is not changed by it, and
    the earlier entries stay as history."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="+")
    tier = models.CharField("梯队", max_length=32)
    item = models.CharField("评分项", max_length=32)
    points = models.FloatField("得分")
    evidence = models.TextField("依据")
    evidence_ref = models.CharField("证明材料", max_length=200, blank=True,
                                    help_text="证书编号、文件名或存档位置")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_by_name = models.CharField("录入人名称", max_length=150)
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)
    valid_from = models.DateField("起始日期", default=timezone.localdate)
    valid_until = models.DateField("截止日期", null=True, blank=True,
                                   help_text="得分不再成立的最后一天（证书到期等）；空为长期有效")

    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "梯队评分项人工录入"
        ordering = ["-entered_at", "-pk"]
        indexes = [models.Index(fields=["enterprise", "tier", "item"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(valid_until__isnull=True)
            | models.Q(valid_until__gte=models.F("valid_from")),
            name="tier_entry_valid_span")]

    def __str__(self):
        return f"{self.enterprise_id} {self.tier} {self.item} {self.points}"
