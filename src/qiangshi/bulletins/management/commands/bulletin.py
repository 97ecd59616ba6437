from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qiangshi.accounts.selectors import CITY
from qiangshi.bulletins.services import document_file
from qiangshi.documents import PdfUnavailable, pdf_bytes
from qiangshi.engine.bulletin import MONTHLY, YEARLY
from qiangshi.engine.periods import ANNUAL, PeriodError, parse_period
from qiangshi.jobs.command import job_in_command


class Command(BaseCommand):
    help = "工作通报：generate 按已计算的结果生成一期通报草稿并写成 .docx（可加 PDF）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        generate = actions.add_parser("generate", help="生成一期通报草稿（1—N 月）并写出 .docx")
        generate.add_argument("--period", required=True, help="截至月份，如 2025-10；全年写 2025")
        generate.add_argument("--scope", default=CITY, help="范围（目前只有全市：370100）")
        generate.add_argument("--out", required=True, help="写出的 .docx 文件")
        generate.add_argument("--pdf", action="store_true",
                              help="同时写出同名 PDF（需服务器安装 LibreOffice）")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _generate(self, period, scope, out, pdf=False, **options):
        if scope != CITY:
            raise CommandError("目前只能生成全市通报（--scope 370100）；区县通报尚未提供")
        try:
            parsed = parse_period(period)
        except PeriodError as error:
            raise CommandError(f"期别无法识别：{error}") from None
        # 2025 is the year's bulletin (全年); 2025-10 the year to October's.
        period = YEARLY if parsed.period_type == ANNUAL else MONTHLY
        draft = job_in_command(self, "bulletin_generate", year=parsed.year, month=parsed.month, period=period)
        content = document_file(draft)
        target = Path(out)
        target.write_bytes(content)
        self.stdout.write(f"{draft.title}（草稿 #{draft.pk}）：已写出 {target}")
        if pdf:
            try:
                target.with_suffix(".pdf").write_bytes(pdf_bytes(content))
            except PdfUnavailable as missing:
                raise CommandError(str(missing)) from None
            self.stdout.write(f"PDF：{target.with_suffix('.pdf')}")
