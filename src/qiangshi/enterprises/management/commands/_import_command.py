"""What `qiangshi enterprises import` and `qiangshi facts import` share."""

import dataclasses
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class ImportCommand(BaseCommand):
    importer = None  # a function (content, filename, *, valid_only, dry_run) → ImportReport

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file", help=".xlsx 或 .csv（可从平台下载模板）")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        parser.add_argument("--valid-only", action="store_true",
                            help="写入通过校验的行，拒绝其余行（默认：有任何错误则全部不写入）")
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")

    def handle(self, *args, action, file, dry_run=False, valid_only=False, as_json=False,
               **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        report = type(self).importer(path.read_bytes(), path.name, valid_only=valid_only,
                                     dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps({
                **{k: getattr(report, k) for k in ("rows", "created", "updated", "unchanged",
                                                   "written")},
                "errors": [dataclasses.asdict(e) for e in report.errors],
                "warnings": [dataclasses.asdict(e) for e in report.warnings],
            }, ensure_ascii=False, indent=2))
        else:
            for error in report.errors:
                self.stderr.write(str(error))
            for warning in report.warnings:
                self.stderr.write(f"提示：{warning}")
            self.stdout.write(report.summary())
        if report.errors and not valid_only and not dry_run:
            raise CommandError("有错误，未写入任何数据（可改正后重新导入，或使用 --valid-only）。")
