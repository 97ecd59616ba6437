import json
import time

from django.core.management.base import BaseCommand, CommandError

from qiangshi.jobs.models import Job
from qiangshi.jobs.services import KINDS, job_start


def _param(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise CommandError(f"参数应写作 名称=值：{text}")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


class Command(BaseCommand):
    help = ("后台任务：list 列出最近的任务；start 类型 [名称=值 …] 提交任务，--wait 秒 等待完成"
            "（任务由 `qiangshi serve` 或 `qiangshi run_huey` 启动的后台进程执行）。")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "start"])
        parser.add_argument("kind", nargs="?", help="任务类型：" + "、".join(sorted(KINDS)))
        parser.add_argument("params", nargs="*", help="任务参数，如 year=2024")
        parser.add_argument("--wait", type=float, default=0, help="等待任务结束的秒数")

    def handle(self, *args, action, kind=None, params=(), wait=0, **options):
        if action == "list":
            for job in Job.objects.all()[:20]:
                self.stdout.write(self._line(job))
            return
        if kind not in KINDS:
            raise CommandError(f"未知的任务类型 {kind!r}（可用：{'、'.join(sorted(KINDS))}）")
        job = job_start(kind, **dict(_param(p) for p in params))
        self.stdout.write(f"已提交：{self._line(job)}")
        deadline = time.monotonic() + wait
        while wait and not job.finished:
            if time.monotonic() > deadline:
                raise CommandError(f"等待超时：{self._line(job)}")
            time.sleep(0.5)
            job.refresh_from_db()
        if wait:
            self.stdout.write(self._line(job))
            if job.state == Job.State.FAILED:
                raise CommandError(job.error)

    @staticmethod
    def _line(job: Job) -> str:
        return (f"#{job.pk} {job.title}：{job.get_state_display()} {job.done}/{job.total} "
                f"{job.error or job.message}").rstrip()
