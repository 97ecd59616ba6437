"""One row per background job: what was started, by whom, how far it got and how it ended."""

from django.conf import settings
from django.db import models


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    FINISHED = (State.DONE, State.FAILED)

    kind = models.CharField("类型", max_length=40, db_index=True)
    title = models.CharField("任务", max_length=200)
    # Periodic jobs have no one who started them; users are deactivated, never deleted.
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="jobs")
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField("已完成步骤", default=0)
    total = models.PositiveIntegerField("总步骤", default=0)
    message = models.CharField("进展", max_length=200, blank=True)
    error = models.TextField("错误", blank=True)
    result_url = models.CharField("结果链接", max_length=300, blank=True)
    result_label = models.CharField("结果", max_length=100, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
