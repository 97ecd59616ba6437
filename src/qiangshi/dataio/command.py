"""The one shape of every `qiangshi <x> import FILE` command.

Each command declares its importer (content, filename, *, valid_only, dry_run, …) →
ImportReport; this class reads the file, runs the importer in the mode asked for, prints the
report (or JSON with every refused row) and fails the command when an all-or-nothing import
wrote nothing because of errors. A dry-run reports and never fails: it is how a file is
checked before it is imported. A command may add other actions next to `import`.
"""

import dataclasses
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qiangshi.dataio.tables import ImportReport

REFUSED = "有错误，未写入任何数据（可改正后重新导入，或使用 --valid-only）。"


class ImportCommand(BaseCommand):
    importer = None  # staticmethod: (content, filename, *, valid_only, dry_run, …) → ImportReport
    import_help = "导入 .xlsx 或 .csv 文件"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help=self.import_help)
        load.add_argument("file", help=".xlsx 或 .csv（可从平台下载模板）")
        load.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        load.add_argument("--valid-only", action="store_true",
                          help="写入通过校验的行，拒绝其余行（默认：有任何错误则全部不写入）")
        load.add_argument("--json", action="store_true", dest="as_json",
                          help="以 JSON 输出导入结果（含每条被拒绝的行）")
        self.add_import_arguments(load)
        self.add_actions(actions)

    def add_import_arguments(self, parser) -> None:
        """Options of this command's import beyond the shared ones."""

    def add_actions(self, actions) -> None:
        """Actions besides `import`, each handled by the method `_<action>`."""

    def import_options(self, **options) -> dict:
        """Keyword arguments the importer takes beyond the shared ones."""
        return {}

    def imported(self, report: ImportReport, **importer_options) -> None:
        """What follows an import (called whether or not it wrote), given the importer's
        options from import_options."""

    def handle(self, *args, action, **options):
        if action != "import":
            return getattr(self, f"_{action}")(**options)
        return self._import(**options)

    def _import(self, *, file, dry_run=False, valid_only=False, as_json=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        extra = self.import_options(**options)
        report = type(self).importer(path.read_bytes(), path.name, valid_only=valid_only,
                                     dry_run=dry_run, **extra)
        self.imported(report, **extra)
        if as_json:
            self.stdout.write(json.dumps({
                **{k: getattr(report, k) for k in ("rows", "created", "updated", "unchanged",
                                                   "rejected", "written")},
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
            raise CommandError(REFUSED)
