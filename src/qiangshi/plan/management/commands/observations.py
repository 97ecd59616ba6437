import dataclasses
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qiangshi.plan.observation_import import observation_import
from qiangshi.plan.selectors import plan_current


class Command(BaseCommand):
    help = "指标数据：从 Excel/CSV 导入（import）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="导入指标数据（.xlsx 或 .csv）")
        load.add_argument("file")
        load.add_argument("--plan", help="计划代码（默认：唯一的当前计划）")
        load.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        load.add_argument("--valid-only", action="store_true",
                          help="写入通过校验的行，拒绝其余行（默认：有任何错误则全部不写入）")
        load.add_argument("--json", action="store_true", dest="as_json",
                          help="以 JSON 输出导入结果（含每条被拒绝的行）")

    def handle(self, *args, action, file, plan=None, dry_run=False, valid_only=False,
               as_json=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        current = plan_current(code=plan)
        if current is None:
            raise CommandError("还没有载入计划，请先运行 qiangshi plan load")
        report = observation_import(path.read_bytes(), path.name, plan=current,
                                    valid_only=valid_only, dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps({
                **{k: getattr(report, k) for k in ("rows", "created", "updated", "unchanged",
                                                   "written")},
                "errors": [dataclasses.asdict(e) for e in report.errors],
            }, ensure_ascii=False, indent=2))
        else:
            for error in report.errors:
                self.stderr.write(str(error))
            self.stdout.write(report.summary())
        if report.errors and not valid_only:
            raise CommandError("有错误，未写入任何数据（可改正后重新导入，或使用 --valid-only）。")
