import json

from django.core.management.base import BaseCommand

from qiangshi.enterprises.industry_groups import GROUP_LABELS, industry_classify


class Command(BaseCommand):
    help = ("行业分类：按 GB/T 4754-2017 代码输出名称、层级，以及高技术制造业、数字经济核心产业、"
            "装备制造业、主导支柱产业、先进制造业归属。")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["classify"])
        parser.add_argument("codes", nargs="+", metavar="CODE")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, codes, as_json=False, **options):
        rows = industry_classify(codes).to_dicts()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            if row.get("name") is None:
                self.stdout.write(f"{row['code']}  无此代码")
                continue
            memberships = [f"{label}：{'是' if row[key] is True else row[key]}"
                           for key, label in GROUP_LABELS.items() if row.get(key)]
            self.stdout.write(f"{row['code']}  {row['name']}（{row['level']}）  "
                              + "；".join(memberships))
