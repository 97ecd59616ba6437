from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qiangshi.database_backup import BackupError, database_backup


class Command(BaseCommand):
    help = ("备份整个数据库到一个文件：SQLite 用在线备份（运行中也可备份），PostgreSQL 用 pg_dump"
            "（自定义格式）。已存在的文件不会被覆盖。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")

    def handle(self, *args, file, **options):
        try:
            event = database_backup(target=Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已备份到 {file}（{event.changes['bytes']} 字节，"
                          f"SHA-256 {event.changes['sha256']}）。")
