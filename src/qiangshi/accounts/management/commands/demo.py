import importlib

from django.apps import apps
from django.core.management.base import BaseCommand

from qiangshi.accounts.demo import demo_logins_print
from qiangshi.accounts.models import User


def _demo_modules():
    """Each qiangshi app may provide demo.demo_load(stdout). Apps come in INSTALLED_APPS
    order, so accounts (the users) loads before the modules that build on it."""
    for config in apps.get_app_configs():
        if not config.name.startswith("qiangshi."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


class Command(BaseCommand):
    help = "加载演示数据：各角色的演示账号，以及已安装模块提供的演示数据。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument(
            "--if-empty", action="store_true",
            help="数据库中已有用户时不加载，只列出演示账号",
        )

    def handle(self, *args, action, if_empty, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("数据库中已有数据，未加载演示数据。")
        else:
            for module in _demo_modules():
                module.demo_load(self.stdout)
        demo_logins_print(self.stdout)
