import importlib
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand

from qiangshi.accounts.demo import demo_logins_print
from qiangshi.accounts.models import User
from qiangshi.accounts.services import reference_load
from qiangshi.enterprises.demo import (
    DEFAULT_FIRMS,
    DEFAULT_SEED,
    demo_files_write,
    demo_registry_load,
    demo_tables,
)


def _demo_modules():
    """Each qiangshi app may provide demo.demo_load(stdout, **options). Apps come in
    INSTALLED_APPS order, so the users load before the modules that build on them."""
    for config in apps.get_app_configs():
        if not config.name.startswith("qiangshi."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


class Command(BaseCommand):
    help = ("演示数据：load 加载演示账号及各模块的演示数据；generate 生成合成的济南企业名录与数据"
            "（写入数据库，或以 --output 写成导入模板格式的 Excel）。")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "generate"])
        parser.add_argument("--if-empty", action="store_true",
                            help="load：数据库中已有用户时不加载，只列出演示账号")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子（相同种子结果相同）")
        parser.add_argument("--firms", type=int, default=DEFAULT_FIRMS, help="企业数（约三成为规上）")
        parser.add_argument("--output", help="generate：写出 Excel 的目录（不写数据库）")

    def _reference_ensure(self):
        # Demo firms, users and figures name regions and units; on a database that has only
        # been migrated they would fail far from the cause ("企业未登记"). reference_load is
        # idempotent, so loading it here costs nothing when it is already there.
        regions, units = reference_load()
        if regions.created or units.created:
            self.stdout.write(regions.summary("行政区划与功能区"))
            self.stdout.write(units.summary("责任单位"))

    def handle(self, *args, action, if_empty, seed, firms, output=None, **options):
        if action == "generate":
            tables = demo_tables(seed=seed, firms=firms)
            if output:
                for path in demo_files_write(tables, Path(output)):
                    self.stdout.write(f"已写出 {path}")
            else:
                self._reference_ensure()
                demo_registry_load(tables, self.stdout)
            return
        if if_empty and User.objects.exists():
            self.stdout.write("数据库中已有数据，未加载演示数据。")
        else:
            self._reference_ensure()
            for module in _demo_modules():
                module.demo_load(self.stdout, seed=seed, firms=firms)
        demo_logins_print(self.stdout)
