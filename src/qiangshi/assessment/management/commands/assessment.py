import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qiangshi.assessment.models import SchemeVersion
from qiangshi.assessment.selectors import ranking
from qiangshi.assessment.services import scheme_load, scheme_version_get
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.jobs.command import job_in_command


def _rows(run) -> list[dict]:
    """Per unit: unit, score, rank, rank_low, rank_high, previous_rank and its items."""
    rows = []
    for unit in ranking(run).prefetch_related("items"):
        rows.append({
            "unit": unit.region.code, "name": unit.region.name, "band": unit.band, "status": unit.status,
            "score": unit.score, "rank": unit.rank, "rank_low": unit.rank_low, "rank_high": unit.rank_high,
            "previous_rank": unit.previous_rank, "change": unit.change, "mark": unit.mark or None,
            "items": [{"indicator": i.indicator, "name": i.name, "kind": i.kind, "value": i.value,
                       "imputed": i.imputed, "score": i.score, "weight": i.weight,
                       "contribution": i.contribution} for i in unit.items.all()],
        })
    return rows


class Command(BaseCommand):
    help = "专项考核：run 按考核办法考核一个时期；schemes 列出考核办法；load 载入考核办法 YAML 文件。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="考核一个时期（年度或截至某月）")
        run.add_argument("--scheme", default=settings.ASSESSMENT_SCHEME,
                         help="考核办法代码（默认：本市配置的办法 QIANGSHI_ASSESSMENT_SCHEME）")
        run.add_argument("--period", type=int, required=True, help="考核年度，如 2025")
        run.add_argument("--month", type=int, default=12, help="截至月份（默认 12：全年）")
        run.add_argument("--json", action="store_true", dest="as_json", help="每个考核单位一个 JSON 对象")
        actions.add_parser("schemes", help="列出已存的考核办法版本")
        load = actions.add_parser("load", help="载入考核办法 YAML 文件（内容有变则存为新版本）")
        load.add_argument("file")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _run(self, scheme, period, month, as_json=False, **options):
        if not 1 <= month <= 12:
            raise CommandError("截至月份应为 1 至 12")
        if not 2000 <= period <= 2100:
            raise CommandError("考核年度应为 2000 至 2100 之间的整数")
        try:
            version = scheme_version_get(scheme)
        except DocumentInvalid as invalid:
            raise CommandError("考核办法有误：" + "；".join(invalid.messages)) from None
        run = job_in_command(self, "assessment_run", scheme_id=version.pk, year=period, month=month)
        self.stderr.write(
            f"考核批次 #{run.pk}：{run.period_label}，{run.unit_count} 个单位，办法 {version}。")
        rows = _rows(run)
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            place = f"第{row['rank']}位（{row['rank_low']}–{row['rank_high']}）" if row["rank"] else "未排名"
            score = f"{row['score']:,.2f}" if row["score"] is not None else "—"
            self.stdout.write(f"{row['name']}：{score} 分，{place}")

    def _schemes(self, **options):
        for version in SchemeVersion.objects.all():
            mark = " ⚠示意" if version.illustrative else ""
            self.stdout.write(f"{version.name} 第{version.version}版 {version.title}{mark} "
                              f"{version.document_number} {version.note}")

    def _load(self, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        try:
            version = scheme_load(path.read_text(encoding="utf-8"), note=f"由文件 {path.name} 载入")
        except (DocumentInvalid, UnicodeDecodeError) as invalid:
            messages = invalid.messages if isinstance(invalid, DocumentInvalid) else ["文件不是 UTF-8 文本"]
            raise CommandError("考核办法有误：" + "；".join(messages)) from None
        self.stdout.write(f"已载入 {version}。")
