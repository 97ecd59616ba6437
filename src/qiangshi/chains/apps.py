from django.apps import AppConfig


class ChainsConfig(AppConfig):
    name = "qiangshi.chains"
    verbose_name = "产业链"
