"""The plan as data: versions, actions, tasks, indicators; observations and their revisions.

A plan is loaded from YAML (docs/plan-schema.md). Each load of changed content
is a new `Plan` row with the same `code`; the newest is current and the older
ones stay for comparison. Loading a new version moves the observations of
indicators it keeps (same code) onto the new indicator rows.
"""

from django.conf import settings
from django.db import models

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import ALL
from qiangshi.engine.periods import Period
from qiangshi.engine.progress import STATUS_LABELS


class Plan(models.Model):
    code = models.CharField("计划代码", max_length=64, db_index=True)
    title = models.CharField("标题", max_length=200)
    city = models.CharField("城市", max_length=32)
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT)
    document_number = models.CharField("文号", max_length=64, blank=True)
    version_label = models.CharField("版本", max_length=32)
    period_start = models.PositiveSmallIntegerField("起始年")
    period_end = models.PositiveSmallIntegerField("终止年")
    base_year = models.PositiveSmallIntegerField("基期年")
    source_file = models.CharField("来源文件", max_length=200, blank=True)
    content_hash = models.CharField("内容哈希", max_length=64)
    revision = models.PositiveIntegerField("载入序号")
    is_current = models.BooleanField("当前版本", default=True)
    # Bumped by every write of figures, so that a stored progress run can be reused
    # without re-reading the figures to hash them.
    data_version = models.PositiveIntegerField("数据版本", default=0)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)
    loaded_by = models.CharField("载入人", max_length=150)
    regions = models.ManyToManyField(Region, verbose_name="分解、填报与考核地区", blank=True,
                                     related_name="+")

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "行动计划"
        ordering = ["code", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["code", "revision"], name="plan_code_revision"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(is_current=True), name="plan_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.version_label}，第{self.revision}次载入）"

    def stage_on(self, day) -> str:
        """未开始, 执行中 or 已结束 on `day`: a plan runs from 1 January of its first year to 31
        December of its last."""
        if day.year < self.period_start:
            return "未开始"
        return "已结束" if day.year > self.period_end else "执行中"

    def ended_on(self, day) -> bool:
        return day.year > self.period_end


class Category(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField("代码", max_length=32)
    name = models.CharField("名称", max_length=64)
    order = models.PositiveSmallIntegerField("顺序")

    class Meta:
        verbose_name = verbose_name_plural = "目标类别"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="category_code")]

    def __str__(self):
        return self.name


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField("代码", max_length=16)
    name = models.CharField("名称", max_length=100)
    order = models.PositiveSmallIntegerField("顺序")

    class Meta:
        verbose_name = verbose_name_plural = "行动"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="action_code")]

    def __str__(self):
        return self.name


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField("序号")
    action = models.ForeignKey(Action, verbose_name="行动", on_delete=models.CASCADE,
                               related_name="tasks")
    title = models.CharField("标题", max_length=100)
    text = models.TextField("任务内容")
    lead_units = models.ManyToManyField(Unit, verbose_name="牵头单位", related_name="+")
    supporting_units = models.ManyToManyField(Unit, verbose_name="配合单位", related_name="+",
                                              blank=True)

    scope_paths = {"unit": ("lead_units", "supporting_units"), "region": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "重点任务"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_number")]

    def __str__(self):
        return f"{self.number}．{self.title}"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        LEVEL = "level", "期末水平"
        SHARE = "share", "比重/比率"
        CHANGE = "change", "较基期变化"
        ANNUAL_FLOW = "annual_flow", "每年量"
        CUMULATIVE = "cumulative", "累计量"
        AVG_GROWTH = "avg_growth", "年均增幅"
        DIFFERENTIAL = "differential", "高于对比值"
        RANK = "rank", "位次"
        DIRECTION = "direction", "方向性"
        QUALITATIVE = "qualitative", "定性"

    class Comparator(models.TextChoices):
        GTE = "gte", "不低于"
        LTE = "lte", "不高于"
        APPROX = "approx", "左右"
        INCREASE = "increase", "持续提升"
        DECREASE = "decrease", "持续下降"
        STABLE = "stable", "基本稳定"
        ACHIEVE = "achieve", "完成"

    class Frequency(models.TextChoices):
        MONTHLY_CUMULATIVE = "monthly_cumulative", "月度累计"
        QUARTERLY = "quarterly", "季度"
        ANNUAL = "annual", "年度"

    class Source(models.TextChoices):
        REPORTED = "reported", "单位填报"
        COMPUTED = "computed", "平台计算"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("指标代码", max_length=40)
    name = models.CharField("指标名称", max_length=200)
    category = models.ForeignKey(Category, verbose_name="类别", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="indicators")
    task = models.ForeignKey(Task, verbose_name="所属任务", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="indicators")
    unit = models.CharField("计量单位", max_length=32, blank=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    comparator = models.CharField("比较方式", max_length=16, choices=Comparator.choices)
    target_value = models.FloatField("目标值", null=True, blank=True)
    target_value_high = models.FloatField("目标值上限", null=True, blank=True)
    target_year = models.PositiveSmallIntegerField("目标年")
    base_value = models.FloatField("基期值", null=True, blank=True)
    base_year = models.PositiveSmallIntegerField("基期年", null=True, blank=True)
    tolerance = models.FloatField("容差", null=True, blank=True)
    lower_limit = models.FloatField("自然下限", null=True, blank=True)
    upper_limit = models.FloatField("自然上限", null=True, blank=True)
    aspirational = models.BooleanField("力争", default=False)
    frequency = models.CharField("数据频率", max_length=24, choices=Frequency.choices)
    source = models.CharField("数据来源", max_length=16, choices=Source.choices)
    compare_to = models.CharField("对比对象", max_length=64, blank=True)
    reporting_units = models.ManyToManyField(Unit, verbose_name="填报单位", related_name="+")
    sentence = models.TextField("计划原文")
    note = models.TextField("说明", blank=True)
    formula = models.JSONField("企业数据计算公式", null=True, blank=True,
                               help_text="由企业年度数据汇总计算的口径（见 docs/plan-schema.md）")
    # Sources in the order their figures count when several share a period (empty: the
    # default order, engine.progress.precedence).
    precedence = models.JSONField("数据来源优先顺序", default=list, blank=True)
    # 年均增幅: whether the figures are yearly growth rates (chain-linked by the method) or
    # amounts (read as levels).
    observed_as = models.CharField("年均增幅数据口径", max_length=8, default="rate",
                                   choices=[("rate", "逐年增速"), ("amount", "金额/数量")])
    reported_by_regions = models.BooleanField("各区县（功能区）填报本地区数据", default=False)
    # 持续提升/持续下降: the no-target method its status follows (empty: the city's,
    # QIANGSHI_DIRECTION_METHOD); the keys of engine.progress.DIRECTION_METHODS.
    direction_method = models.CharField(
        "无目标判定方法", max_length=16, blank=True,
        choices=[("open_sdg_1", "Open SDG 无目标方法"), ("unsd", "UNSD 无目标方法")])
    order = models.PositiveSmallIntegerField("顺序")

    scope_paths = {"unit": "reporting_units", "region": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "目标指标"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class Observation(models.Model):
    """One figure of one indicator for one region and period; the newest revision."""

    class PeriodType(models.TextChoices):
        ANNUAL = "annual", "年度"
        YTD = "ytd", "年初至今累计"

    class Status(models.TextChoices):
        PRELIMINARY = "preliminary", "初步/预计"
        FINAL = "final", "最终"

    class SourceKind(models.TextChoices):
        PUBLISHED = "published", "公开发布"
        REPORTED = "reported", "单位填报"
        COMPUTED = "computed", "平台计算"
        DEMO = "demo", "演示数据（合成）"

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT,
                                  related_name="observations")
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("截至月")
    period_type = models.CharField("期别", max_length=8, choices=PeriodType.choices)
    value = models.FloatField("数值")
    yoy_growth = models.FloatField("同比增长（%）", null=True, blank=True)
    status = models.CharField("数据状态", max_length=16, choices=Status.choices,
                              default=Status.FINAL)
    source_kind = models.CharField("来源类别", max_length=16, choices=SourceKind.choices)
    source = models.CharField("来源说明", max_length=300, blank=True)
    reporting_unit = models.ForeignKey(Unit, verbose_name="填报单位", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    computed_from = models.ForeignKey("ComputedFigure", verbose_name="计算依据", null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="最后修改人",
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    # Raised by every write; a form sends back the version it showed, so a save over someone
    # else's newer figure is refused instead of silently winning (optimistic concurrency).
    version = models.PositiveIntegerField("版本", default=1)

    scope_paths = {"region": "region", "unit": "indicator__reporting_units"}

    class Meta:
        verbose_name = verbose_name_plural = "指标数据"
        ordering = ["indicator", "region", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "month", "period_type"],
                name="observation_natural_key",
            ),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12),
                                   name="observation_month_range"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.region.short_name} {self.period.label}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month, self.period_type)


