import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qiangshi.plan.reporting.obligations import overdue_rows
from qiangshi.plan.selectors import plan_current


class Command(BaseCommand):
    help = "数据报送：overdue 列出逾期未报的单位、指标与期别（催报清单）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["overdue"])
        parser.add_argument("--plan", help="计划代码（默认：当前计划）")
        parser.add_argument("--today", help="按此日期判断逾期（YYYY-MM-DD，默认今天）")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, plan=None, today=None, as_json=False, **options):
        current = plan_current(code=plan)
        if current is None:
            raise CommandError("还没有载入计划")
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{today}") from None
        rows = overdue_rows(current, today=day)
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['unit']} {row['indicator_name']}（{row['indicator']}）"
                              f"{row['period']}：{row['due']} 截止，逾期 {row['days_late']} 天")
        self.stdout.write(f"逾期未报 {len(rows)} 项。" if rows else f"截至 {day}，没有逾期未报的数据。")
