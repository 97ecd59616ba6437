import json
from importlib import resources
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.engine import extract
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.selectors import plan_current, plan_export, plan_versions

DIFF_LABELS = {"added": "新增目标", "removed": "删除目标", "changed": "修改目标"}


def _read(name: str, suffix: str) -> tuple[str, str]:
    """A file path, or the name of a plan packaged with Qiangshi (e.g. jinan-2023-2025)."""
    path = Path(name)
    if path.is_file():
        return path.read_text(encoding="utf-8"), path.name
    packaged = resources.files("qiangshi.reference").joinpath("plans", f"{name}{suffix}")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8"), packaged.name
    raise CommandError(f"找不到文件 {name}")


class Command(BaseCommand):
    help = "行动计划：载入（load）、导出（export）、从文本提取目标草稿（extract）、查看版本（versions）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="校验并载入计划 YAML；内容未变则不做任何修改")
        load.add_argument("file", help="YAML 文件路径，或打包计划名（如 jinan-2023-2025）")
        export = actions.add_parser("export", help="导出当前计划的指标")
        export.add_argument("--plan", help="计划代码（默认：唯一的当前计划）")
        export.add_argument("--json", action="store_true", dest="as_json", help="输出 JSON 数组")
        draft = actions.add_parser("extract", help="从计划纯文本提取量化目标，生成待复核的 YAML 草稿")
        draft.add_argument("file", help="计划文本（UTF-8）")
        draft.add_argument("--json", action="store_true", dest="as_json",
                           help="以 plan export --json 的字段输出 JSON")
        draft.add_argument("--output", "-o", help="草稿 YAML 写入此文件（默认打印）")
        draft.add_argument("--compare", help="与人工编码的计划 YAML 比较，报告查全率与查准率")
        versions = actions.add_parser("versions", help="列出计划的历次载入")
        versions.add_argument("code", help="计划代码")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _load(self, file, **options):
        text, _ = _read(file, ".yaml")
        try:
            result = plan_load(text)
        except DocumentInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"计划未载入：发现 {len(invalid.problems)} 处错误。") from None
        plan = result.plan
        if not result.created:
            self.stdout.write(f"{plan.title}（{plan.version_label}）内容未变化，未做任何修改。")
            return
        self.stdout.write(
            f"已载入 {plan.title}（{plan.version_label}，第 {plan.revision} 次载入）："
            f"{plan.tasks.count()} 项任务，{plan.indicators.count()} 个指标。"
        )
        if result.previous is not None:
            self.stdout.write(f"与第 {result.previous.revision} 次载入相比：")
            for key in ("added", "removed"):
                codes = getattr(result.diff, key)
                self.stdout.write(f"  {DIFF_LABELS[key]} {len(codes)}：{'、'.join(codes) or '无'}")
            self.stdout.write(f"  {DIFF_LABELS['changed']} {len(result.diff.changed)}：")
            for code, fields in result.diff.changed.items():
                detail = "；".join(f"{name} {old!r} → {new!r}" for name, (old, new) in fields.items())
                self.stdout.write(f"    {code}：{detail}")

    def _export(self, plan=None, as_json=False, **options):
        current = plan_current(code=plan)
        if current is None:
            raise CommandError("还没有载入计划，请先运行 qiangshi plan load")
        rows = plan_export(current)
        if as_json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            target = "" if row["target_value"] is None else f"{row['target_value']:g}{row['unit']}"
            self.stdout.write(f"{row['code']:<28} {row['name']}  {target}  {row['target_year']}")

    def _extract(self, file, as_json=False, output=None, compare=None, **options):
        text, name = _read(file, ".txt")
        if compare:
            encoded = yaml.safe_load(_read(compare, ".yaml")[0])["indicators"]
            found = extract.recall(extract.extract_targets(text), encoded)
            self.stdout.write(
                f"人工编码量化目标 {found['quantitative']} 个，提取命中 {found['matched']} 个，"
                f"查全率 {found['recall']:.1%}；提取草稿 {found['drafts']} 条，"
                f"查准率 {found['precision']:.1%}。"
            )
            if found["missed"]:
                self.stdout.write("未提取到：" + "、".join(found["missed"]))
            return
        if as_json:
            self.stdout.write(_dumps(extract.extract_targets(text)))
            return
        draft = extract.draft_yaml(text, source_file=name)
        if output:
            Path(output).write_text(draft, encoding="utf-8")
            self.stdout.write(f"草稿已写入 {output}，请人工复核后用 qiangshi plan load 载入。")
        else:
            self.stdout.write(draft)

    def _versions(self, code, **options):
        versions = list(plan_versions(code=code))
        if not versions:
            raise CommandError(f"没有代码为 {code} 的计划")
        for plan in versions:
            mark = "当前" if plan.is_current else "    "
            self.stdout.write(
                f"{mark} 第{plan.revision}次载入 {plan.version_label} {plan.loaded_at:%Y-%m-%d %H:%M} "
                f"{plan.loaded_by} {plan.content_hash[:12]}"
            )


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
