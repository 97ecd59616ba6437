"""The model every named, versioned method document shares (亩均评价方法, 考核办法): a name,
a version number, a title, the content as JSON, the version it was based on, why it changed,
who saved it and when. A change is always a new version (dataio.versions.version_save)."""

from django.db import models


class DocumentVersion(models.Model):
    name = models.CharField("代码", max_length=64)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=200)
    content = models.JSONField("内容")
    based_on = models.ForeignKey("self", verbose_name="来源版本", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    note = models.CharField("修改说明", max_length=300, blank=True)
    created_by = models.CharField("创建人", max_length=150)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["name", "-version"]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"
