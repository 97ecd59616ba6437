"""The indicators an analyst pins to the leader's 工作台 (issue 16 §3).

A pin names the plan and the indicator by code, not by row: loading a new version of the
plan makes new indicator rows (plan.models), and a pin made on one version should still
stand on the next while the indicator keeps its code. A model of its own rather than a
field on Indicator also gives the pins their own permissions (the analyst's) and their own
audit trail (saved through the ORM, so audited like every model not marked exempt)."""

from django.db import models

MAX_PINS = 10  # headline figures: the five to ten a leader reads at a glance


class PinnedIndicator(models.Model):
    plan_code = models.CharField("计划代码", max_length=64)
    indicator_code = models.CharField("指标代码", max_length=40)
    pinned_by = models.CharField("置顶人", max_length=150)
    pinned_at = models.DateTimeField("置顶时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "领导工作台置顶指标"
        ordering = ["pinned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan_code", "indicator_code"],
                                               name="pinned_indicator_key")]

    def __str__(self):
        return f"{self.plan_code} {self.indicator_code}"
