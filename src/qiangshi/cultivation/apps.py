from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "qiangshi.cultivation"
    verbose_name = "企业培育"

    def ready(self):
        from qiangshi.cultivation.pool_services import registry_changed_refresh
        from qiangshi.enterprises.signals import registry_changed

        registry_changed.connect(registry_changed_refresh, dispatch_uid="cultivation_pool_refresh")
