"""`qiangshi serve`: the development server and the job worker as one command (`make run`).

The worker (huey's consumer, `qiangshi run_huey`) runs in a child process that ends when the
server ends. runserver's autoreloader runs this command again in a child process
(RUN_MAIN=true) which must not start a second worker.
"""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站（runserver）和后台任务进程；网站停止时后台进程一同停止。"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        if os.environ.get("RUN_MAIN") == "true":
            call_command("runserver", addrport)
            return
        worker = subprocess.Popen([sys.executable, "-m", "qiangshi", "run_huey"])
        self.stdout.write(f"后台任务进程已启动（进程号 {worker.pid}）")
        try:
            call_command("runserver", addrport)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
