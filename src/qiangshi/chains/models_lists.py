"""Two of the three lists of 链长制: 目标企业 (external firms to attract, each on the node it
would fill, followed through dated events to a landed project) and 落地载体 (parks, zones,
standard factories and land with free capacity, and the chain nodes they suit)."""

from django.db import models

from qiangshi.accounts.scoping import ALL


class TargetFirm(models.Model):
    """An external firm the chain's task force means to attract; keyed by chain + name, or by
    chain + USCC where the USCC is known."""

    class Mode(models.TextChoices):
        BUILD = "build", "建链"
        FILL = "fill", "补链"
        STRENGTHEN = "strengthen", "强链"
        EXTEND = "extend", "延链"

    # In pipeline order: a stage only moves forward (see lists_services.STAGE_ORDER).
    class Stage(models.TextChoices):
        LEAD = "lead", "线索"
        CONTACT = "contact", "接触"
        NEGOTIATING = "negotiating", "洽谈"
        SIGNED = "signed", "签约"
        LANDED = "landed", "落地"

    chain = models.CharField("产业链", max_length=64, db_index=True)
    node = models.CharField("节点", max_length=120)
    name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    location = models.CharField("所在省市", max_length=100, blank=True)
    products = models.CharField("主要产品", max_length=300, blank=True)
    scale = models.CharField("规模与行业地位", max_length=300, blank=True)
    revenue = models.FloatField("营业收入（万元）", null=True, blank=True)
    mode = models.CharField("招引类型", max_length=12, choices=Mode.choices, default=Mode.FILL)
    stage = models.CharField("跟进阶段", max_length=12, choices=Stage.choices, default=Stage.LEAD)
    unit = models.ForeignKey("accounts.Unit", verbose_name="责任单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    contact = models.CharField("联系人", max_length=100, blank=True)
    project = models.ForeignKey("projects.Project", verbose_name="落地项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Every district reads the chains' target lists (they attract firms too); writing is the
    # chain's task force or the whole city (services.chain_in_scope).
    scope_paths = {"chain": "chain", "region": ALL, "unit": "unit"}

    class Meta:
        verbose_name = verbose_name_plural = "目标企业"
        ordering = ["chain", "node", "name"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="target_firm_key"),
            models.UniqueConstraint(fields=["chain", "uscc"], condition=~models.Q(uscc=""),
                                    name="target_firm_uscc"),
        ]

    def __str__(self):
        return self.name


class TargetEvent(models.Model):
    """A dated step with a target firm (首报首谈, 顶格推进 …)."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "接触"
        FIRST_TALK = "first_talk", "首报首谈"
        NEGOTIATION = "negotiation", "洽谈"
        TOP_PUSH = "top_push", "顶格推进"
        SIGNED = "signed", "签约"
        LANDED = "landed", "落地"
        OTHER = "other", "其他"

    target = models.ForeignKey(TargetFirm, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=12, choices=Kind.choices)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.CharField("记录人", max_length=150)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    scope_paths = {"chain": "target__chain", "region": ALL, "unit": "target__unit"}

    class Meta:
        verbose_name = verbose_name_plural = "目标企业跟进记录"
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.target} {self.get_kind_display()} {self.on}"


class Carrier(models.Model):
    """A place a landing firm can go, with its free capacity and the chain nodes it suits
    (`suits`: a list of {"chain": code, "node": name}; a node of "" suits the whole chain)."""

    class Kind(models.TextChoices):
        PARK = "park", "园区"
        ZONE = "zone", "开发区"
        FACTORY = "factory", "标准厂房"
        LAND = "land", "地块"

    name = models.CharField("载体名称", max_length=200, unique=True)
    region = models.ForeignKey("accounts.Region", verbose_name="所在区县或功能区",
                               on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("载体类型", max_length=12, choices=Kind.choices)
    total_area = models.FloatField("总面积（亩）", null=True, blank=True)
    free_area = models.FloatField("可用面积（亩）", null=True, blank=True)
    free_floor = models.FloatField("闲置标准厂房（㎡）", null=True, blank=True)
    suits = models.JSONField("适合的产业链节点", default=list, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # A chain's task force reads every carrier, and its pages list those suiting its chain;
    # a district reads and writes its own region's.
    scope_paths = {"region": "region", "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "落地载体"
        ordering = ["region__sort_order", "name"]

    def __str__(self):
        return self.name
