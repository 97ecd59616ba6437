"""A real huey worker (the consumer `qiangshi serve` starts) takes a job from the embedded
SQLite queue file and runs it to completion; the other job tests run jobs in-process."""

import signal
import time

import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from qiangshi.jobs.models import Job
from qiangshi.jobs.services import job_start


@pytest.fixture
def queue_file(tmp_path):
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    HUEY.immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "jobs.sqlite3"))
    yield tmp_path / "jobs.sqlite3"
    HUEY.immediate = True
    for number, handler in handlers.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_a_queued_job_from_the_embedded_queue_to_completion(mini_plan, queue_file):
    # mini_plan first: its own recompute job runs in-process before the queue file is used.
    job = job_start("alerts_refresh")  # autocommit: enqueued at once
    assert queue_file.exists() and HUEY.pending_count() == 1
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED  # nobody ran it in-process

    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False,
                                    initial_delay=0.05, max_delay=0.2)
    consumer.start()
    try:
        deadline = time.monotonic() + 60
        while not Job.objects.get(pk=job.pk).finished and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        consumer.stop(graceful=True)
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.DONE, "")
    assert job.message.startswith("预警：新增") and HUEY.pending_count() == 0
