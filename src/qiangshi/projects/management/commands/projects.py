import datetime
import json

from django.core.management.base import CommandError

from qiangshi.dataio.command import ImportCommand
from qiangshi.projects.project_import import project_import
from qiangshi.projects.services import stall_list


class Command(ImportCommand):
    help = "项目：stalls 列出“签约未开工、在建未入库、竣工未投产、投产未纳统、投资进度滞后”的项目。"
    import_help = "导入项目、月度进展与年度计划（.xlsx/.csv）"
    importer = staticmethod(project_import)

    def add_actions(self, actions):
        stalls = actions.add_parser("stalls", help="按截至日期检查项目卡点")
        stalls.add_argument("--as-of", help="截至日期 YYYY-MM-DD（默认今天）")
        stalls.add_argument("--json", action="store_true", dest="as_json")

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
