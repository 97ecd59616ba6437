"""The project pipeline (建设项目监测调度): projects, dated stage changes with evidence,
monthly progress, and supervision orders (督办单) with every step kept."""

from django.conf import settings
from django.db import models

from qiangshi.accounts.models import Region, Unit
from qiangshi.projects.evidence import evidence_path

MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}


class Project(models.Model):
    class Kind(models.TextChoices):
        NEW = "new", "新建"
        EXPANSION = "expansion", "扩建"
        RENOVATION = "renovation", "技术改造"
        ATTRACTED = "attracted", "招商引资"

    class Origin(models.TextChoices):
        PLANNED = "planned", "谋划"
        ATTRACTED = "attracted", "招商"

    code = models.CharField("项目编号", max_length=32, unique=True)
    name = models.CharField("项目名称", max_length=200)
    owner = models.ForeignKey("enterprises.Enterprise", verbose_name="业主企业", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="projects")
    owner_uscc = models.CharField("业主统一社会信用代码", max_length=18, blank=True,
                                  help_text="业主尚未登记为企业时填写")
    owner_name = models.CharField("业主名称", max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name="所在区县", on_delete=models.PROTECT,
                               related_name="+")
    zone = models.ForeignKey(Region, verbose_name="所在功能区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    chain_code = models.CharField("产业链", max_length=64, blank=True)
    chain_node = models.CharField("产业链环节", max_length=120, blank=True,
                                  help_text="产业链最新图谱中的节点")
    kind = models.CharField("项目类型", max_length=16, choices=Kind.choices)
    major = models.BooleanField("省市重大项目", default=False)
    key_renovation = models.BooleanField("重点技改", default=False)
    chain_strengthening = models.BooleanField("强链补链", default=False)
    state_owned = models.BooleanField("央企/省属", default=False)
    planned_investment = models.DecimalField("计划总投资（万元）", **MONEY)
    origin = models.CharField("项目来源", max_length=16, choices=Origin.choices,
                              default=Origin.PLANNED)
    origin_list = models.CharField("招商目标清单", max_length=100, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT,
                             related_name="+")
    contact = models.CharField("联系人", max_length=64, blank=True)
    stage = models.CharField("当前阶段", max_length=16, default="planning")
    # Moves on every change (page or import); the project page carries the version it
    # showed, so a change based on an older page is refused instead of silently applied.
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    is_demo = models.BooleanField("演示数据", default=False)

    scope_paths = {"region": ("region", "zone"), "unit": "unit", "chain": "chain_code"}

    class Meta:
        verbose_name = verbose_name_plural = "项目"
        ordering = ["code"]

    def __str__(self):
        return self.name


class StageChange(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField("阶段", max_length=16)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=300, blank=True)
    evidence = models.FileField("佐证材料", upload_to=evidence_path, blank=True,
                                max_length=200)
    recorded_by = models.CharField("记录人", max_length=150)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目阶段记录"
        ordering = ["on", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="project_stage")]

    def __str__(self):
        return f"{self.project} {self.stage} {self.on}"


class YearPlan(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField("年度")
    planned = models.DecimalField("年度计划投资（万元）", max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "年度投资计划"
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="year_plan")]

    def __str__(self):
        return f"{self.project} {self.year}"


class MonthlyProgress(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    invested_month = models.DecimalField("当月完成投资（万元）", **MONEY)
    physical_percent = models.FloatField("形象进度（%）", null=True, blank=True)
    issues = models.TextField("存在问题", blank=True)
    issue_kind = models.CharField("问题类别", max_length=16, blank=True)
    issue_unit = models.ForeignKey(Unit, verbose_name="协调单位", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "项目月度进展"
        ordering = ["project", "year", "month"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "month"],
                                               name="project_month")]

    def __str__(self):
        return f"{self.project} {self.year}-{self.month:02d}"


class Dispatch(models.Model):
    """督办单: issued to a unit with a deadline; answered; closed or escalated."""

    class Status(models.TextChoices):
        OPEN = "open", "待回复"
        ANSWERED = "answered", "已回复"
        CLOSED = "closed", "已办结"
        ESCALATED = "escalated", "已升级"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="dispatches")
    rule = models.CharField("来源规则", max_length=32, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT,
                             related_name="+")
    request = models.TextField("督办事项")
    deadline = models.DateField("办理期限")
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.OPEN)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="督办人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("督办时间", auto_now_add=True)

    scope_paths = {"unit": "unit", "region": ("project__region", "project__zone")}

    class Meta:
        verbose_name = verbose_name_plural = "督办单"
        ordering = ["deadline", "pk"]
        permissions = [("answer_dispatch", "回复督办单")]

    def __str__(self):
        return f"{self.project} 督办（{self.get_status_display()}）"


class DispatchStep(models.Model):
    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("环节", max_length=16)
    text = models.TextField("内容")
    promised_on = models.DateField("承诺完成日期", null=True, blank=True)
    by = models.CharField("经办人", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办环节"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.dispatch} {self.action}"