class ObservationRevision(models.Model):
    """Every change of a stored figure: the old and new value, who, when and why."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE,
                                    related_name="revisions")
    old_value = models.FloatField("原值", null=True)
    new_value = models.FloatField("新值")
    old_status = models.CharField("原状态", max_length=16, blank=True)
    new_status = models.CharField("新状态", max_length=16)
    source = models.CharField("来源说明", max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_by_name = models.CharField("修改人名称", max_length=150)
    changed_at = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "数据修订记录"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.observation}: {self.old_value} → {self.new_value}"


class ProgressRun(models.Model):
    """One computation of progress for a plan at an as-of month: method version and input hash
    make every status reproducible."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="progress_runs")
    as_of_year = models.PositiveSmallIntegerField("截至年")
    as_of_month = models.PositiveSmallIntegerField("截至月")
    method_version = models.CharField("方法版本", max_length=64)
    input_hash = models.CharField("输入哈希", max_length=64)
    observation_count = models.PositiveIntegerField("使用数据条数")
    data_version = models.PositiveIntegerField("数据版本")
    computed_at = models.DateTimeField("计算时间", auto_now_add=True)
    computed_by = models.CharField("计算人", max_length=150)

    audit_exempt = True  # derived from audited data; reproducible from method version + inputs

    class Meta:
        verbose_name = verbose_name_plural = "进度计算"
        ordering = ["-computed_at", "-pk"]
        indexes = [models.Index(fields=["plan", "as_of_year", "as_of_month", "method_version"])]

    def __str__(self):
        return f"{self.plan.code} 截至{self.as_of_year}年{self.as_of_month}月 {self.method_version}"


