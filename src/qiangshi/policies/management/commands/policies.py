import json
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError

from qiangshi.engine.policies import clause_tests, dryrun, match
from qiangshi.enterprises.selectors import fact_year_latest
from qiangshi.policies.firms import policy_firm_table
from qiangshi.policies.services import policies_in_force


def _policies(clause: str | None = None):
    policies = policies_in_force()
    if clause is None:
        return policies
    chosen = [p for p in policies if any(c.code == clause for c in p.clauses)]
    if not chosen:
        known = "、".join(c.code for p in policies for c in p.clauses)
        raise CommandError(f"没有代码为 {clause} 的条款（可用：{known}）")
    return [replace(p, clauses=[c for c in p.clauses if c.code == clause]) for p in chosen]


class Command(BaseCommand):
    help = ("惠企政策：match 按条款匹配每家企业（是否符合、金额、未满足的条件、依据）；"
            "dryrun 某条款按区县汇总；tests 运行每个条款的测试用例。")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        matching = actions.add_parser("match", help="按条款匹配企业")
        matching.add_argument("--clause", help="只匹配这一条款（代码）")
        dry = actions.add_parser("dryrun", help="某条款的企业数与金额，按区县汇总")
        dry.add_argument("clause", help="条款代码")
        for parser_ in (matching, dry):
            parser_.add_argument("--year", type=int, help="评价年度（默认：企业库最新年度）")
            parser_.add_argument("--json", action="store_true", dest="as_json", help="输出 JSON")
        actions.add_parser("tests", help="运行每个已发布条款的测试用例")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _year(self, year):
        year = year or fact_year_latest()
        if year is None:
            raise CommandError("企业库中尚无年度数据")
        return year

    def _match(self, clause=None, year=None, as_json=False, **options):
        year = self._year(year)
        firms = policy_firm_table(year)
        # A single clause shows every firm with what it lacks; all clauses only the eligible
        # and those one condition short.
        result = match(_policies(clause), firms, year, keep="all" if clause else "near")
        rows = [{"uscc": r["uscc"], "clause": r["clause"], "eligible": r["eligible"],
                 "amount": r["amount"], "unmet": r["unmet"], "trace": r["trace"]}
                for r in result.iter_rows(named=True)]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        eligible = [r for r in rows if r["eligible"]]
        self.stdout.write(f"{year}年：{len(eligible)} 项符合（共 {len(rows)} 行）")
        for row in eligible:
            self.stdout.write(f"{row['uscc']} {row['trace']}")

    def _dryrun(self, clause, year=None, as_json=False, **options):
        year = self._year(year)
        firms = policy_firm_table(year)
        totals = dryrun(match(_policies(clause), firms, year), firms)
        rows = totals.to_dicts()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
            return
        for row in rows:
            self.stdout.write("，".join(f"{k}：{v}" for k, v in row.items()))

    def _tests(self, **options):
        failures = [failure for policy in _policies() for failure in clause_tests(policy)]
        for failure in failures:
            self.stdout.write(failure)
        if failures:
            raise CommandError(f"{len(failures)} 个测试用例未通过")
        self.stdout.write("全部内置条款的测试用例均通过。")
