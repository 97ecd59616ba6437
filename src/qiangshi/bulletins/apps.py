from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "qiangshi.bulletins"
    verbose_name = "通报与公文"
