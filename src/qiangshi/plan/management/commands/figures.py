from django.core.management.base import BaseCommand, CommandError

from qiangshi.engine.periods import PeriodError, parse_period
from qiangshi.jobs.command import job_in_command
from qiangshi.plan.monitoring.progress import progress_compute
from qiangshi.plan.monitoring.selectors import AsOf
from qiangshi.plan.selectors import plan_current


class Command(BaseCommand):
    help = "指标数据的派生结果：重新计算（refresh）企业数据汇总值、目标进度与预警。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh"])
        parser.add_argument("--plan", help="计划代码（默认：唯一的当前计划）")
        parser.add_argument("--as-of", help="另算此截至期的进度，如 2024-06（默认只算最新数据期）")

    def handle(self, *args, action, plan=None, as_of=None, **options):
        current = plan_current(code=plan)
        if current is None:
            raise CommandError("还没有载入计划，请先运行 qiangshi plan load")
        for done in job_in_command(self, "figures_refresh", plan_ids=[current.pk], registry=True):
            self.stdout.write(f"企业数据汇总：{done.computed.figures} 个计算值，"
                              f"新增 {done.computed.observations_created}、"
                              f"修改 {done.computed.observations_updated} 条指标数据。")
            if done.run is not None:
                self.stdout.write(f"进度：截至 {done.as_of.label}，{done.run.results.count()} 条结果。")
            self.stdout.write(f"预警：新增 {done.alerts.created}，解除 {done.alerts.resolved}，"
                              f"当前 {done.alerts.open}。")
        if as_of:
            try:
                period = parse_period(as_of)
            except PeriodError as error:
                raise CommandError(str(error)) from None
            run = progress_compute(current, AsOf(period.year, period.month))
            self.stdout.write(f"进度：截至 {period.year}年{period.month}月，{run.results.count()} 条结果。")
