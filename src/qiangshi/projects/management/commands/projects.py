import dataclasses
import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qiangshi.projects.project_import import project_import
from qiangshi.projects.services import stall_list


class Command(BaseCommand):
    help = "项目：stalls 列出“签约未开工、在建未入库、竣工未投产、投产未纳统、投资进度滞后”的项目。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        stalls = actions.add_parser("stalls", help="按截至日期检查项目卡点")
        stalls.add_argument("--as-of", help="截至日期 YYYY-MM-DD（默认今天）")
        stalls.add_argument("--json", action="store_true", dest="as_json")
        load = actions.add_parser("import", help="导入项目、月度进展与年度计划（.xlsx/.csv）")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        load.add_argument("--valid-only", action="store_true",
                          help="写入通过校验的行（默认：有任何错误则全部不写入）")
        load.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(**options)
        else:
            self._stalls(**options)

    def _import(self, *, file, dry_run=False, valid_only=False, as_json=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        report = project_import(path.read_bytes(), path.name, valid_only=valid_only,
                                dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps({
                **{k: getattr(report, k) for k in ("rows", "created", "updated", "unchanged",
                                                   "written")},
                "errors": [dataclasses.asdict(e) for e in report.errors]},
                ensure_ascii=False, indent=2))
        else:
            for error in report.errors:
                self.stderr.write(str(error))
            self.stdout.write(report.summary())
        if report.errors and not valid_only and not dry_run:
            raise CommandError("有错误，未写入任何数据（可改正后重新导入，或使用 --valid-only）。")

    def _stalls(self, *, as_of=None, as_json=False, **options):
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else datetime.date.today()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{as_of}") from None
        found = stall_list(as_of=day)
        rows = [{"project": r["name"], "project_id": r["project_id"], "rule": r["rule"],
                 "stage": r["stage"], "days_overdue": r["days_overdue"], "unit": r["unit"],
                 "detail": r["detail"]} for r in found.iter_rows(named=True)]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(f"{r['project']}：{r['detail']}（{r['unit']}）")
        self.stdout.write(f"共 {len(rows)} 个卡点。")
