from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class QiangshiConfig(AppConfig):
    """The project package itself: shared templates, static files and template tags."""

    name = "qiangshi"
    verbose_name = "强市"


class QiangshiAdminConfig(AdminConfig):
    default_site = "qiangshi.admin_site.QiangshiAdminSite"
