from django.core.management.base import CommandError

from qiangshi.dataio.command import ImportCommand
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.selectors import plan_current


class Command(ImportCommand):
    help = "指标数据：从 Excel/CSV 导入（import）。"
    import_help = "导入指标数据（.xlsx 或 .csv）"
    importer = staticmethod(observation_import)

    def add_import_arguments(self, parser):
        parser.add_argument("--plan", help="计划代码（默认：唯一的当前计划）")

    def import_options(self, *, plan=None, **options):
        current = plan_current(code=plan)
        if current is None:
            raise CommandError("还没有载入计划，请先运行 qiangshi plan load")
        return {"plan": current}
