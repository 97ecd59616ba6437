import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qiangshi.accounts.models import Region
from qiangshi.dataio.documents import DocumentInvalid, located, mapping_read, plain
from qiangshi.engine.mujun.document import method_to_dict
from qiangshi.engine.mujun.reader import method_problems, parse_method
from qiangshi.evaluation.models import MethodVersion, Run
from qiangshi.evaluation.publication import class_names, json_rows, publication_xlsx
from qiangshi.evaluation.services import (
    NOT_A_MAPPING,
    evaluate_frame,
    method_save,
    method_version_get,
    run_frame,
    runs_compare,
)
from qiangshi.evaluation.spreadsheet_input import spreadsheet_facts
from qiangshi.jobs.command import job_in_command


class Command(BaseCommand):
    help = ("亩均评价：evaluate 按方法评价（已入库企业数据或 --input 表格）；compare 比较两批评价；"
            "methods 列出方法。")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("evaluate", help="评价一个年度")
        run.add_argument("--year", type=int, required=True)
        run.add_argument("--method", default=settings.MUJUN_METHOD,
                         help="方法代码或 YAML 文件（默认：本市配置的方法 QIANGSHI_MUJUN_METHOD）")
        run.add_argument("--input", help="CSV/xlsx 企业数据（不用平台已入库的数据；结果不入库）")
        run.add_argument("--json", action="store_true", dest="as_json", help="每家企业一个 JSON 对象")
        run.add_argument("--out", help="写出公示名单 Excel")
        run.add_argument("--note", default="", help="批次说明")
        compare = actions.add_parser("compare", help="比较两批评价：类别变化的企业")
        compare.add_argument("before", type=int)
        compare.add_argument("after", type=int)
        actions.add_parser("methods", help="列出已存的方法版本")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _method(self, reference: str) -> MethodVersion:
        path = Path(reference)
        try:
            if path.is_file():
                document = mapping_read(path.read_text(encoding="utf-8"), NOT_A_MAPPING)
                problems = located(method_problems(document), document)
                if problems:
                    raise DocumentInvalid(problems)
                content = method_to_dict(parse_method(plain(document)))
                stored = MethodVersion.objects.filter(name=content["name"]).first()
                if stored is not None and stored.content == content:
                    return stored
                return method_save(content, based_on=stored, note=f"由文件 {path.name} 载入")
            return method_version_get(reference)
        except DocumentInvalid as invalid:
            raise CommandError("方法有误：" + "；".join(invalid.messages)) from None

    def _evaluate(self, year, method, input=None, as_json=False, out=None, note="", **options):
        version = self._method(method)
        if input:
            path = Path(input)
            if not path.is_file():
                raise CommandError(f"找不到文件 {input}")
            facts, errors = spreadsheet_facts(path.read_bytes(), path.name)
            for error in errors:
                self.stderr.write(str(error))
            if errors:
                raise CommandError(f"数据有 {len(errors)} 处错误，未评价。")
            results, _, _ = evaluate_frame(version, facts, year=year, with_history=False)
        else:
            run = job_in_command(self, "evaluation_run", method_id=version.pk, year=year, note=note)
            results = run_frame(run)
            self.stderr.write(f"评价批次 #{run.pk}：{run.firm_count} 家企业，方法 {version}。")
        if out:
            names = dict(Region.objects.values_list("code", "name"))
            Path(out).write_bytes(publication_xlsx(results, region_names=names,
                                                   names=class_names(version.content),
                                                   title=f"{year}年度工业企业亩产效益综合评价"))
            self.stderr.write(f"公示名单已写入 {out}")
        if as_json:
            self.stdout.write(json.dumps(json_rows(results), ensure_ascii=False, indent=2))
        elif not out:
            counts = results.group_by("class").len().sort("class")
            self.stdout.write("，".join(f"{c}类 {n} 家" for c, n in counts.iter_rows()))

    def _compare(self, before, after, **options):
        moved = runs_compare(Run.objects.get(pk=before), Run.objects.get(pk=after))
        for row in moved.iter_rows(named=True):
            self.stdout.write(f"{row['uscc']} {row['name']}：{row['class'] or '—'} → "
                              f"{row['class_after'] or '—'}（得分 {row['total']} → {row['total_after']}）")
        self.stdout.write(f"类别变化 {moved.height} 家。")

    def _methods(self, **options):
        for version in MethodVersion.objects.all():
            self.stdout.write(f"{version.name} 第{version.version}版 {version.title} "
                              f"{version.year}年度 {version.note}")
