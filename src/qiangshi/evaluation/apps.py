from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "qiangshi.evaluation"
    verbose_name = "亩均评价"
