from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "qiangshi.cockpit"
    verbose_name = "驾驶舱"

    def ready(self):
        from qiangshi.cockpit import caching

        caching.connect()
