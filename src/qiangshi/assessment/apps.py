from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "qiangshi.assessment"
    verbose_name = "专项考核"
