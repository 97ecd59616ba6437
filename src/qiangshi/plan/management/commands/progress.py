import json

from django.core.management.base import BaseCommand, CommandError

from qiangshi.accounts.selectors import CITY
from qiangshi.engine.periods import PeriodError, parse_period
from qiangshi.plan.monitoring.progress import progress_rows
from qiangshi.plan.monitoring.selectors import NOT_COMPUTED, AsOf, latest_as_of, progress_latest
from qiangshi.plan.selectors import plan_current


class Command(BaseCommand):
    help = ("输出已计算的各指标目标进度（状态、完成度及其口径、时间进度、预计期末值、增速、"
            "比值、得分与判定依据）。")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="截至期，如 2024-12 或 2024年1-6月（默认：最新数据期）")
        parser.add_argument("--region", default=CITY, help="地区代码（默认 370100 全市）")
        parser.add_argument("--plan", help="计划代码（默认：唯一的当前计划）")
        parser.add_argument("--json", action="store_true", dest="as_json", help="输出 JSON 数组")

    def handle(self, *args, as_of=None, region=CITY, plan=None, as_json=False, **options):
        current = plan_current(code=plan)
        if current is None:
            raise CommandError("还没有载入计划，请先运行 qiangshi plan load")
        if as_of:
            try:
                period = parse_period(as_of)
            except PeriodError as error:
                raise CommandError(str(error)) from None
            when = AsOf(period.year, period.month)
        else:
            when = latest_as_of(current)
            if when is None:
                raise CommandError("还没有任何指标数据")
        run = progress_latest(current, when)
        if run is None:
            raise CommandError(NOT_COMPUTED.format(when.label))
        rows = progress_rows(run, region_code=region)
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"截至 {when.label}，地区 {region}：")
        for row in rows:
            value = "—" if row["latest_value"] is None else f"{row['latest_value']:g}"
            self.stdout.write(f"{row['code']:<28} {row['status_label']:<5} {value} "
                              f"({row['latest_period'] or '无数据'})")
