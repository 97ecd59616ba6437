from django.core.management.base import BaseCommand

from qiangshi.accounts.services import reference_load


class Command(BaseCommand):
    help = "加载参考数据（行政区划、功能区、责任单位）。重复加载不会改变已有数据。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"], help="load：加载打包的参考数据")

    def handle(self, *args, action, **options):
        regions, units = reference_load()
        self.stdout.write(regions.summary("行政区划与功能区"))
        self.stdout.write(units.summary("责任单位"))
