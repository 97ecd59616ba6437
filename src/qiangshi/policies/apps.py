from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "qiangshi.policies"
    verbose_name = "惠企政策"
