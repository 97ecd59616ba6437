from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "qiangshi.notices"
    verbose_name = "通知"
