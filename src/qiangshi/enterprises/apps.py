from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "qiangshi.enterprises"
    verbose_name = "企业"
