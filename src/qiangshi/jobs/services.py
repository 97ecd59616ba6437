"""Background jobs: a domain app declares a kind in its tasks.py, a view or command starts it,
the worker runs it and the job row tells the 任务 page how far it got.

    @job_kind("evaluation_run", "亩均评价")
    def evaluation_run(progress, *, method_id, year, note=""):
        run = run_create(..., progress=progress)
        return JobResult(message=..., url=..., label="查看评价结果")

`job_start` stores the job and enqueues it when the transaction commits, so the worker never
looks for a row that is not there yet. Failures are kept in Chinese on the row; the traceback
goes to the log only.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from qiangshi.accounts.context import Actor, acting_as
from qiangshi.jobs.models import Job
from qiangshi.jobs.progress import Progress, ProgressCallback, no_progress

log = logging.getLogger(__name__)


class JobError(Exception):
    """A failure the user can act on; its message (Chinese) is shown on the 任务 page."""


@dataclass(frozen=True)
class JobResult:
    message: str = ""
    url: str = ""
    label: str = ""
    # What the run made (a run row, counts), for a command that ran the job in its own
    # process; the worker keeps only message and link.
    value: object = None


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: str
    run: Callable
    task: Callable


KINDS: dict[str, JobKind] = {}


def job_kind(kind: str, label: str):
    """Declare a kind of job; `run(progress, **params)` returns a JobResult, where `progress(done,
    total, message)` reports a step."""
    def declare(run: Callable) -> Callable:
        @db_task(name=kind)
        def task(job_id: int) -> None:
            job_execute(job_id)

        KINDS[kind] = JobKind(kind, label, run, task)
        return run
    return declare


def job_start(kind: str, *, user=None, title: str = "", **params) -> Job:
    """Store a queued job and hand it to the worker when the current transaction commits."""
    declared = KINDS[kind]
    job = Job.objects.create(kind=kind, title=(title or declared.label)[:200], params=params,
                             started_by=user if user is not None and user.is_authenticated else None)
    transaction.on_commit(lambda: declared.task(job.pk))
    return job


def job_run_now(kind: str, *, title: str = "", actor: Actor | None = None,
                echo: ProgressCallback = no_progress, **params) -> tuple[Job, JobResult | None]:
    """Run a job in this process, kept on the 任务 page too: the worker's periodic tasks, and
    commands, which run it as their own actor and print its steps (`echo`). The job's result,
    None when it failed."""
    job = Job.objects.create(kind=kind, title=(title or KINDS[kind].label)[:200], params=params)
    result = job_execute(job.pk, actor=actor, echo=echo)
    job.refresh_from_db()
    return job, result


def _actor(job: Job) -> Actor:
    who = job.started_by
    return Actor(user=who, name=f"后台任务（{who.get_username() if who else '定时'}）", ip=None,
                 channel="job")


def job_execute(job_id: int, *, actor: Actor | None = None,
                echo: ProgressCallback = no_progress) -> JobResult | None:
    """Run a queued job once: a job delivered twice (a worker restarted mid-way) does not rerun."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    job = Job.objects.select_related("started_by").get(pk=job_id)
    try:
        with acting_as(actor or _actor(job)):
            result = KINDS[job.kind].run(Progress(job.pk, echo).step, **job.params)
    except JobError as error:
        _fail(job, str(error))
        return None
    except Exception:
        log.exception("后台任务 %s（%s）失败", job.pk, job.kind)
        _fail(job, "任务执行出错，未能完成。详细原因已记入服务器日志，请联系管理员"
                   f"（任务编号 {job.pk}）。")
        return None
    result = result or JobResult()
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE, finished_at=timezone.now(), message=result.message[:200],
        result_url=result.url, result_label=result.label[:100])
    return result


def _fail(job: Job, error: str) -> None:
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, finished_at=timezone.now(),
                                         error=error)