class ProgressResult(models.Model):
    run = models.ForeignKey(ProgressRun, on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, db_index=True,
                              choices=list(STATUS_LABELS.items()))
    latest_value = models.FloatField("最新值", null=True)
    latest_year = models.PositiveSmallIntegerField("最新年", null=True)
    latest_month = models.PositiveSmallIntegerField("最新月", null=True)
    latest_period_type = models.CharField("最新期别", max_length=8, blank=True)
    latest_observation = models.ForeignKey(Observation, verbose_name="最新值所依据的数据",
                                           null=True, on_delete=models.SET_NULL,
                                           related_name="+")
    latest_source_kind = models.CharField("最新值来源类别", max_length=16, blank=True)
    completion = models.FloatField("完成度", null=True)
    time_progress = models.FloatField("时间进度", null=True)
    projected_value = models.FloatField("预计期末值", null=True)
    required_growth = models.FloatField("所需年均增速", null=True)
    observed_growth = models.FloatField("实际年均增速", null=True)
    score = models.FloatField("得分", null=True)
    milestone_value = models.FloatField("当年节点目标", null=True)
    method = models.CharField("判定规则", max_length=64)
    explanation = models.TextField("说明")
    detail = models.JSONField("其余计算量", default=dict)

    audit_exempt = True

    scope_paths = {"region": "region", "unit": "indicator__reporting_units"}

    class Meta:
        verbose_name = verbose_name_plural = "进度结果"
        ordering = ["indicator__order", "region__sort_order"]

    def __str__(self):
        return f"{self.indicator.code} {self.region.short_name} {self.status}"


