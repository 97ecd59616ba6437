import datetime

from django.core.management.base import BaseCommand, CommandError

from qiangshi.jobs.command import job_in_command
from qiangshi.plan.selectors import plan_current


class Command(BaseCommand):
    help = "预警：按最新进度与报送期限立即刷新预警（refresh）；后台任务进程每天自动刷新。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh"])
        parser.add_argument("--plan", help="计划代码（默认：唯一的当前计划）")
        parser.add_argument("--today", help="按此日期判断逾期（YYYY-MM-DD，默认今天）")

    def handle(self, *args, action, plan=None, today=None, **options):
        current = plan_current(code=plan)
        if current is None:
            raise CommandError("还没有载入计划")
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{today}") from None
        counts = job_in_command(self, "alerts_refresh", plan=current.code,
                                today=day.isoformat() if day else "")
        self.stdout.write(f"预警：新增 {counts.created}，解除 {counts.resolved}，当前 {counts.open}。")
