"""How a long computation tells how far it got: a callback `(done, total, message)`.

Services take one (default: nobody listens); a job passes `Progress(job_id).step`, which a
command running the job in its own process also prints (`echo`).
"""

from collections.abc import Callable

from qiangshi.jobs.models import Job

ProgressCallback = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str = "") -> None:
    """The callback of a computation started outside a job: nobody watches it."""


class Progress:
    """Each step is written at once and outside the job's own transaction (services store
    their results in one short transaction at the end), so the 任务 page sees it."""

    def __init__(self, job_id: int, echo: ProgressCallback = no_progress):
        self.job_id, self.echo = job_id, echo

    def step(self, done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(done=done, total=total, message=message[:200])
        self.echo(done, total, message)


def progress_job_id(progress: ProgressCallback) -> int | None:
    """The job a callback reports to (`Progress.step` of a job), None outside a job: a run
    keeps the job that computed it."""
    reporter = getattr(progress, "__self__", None)
    return reporter.job_id if isinstance(reporter, Progress) else None
