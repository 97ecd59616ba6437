"""工作通报 and the other documents people print (督办通知单, 催报函, 考核通报, 亩均公示名单):
a draft generated from stored results, edited by the analyst, issued with its 文号 and then
archived unchanged; a new version is a new document based on it."""

from django.db import models

from qiangshi.accounts.scoping import ALL


class Letterhead(models.Model):
    """A .docx template (docxtpl: Jinja in Word) for the 版头 and fixed text; every upload is a
    new version, and an issued document names the version it was printed with."""

    name = models.CharField("名称", max_length=100)
    version = models.PositiveIntegerField("版本")
    content = models.BinaryField("模板文件")
    sha256 = models.CharField("文件摘要", max_length=64)
    note = models.CharField("修改说明", max_length=300)
    created_by = models.CharField("上传人", max_length=150)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "版头模板"
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="letterhead_version")]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"


class Document(models.Model):
    class Kind(models.TextChoices):
        BULLETIN = "bulletin", "工作通报"
        DISPATCH = "dispatch", "督办通知单"
        REMINDER = "reminder", "催报函"
        ASSESSMENT = "assessment", "考核通报"
        MUJUN = "mujun", "亩均评价公示名单"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    class PeriodType(models.TextChoices):
        MONTHLY = "monthly", "月度"
        QUARTERLY = "quarterly", "季度"
        YEARLY = "yearly", "年度"

    kind = models.CharField("文种", max_length=12, choices=Kind.choices)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("截至月")
    period_type = models.CharField("周期", max_length=12, choices=PeriodType.choices)
    region = models.ForeignKey("accounts.Region", verbose_name="范围", on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField("标题", max_length=300)
    content = models.JSONField("正文")  # engine.document.document_dict
    facts = models.JSONField("数字出处", default=list)  # [{"text", "source", "value"}]
    sources = models.JSONField("数据版本", default=dict)  # which stored runs it was written from
    input_hash = models.CharField("输入哈希", max_length=64)
    method_version = models.CharField("方法版本", max_length=32)
    number = models.CharField("发文字号", max_length=64, blank=True)
    letterhead = models.ForeignKey(Letterhead, verbose_name="版头模板", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    docx = models.BinaryField("印发文本（.docx）", null=True, blank=True)
    based_on = models.ForeignKey("self", verbose_name="来源版本", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_by = models.CharField("起草人", max_length=150)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    issued_by = models.CharField("签发人", max_length=150, blank=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)

    # Bulletins circulate to every user of the platform; drafts only to those who edit them.
    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta:
        verbose_name = verbose_name_plural = "通报与公文"
        ordering = ["-year", "-month", "-created_at", "-pk"]
        permissions = [("issue_document", "签发通报与公文")]
        constraints = [models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""),
                                               name="document_number_unique")]

    def __str__(self):
        return self.title

    @property
    def period_label(self) -> str:
        if self.period_type == self.PeriodType.YEARLY:
            return f"{self.year}年"
        return f"{self.year}年1—{self.month}月" if self.month > 1 else f"{self.year}年1月"