class DeadlineRule(models.Model):
    """How many days after a period ends its figures are due; absent → engine defaults."""

    frequency = models.CharField("数据频率", max_length=24, unique=True,
                                 choices=Indicator.Frequency.choices)
    days_after_period = models.PositiveSmallIntegerField("期末后天数")

    class Meta:
        verbose_name = verbose_name_plural = "报送期限规则"

    def __str__(self):
        return f"{self.get_frequency_display()}：期末后 {self.days_after_period} 天"


class Submission(models.Model):
    """A unit's figures for one period, as a whole: submitted, then approved or returned."""

    class Status(models.TextChoices):
        DRAFT = "draft", "填报中"
        SUBMITTED = "submitted", "已报送"
        APPROVED = "approved", "已审核"
        RETURNED = "returned", "已退回"

    plan_code = models.CharField("计划代码", max_length=64)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField("数据频率", max_length=24, choices=Indicator.Frequency.choices)
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("截至月")
    period_type = models.CharField("期别", max_length=8, choices=Observation.PeriodType.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField("审核意见", blank=True)

    scope_paths = {"unit": "unit"}

    class Meta:
        verbose_name = verbose_name_plural = "数据报送"
        ordering = ["-year", "-month", "unit__sort_order"]
        permissions = [("review_submission", "审核数据报送")]
        constraints = [models.UniqueConstraint(
            fields=["plan_code", "unit", "frequency", "year", "month"], name="submission_period")]

    def __str__(self):
        return f"{self.unit.short_name} {self.period.label} {self.get_frequency_display()}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month, self.period_type)


class Alert(models.Model):
    """A warning for a unit (or, with no unit, for the analysts): a target falling behind,
    or figures not reported on time. One alert per key while it holds."""

    class Kind(models.TextChoices):
        LAGGING = "lagging", "目标滞后"
        REGRESSING = "regressing", "目标倒退"
        MISSED = "missed", "目标未完成"
        OVERDUE = "overdue", "逾期未报"

    plan_code = models.CharField("计划代码", max_length=64)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    key = models.CharField("去重键", max_length=200)
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    indicator_code = models.CharField("指标代码", max_length=40, blank=True)
    message = models.CharField("内容", max_length=300)
    created_at = models.DateTimeField("产生时间", auto_now_add=True)
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    scope_paths = {"unit": "unit"}

    class Meta:
        verbose_name = verbose_name_plural = "预警"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["plan_code", "key"], condition=models.Q(resolved_at__isnull=True),
            name="alert_open_key")]

    def __str__(self):
        return self.message


class Milestone(models.Model):
    """A yearly milestone set by hand, replacing the default geometric path for that year."""

    plan_code = models.CharField("计划代码", max_length=64)
    indicator_code = models.CharField("指标代码", max_length=40)
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年")
    value = models.FloatField("节点目标")
    # Moves on every save; the form carries the version it showed, so a save based on an
    # older page is refused instead of overwriting another analyst's edit.
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = verbose_name_plural = "年度节点目标"
        ordering = ["indicator_code", "year"]
        constraints = [models.UniqueConstraint(
            fields=["plan_code", "indicator_code", "region", "year"], name="milestone_key")]

    def __str__(self):
        return f"{self.indicator_code} {self.year}年 {self.value:g}"


