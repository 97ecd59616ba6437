from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qiangshi.database_backup import BackupError, database_restore

CONFIRMATION = "恢复"


class Command(BaseCommand):
    help = ("用 qiangshi backup 生成的文件整体替换当前数据库（先停止网站与定时任务）。"
            f"需要 --yes，或在提示时输入“{CONFIRMATION}”确认。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")

    def handle(self, *args, file, yes, **options):
        if not yes:
            self.stdout.write(f"恢复会用 {file} 整体替换当前数据库，此后的修改全部丢失。")
            try:
                answer = input(f"确认请输入“{CONFIRMATION}”：")
            except EOFError:
                answer = ""
            if answer.strip() != CONFIRMATION:
                raise CommandError("未确认，数据库未改变。")
        try:
            database_restore(source=Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已从 {file} 恢复数据库。")
