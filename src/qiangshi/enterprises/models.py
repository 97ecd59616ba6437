"""The enterprise registry and the yearly and monthly facts that the plan's figures are
computed from. Money is in 万元 (Decimal), as Chinese enterprise statistics report it."""

from django.conf import settings
from django.db import models

from qiangshi.accounts.models import Region
from qiangshi.enterprises.columns import FACT_FIELDS

MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}


class Enterprise(models.Model):
    class Size(models.TextChoices):
        LARGE = "large", "大型"
        MEDIUM = "medium", "中型"
        SMALL = "small", "小型"
        MICRO = "micro", "微型"

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("企业名称", max_length=200, db_index=True)
    former_names = models.JSONField("曾用名", default=list, blank=True)
    region = models.ForeignKey(Region, verbose_name="所在区县", on_delete=models.PROTECT,
                               related_name="+")
    zone = models.ForeignKey(Region, verbose_name="所在功能区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=300, blank=True)
    main_products = models.CharField("主营产品", max_length=300, blank=True,
                                     help_text="产业链按名称与主营产品中的关键词挂接企业")
    industry_code = models.CharField("行业代码（GB/T 4754-2017 小类）", max_length=4, db_index=True)
    founded = models.DateField("成立日期", null=True, blank=True)
    registered_capital = models.DecimalField("注册资本（万元）", **MONEY)
    land_area = models.DecimalField("用地面积（亩）", max_digits=12, decimal_places=2, null=True,
                                    blank=True)
    listing_exchange = models.CharField("上市交易所", max_length=32, blank=True)
    listing_code = models.CharField("股票代码", max_length=16, blank=True)
    size_class = models.CharField("企业规模", max_length=8, choices=Size.choices, blank=True,
                                  help_text="按工信部联企业〔2011〕300号工业标准，由最近年度的从业人员和营业收入划分")
    above_scale = models.BooleanField("规模以上", default=False, db_index=True)
    above_scale_since = models.PositiveSmallIntegerField("纳入规上年份", null=True, blank=True)
    above_scale_until = models.PositiveSmallIntegerField("退出规上年份", null=True, blank=True)
    tags = models.JSONField("标签", default=list, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    # A chain's task force reads the firms the newest chain run attached to its chain.
    scope_paths = {"region": ("region", "zone"), "chain": "chain_attachments__chain"}

    class Meta:
        verbose_name = verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Parcel(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="parcels")
    code = models.CharField("地块编号", max_length=64)
    area = models.DecimalField("面积（亩）", max_digits=12, decimal_places=2)
    land_use = models.CharField("用途", max_length=32, blank=True)
    certificate = models.CharField("不动产权证号", max_length=64, blank=True)

    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "用地地块"
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"], name="parcel_code")]

    def __str__(self):
        return f"{self.code}（{self.area} 亩）"


class Honour(models.Model):
    class Kind(models.TextChoices):
        HIGH_TECH = "high_tech", "高新技术企业"
        TECH_SME = "tech_sme", "科技型中小企业"
        INNOVATIVE_SME = "innovative_sme", "创新型中小企业"
        SPECIALIZED = "specialized", "专精特新中小企业"
        LITTLE_GIANT = "little_giant", "专精特新“小巨人”"
        CHAMPION = "champion", "制造业单项冠军"
        GAZELLE = "gazelle", "瞪羚企业"
        UNICORN = "unicorn", "独角兽企业"
        GREEN_FACTORY = "green_factory", "绿色工厂"
        SMART_FACTORY = "smart_factory", "智能工厂"
        TECH_CENTER = "tech_center", "企业技术中心"
        SCIENCE_AWARD = "science_award", "科技奖励"
        RD_INSTITUTION = "rd_institution", "研发机构（工程技术研究中心、重点实验室等）"
        IP_ADVANTAGE = "ip_advantage", "知识产权优势/示范企业"
        INNOVATION_DEMO = "innovation_demo", "技术创新示范企业"
        MAKER_CHINA = "maker_china", "创客中国大赛获奖"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        MUNICIPAL = "municipal", "市级"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="honours")
    kind = models.CharField("荣誉资质", max_length=24, choices=Kind.choices)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    rank = models.PositiveSmallIntegerField("排名", null=True, blank=True,
                                            help_text="科技奖励的获奖单位排名、创客中国大赛名次等")
    year_granted = models.PositiveSmallIntegerField("认定年份")
    year_expiring = models.PositiveSmallIntegerField("有效期至", null=True, blank=True)
    source = models.CharField("来源说明", max_length=200, blank=True)

    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "荣誉资质"
        ordering = ["-year_granted"]
        # Two awards of one kind and level in one year are one row with the better rank: the
        # tier rules only ask whether a firm ranked within the top N, and a rank left out of
        # the key keeps a corrected rank an update rather than a second award.
        constraints = [models.UniqueConstraint(fields=["enterprise", "kind", "level", "year_granted"],
                                               name="honour_key")]

    def __str__(self):
        return f"{self.get_level_display()}{self.get_kind_display()}（{self.year_granted}）"


class Fact(models.Model):
    """One enterprise's figures for one year. Every change keeps a FactRevision."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="facts")
    year = models.PositiveSmallIntegerField("年份")
    revenue = models.DecimalField(FACT_FIELDS["revenue"][0], **MONEY)
    main_revenue = models.DecimalField(FACT_FIELDS["main_revenue"][0], **MONEY)
    output_value = models.DecimalField(FACT_FIELDS["output_value"][0], **MONEY)
    value_added = models.DecimalField(FACT_FIELDS["value_added"][0], **MONEY)
    value_added_estimated = models.BooleanField("增加值为估算", default=False)
    profit = models.DecimalField(FACT_FIELDS["profit"][0], **MONEY)
    tax_paid = models.DecimalField(FACT_FIELDS["tax_paid"][0], **MONEY)
    rd_expense = models.DecimalField(FACT_FIELDS["rd_expense"][0], **MONEY)
    employees = models.PositiveIntegerField(FACT_FIELDS["employees"][0], null=True, blank=True)
    energy_tce = models.DecimalField(FACT_FIELDS["energy_tce"][0], **MONEY)
    electricity = models.DecimalField(FACT_FIELDS["electricity"][0], **MONEY)
    water = models.DecimalField(FACT_FIELDS["water"][0], **MONEY)
    emissions = models.DecimalField(FACT_FIELDS["emissions"][0], **MONEY)
    new_product_sales = models.DecimalField(FACT_FIELDS["new_product_sales"][0], **MONEY)
    export_delivery = models.DecimalField(FACT_FIELDS["export_delivery"][0], **MONEY)
    total_assets = models.DecimalField(FACT_FIELDS["total_assets"][0], **MONEY)
    total_liabilities = models.DecimalField(FACT_FIELDS["total_liabilities"][0], **MONEY)
    software_revenue = models.DecimalField(FACT_FIELDS["software_revenue"][0], **MONEY)
    land_area = models.DecimalField(FACT_FIELDS["land_area"][0], max_digits=12, decimal_places=2,
                                    null=True, blank=True)
    net_profit = models.DecimalField(FACT_FIELDS["net_profit"][0], **MONEY)
    high_tech_revenue = models.DecimalField(FACT_FIELDS["high_tech_revenue"][0], **MONEY)
    domestic_rd = models.DecimalField(FACT_FIELDS["domestic_rd"][0], **MONEY)
    cost_expense = models.DecimalField(FACT_FIELDS["cost_expense"][0], **MONEY)
    equity_financing = models.DecimalField(FACT_FIELDS["equity_financing"][0], **MONEY)
    rd_staff = models.PositiveIntegerField(FACT_FIELDS["rd_staff"][0], null=True, blank=True)
    tech_staff = models.PositiveIntegerField(FACT_FIELDS["tech_staff"][0], null=True, blank=True)
    ip_class1 = models.PositiveIntegerField(FACT_FIELDS["ip_class1"][0], null=True, blank=True)
    ip_class1_own = models.PositiveIntegerField(FACT_FIELDS["ip_class1_own"][0], null=True, blank=True)
    ip_class1_high_value = models.PositiveIntegerField(FACT_FIELDS["ip_class1_high_value"][0],
                                                       null=True, blank=True)
    ip_class2 = models.PositiveIntegerField(FACT_FIELDS["ip_class2"][0], null=True, blank=True)
    invention_patents = models.PositiveIntegerField(FACT_FIELDS["invention_patents"][0],
                                                    null=True, blank=True)
    utility_software = models.PositiveIntegerField(FACT_FIELDS["utility_software"][0], null=True, blank=True)
    niche_years = models.PositiveIntegerField(FACT_FIELDS["niche_years"][0], null=True, blank=True)
    market_share = models.DecimalField(FACT_FIELDS["market_share"][0], **MONEY)
    market_rank = models.PositiveIntegerField(FACT_FIELDS["market_rank"][0], null=True, blank=True)
    digital_level = models.PositiveIntegerField(FACT_FIELDS["digital_level"][0], null=True, blank=True)
    valuation = models.DecimalField(FACT_FIELDS["valuation"][0], **MONEY)
    credit_score = models.DecimalField(FACT_FIELDS["credit_score"][0], **MONEY)
    source = models.CharField("来源说明", max_length=200, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    # Bulk imports write revisions and one audit entry per file instead of one per row.
    audit_exempt = True
    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "企业年度数据"
        ordering = ["enterprise", "year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="fact_year")]

    def __str__(self):
        return f"{self.enterprise} {self.year}年"


class FactRevision(models.Model):
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="revisions")
    field = models.CharField("字段", max_length=32)
    old_value = models.CharField("原值", max_length=40, blank=True)
    new_value = models.CharField("新值", max_length=40, blank=True)
    source = models.CharField("来源说明", max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_by_name = models.CharField("修改人名称", max_length=150)
    changed_at = models.DateTimeField("修改时间", auto_now_add=True)

    audit_exempt = True

    class Meta:
        verbose_name = verbose_name_plural = "企业数据修订记录"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.fact} {self.field}: {self.old_value} → {self.new_value}"


class MonthlyFact(models.Model):
    """Year-to-date revenue and output of a 规上 firm (1–N月累计, 1–2月 combined)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="monthly")
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("截至月")
    revenue_ytd = models.DecimalField("营业收入累计（万元）", **MONEY)
    output_ytd = models.DecimalField("工业总产值累计（万元）", **MONEY)
    source = models.CharField("来源说明", max_length=200, blank=True)

    audit_exempt = True
    scope_paths = {"region": ("enterprise__region", "enterprise__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "企业月度数据"
        ordering = ["enterprise", "year", "month"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year", "month"],
                                               name="monthly_fact_period")]

    def __str__(self):
        return f"{self.enterprise} {self.year}年1-{self.month}月"


class IndustryGroupsVersion(models.Model):
    """A saved version of the configurable industry lists (装备制造业, 先进制造业, the plan's
    主导支柱产业). The newest is in force; without any, the packaged default is."""

    number = models.PositiveIntegerField("版本号", unique=True)
    content = models.JSONField("口径内容")
    note = models.CharField("修改说明", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField("修改人名称", max_length=150)
    created_at = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "产业口径版本"
        ordering = ["-number"]

    def __str__(self):
        return f"第 {self.number} 版：{self.note}"
