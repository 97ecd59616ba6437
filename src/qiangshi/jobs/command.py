"""Runs over all firms started from the command line are jobs too: they run in the command's
own process (a script waits for its result), as the command line's actor, kept on the 任务
page like any other job, with their steps printed as they happen."""

from django.core.management.base import BaseCommand, CommandError

from qiangshi.accounts.context import current_actor
from qiangshi.jobs.services import KINDS, job_run_now


def job_in_command(command: BaseCommand, kind: str, **params) -> object:
    """Run a job of `kind` for `command` and return what it made (its `JobResult.value`); a
    failed job ends the command with the job's Chinese error."""
    def echo(done: int, total: int, message: str) -> None:
        if message:
            command.stderr.write(f"[{done}/{total}] {message}")

    job, result = job_run_now(kind, title=f"{KINDS[kind].label}（命令行）", actor=current_actor(),
                              echo=echo, **params)
    if result is None:
        raise CommandError(f"任务 #{job.pk} 失败：{job.error}")
    return result.value
