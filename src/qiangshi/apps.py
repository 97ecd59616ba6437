from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate


def _cache_clear(**_kwargs):
    from django.core.cache import cache

    cache.clear()


class QiangshiConfig(AppConfig):
    """The project package itself: shared templates, static files and template tags."""

    name = "qiangshi"
    verbose_name = "强市"

    def ready(self):
        # The page cache lives in files that outlive the server and the database. Every
        # install, upgrade and new database runs `migrate`: emptying it then means no
        # rendering of an older version of the code, or of a database whose ids meant other
        # rows, is ever served.
        # (post_migrate is sent per app with models; this package has none, accounts has.)
        post_migrate.connect(_cache_clear, sender=self.apps.get_app_config("accounts"),
                             dispatch_uid="qiangshi-cache-clear")


class QiangshiAdminConfig(AdminConfig):
    default_site = "qiangshi.admin_site.QiangshiAdminSite"
