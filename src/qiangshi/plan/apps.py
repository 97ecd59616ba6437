from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "qiangshi.plan"
    verbose_name = "计划与指标"
