from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "qiangshi.plan"
    verbose_name = "计划与指标"

    def ready(self):
        from qiangshi.enterprises.signals import registry_changed
        from qiangshi.plan.figures.changes import registry_changed_mark
        from qiangshi.projects.signals import pipeline_changed

        registry_changed.connect(registry_changed_mark, dispatch_uid="plan_computed_refresh")
        pipeline_changed.connect(registry_changed_mark, dispatch_uid="plan_pipeline_refresh")
