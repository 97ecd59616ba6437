import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from qiangshi.cultivation.tier_rulebook import rules_on
from qiangshi.cultivation.tier_services import tiers_assess
from qiangshi.engine.uscc import uscc_check
from qiangshi.enterprises.selectors import enterprises_with_uscc
from qiangshi.jobs.command import job_in_command


class Command(BaseCommand):
    help = "梯度培育：assess 按认定规则评估企业（符合与否、得分、未满足条件与差距）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        assess = actions.add_parser("assess", help="评估企业所处梯队")
        assess.add_argument("--enterprise", help="统一社会信用代码（默认全部企业）")
        assess.add_argument("--tier", help="梯队代码，如 specialized、high_tech（默认全部）")
        assess.add_argument("--as-of", help="评估日期 YYYY-MM-DD（默认今天；按此日期选用规则版本）")
        assess.add_argument("--save", action="store_true", help="保存为一次评估（页面名单使用最近一次）")
        assess.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, enterprise=None, tier=None, as_of=None, save=False, as_json=False,
               **options):
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else datetime.date.today()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{as_of}") from None
        tiers = [r.tier for r in rules_on(day)]
        if tier and tier not in tiers:
            raise CommandError(f"{day} 没有生效的梯队 {tier!r}（可用：{'、'.join(tiers)}）")
        firms = None
        if enterprise:
            check = uscc_check(enterprise)
            if not check.valid:
                raise CommandError(f"统一社会信用代码有误：{check.reason}")
            firms = enterprises_with_uscc(check.code)
            if not firms.exists():
                raise CommandError(f"未登记的企业：{enterprise}")
        if save:
            run, created = job_in_command(self, "tier_run", as_of=day.isoformat())
            self.stderr.write(("已保存评估" if created else "数据和规则未变化，沿用评估") +
                              f" #{run.pk}（{run.firm_count} 家企业）")
        rows = tiers_assess(day, enterprises=firms, tier=tier)
        fields = ("uscc", "name", "tier", "tier_name", "version", "held", "eligible", "status", "score",
                  "score_max", "failed", "missing", "manual", "gaps", "route")
        records = rows.select(fields).to_dicts()
        if as_json:
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        for r in records:
            detail = "；".join(r["gaps"] or r["failed"] or r["missing"]
                              or ([f"经直通条件：{r['route']}"] if r["route"] else []))
            self.stdout.write(f"{r['name']} {r['tier_name']}：{r['status']}"
                              + (f"（{detail}）" if detail else ""))