class ComputedFigure(models.Model):
    """An indicator's value computed from the enterprise registry for one region and year,
    with the method version, an input hash and the number of firms it adds up."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="computed")
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年")
    value = models.FloatField("计算值", null=True)
    firms = models.PositiveIntegerField("企业数")
    method_version = models.CharField("方法版本", max_length=200)
    input_hash = models.CharField("输入哈希", max_length=64)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    audit_exempt = True  # derived; reproducible from the method version and the inputs
    scope_paths = {"region": "region", "unit": "indicator__reporting_units"}

    class Meta:
        verbose_name = verbose_name_plural = "企业汇总计算值"
        ordering = ["indicator", "region", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "region", "year"],
                                               name="computed_figure_key")]

    def __str__(self):
        return f"{self.indicator.code} {self.region.short_name} {self.year}年 {self.value}"


class Reminder(models.Model):
    """催报: an analyst reminded a unit of a period it has not reported; the unit's users got a
    notice (and mail where configured)."""

    plan_code = models.CharField("计划代码", max_length=64)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField("数据频率", max_length=24, choices=Indicator.Frequency.choices)
    period_key = models.CharField("期别", max_length=16)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="催报人", null=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_by_name = models.CharField("催报人姓名", max_length=150)
    sent_at = models.DateTimeField("催报时间", auto_now_add=True)
    recipients = models.PositiveIntegerField("通知人数", default=0)

    scope_paths = {"unit": "unit"}

    class Meta:
        verbose_name = verbose_name_plural = "催报记录"
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"催报 {self.unit} {self.period_key}"


class Breakdown(models.Model):
    """One version of the plan's targets broken down to its districts and zones (目标分解): a
    draft the analysts edit, then issued with its 文号 and never changed again; a change after
    that is a new version based on it. Keyed by plan code, so a reloaded plan keeps it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    plan_code = models.CharField("计划代码", max_length=64, db_index=True)
    number = models.PositiveSmallIntegerField("版本号")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField("说明", max_length=200, blank=True)
    regions = models.ManyToManyField(Region, verbose_name="分解到的地区", related_name="+")
    based_on = models.ForeignKey("self", verbose_name="基于版本", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField("文号", max_length=64, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    created_by = models.CharField("创建人", max_length=150)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    issued_by = models.CharField("印发登记人", max_length=150, blank=True)
    issued_at = models.DateTimeField("印发登记时间", null=True, blank=True)

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "目标分解"
        ordering = ["plan_code", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan_code", "number"],
                                               name="breakdown_number")]

    def __str__(self):
        return f"目标分解第{self.number}版（{self.get_status_display()}）"


class BreakdownItem(models.Model):
    """How one indicator is broken down in a version: the method, how the regions' values
    answer for the city's (sum or mean), and the weights of the weighted method."""

    breakdown = models.ForeignKey(Breakdown, on_delete=models.CASCADE, related_name="items")
    indicator_code = models.CharField("指标代码", max_length=40)
    method = models.CharField("分解方法", max_length=16)
    total = models.CharField("与全市目标核对方式", max_length=8)
    weights = models.JSONField("权重（地区代码 → 权重）", default=dict, blank=True)

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "目标分解方法"
        ordering = ["breakdown", "pk"]
        constraints = [models.UniqueConstraint(fields=["breakdown", "indicator_code"],
                                               name="breakdown_item")]

    def __str__(self):
        return f"{self.indicator_code} {self.method}"


class BreakdownTarget(models.Model):
    """One region's target for one year in a version, in the terms of the indicator's target
    (an amount, or a percentage for share, change and growth targets)."""

    breakdown = models.ForeignKey(Breakdown, on_delete=models.CASCADE, related_name="targets")
    indicator_code = models.CharField("指标代码", max_length=40)
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年")
    value = models.FloatField("目标值", null=True, blank=True)
    # The method that produced the value, or manual when an analyst entered it.
    method = models.CharField("来源", max_length=16)
    problem = models.CharField("无法计算的原因", max_length=100, blank=True)

    scope_paths = {"region": "region", "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "分解目标值"
        ordering = ["indicator_code", "region__sort_order", "year"]
        constraints = [models.UniqueConstraint(
            fields=["breakdown", "indicator_code", "region", "year"], name="breakdown_target")]

    def __str__(self):
        return f"{self.indicator_code} {self.region.short_name} {self.year}年 {self.value}"


from qiangshi.plan.models_pins import PinnedIndicator  # noqa: E402,F401
