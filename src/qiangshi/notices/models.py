"""通知: a task that reached a user (a 督办单 received, a report returned, an appeal filed, a
reminder sent). Read when the user marks it so, never by opening a page."""

from django.conf import settings
from django.db import models


class Notice(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人",
                                  on_delete=models.PROTECT, related_name="+")
    text = models.CharField("内容", max_length=300)
    link = models.CharField("办理链接", max_length=300, blank=True)
    sender_name = models.CharField("发送人", max_length=150, blank=True)
    created_at = models.DateTimeField("发送时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]

    def __str__(self):
        return self.text
