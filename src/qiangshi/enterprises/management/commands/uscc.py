import json
import sys

from django.core.management.base import BaseCommand

from qiangshi.engine.uscc import uscc_check


class Command(BaseCommand):
    help = "校验统一社会信用代码（GB 32100-2015）：逐个输出有效或原因；有任何无效代码时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])
        parser.add_argument("codes", nargs="+", metavar="CODE")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, codes, as_json=False, **options):
        results = [uscc_check(code) for code in codes]
        if as_json:
            self.stdout.write(json.dumps([r.__dict__ for r in results], ensure_ascii=False,
                                         indent=2))
        else:
            for r in results:
                self.stdout.write(f"{r.code}  {'有效' if r.valid else '无效：' + r.reason}")
        if not all(r.valid for r in results):
            sys.exit(1)
