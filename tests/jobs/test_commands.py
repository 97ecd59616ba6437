"""`qiangshi jobs` starts a job from the command line and waits for it; `qiangshi serve` runs
the worker next to the server and stops it with the server (`make run` is this command)."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from qiangshi.accounts.models import AuditEvent
from qiangshi.evaluation.models import Run
from qiangshi.jobs.models import Job
from qiangshi.management.commands import serve
from tests.cultivation.test_tiers import assessed  # noqa: F401 — two firms assessed
from tests.enterprises.conftest import registry  # noqa: F401 — the two-firm registry
from tests.evaluation.test_runs import ten_firms  # noqa: F401 — ten firms in 历城


@pytest.mark.django_db(transaction=True)
def test_a_job_started_from_the_command_line_is_waited_for_until_it_is_done(mini_plan):
    out = io.StringIO()
    call_command("jobs", "start", "alerts_refresh", "today=2026-01-05", "--wait", "30", stdout=out)
    job = Job.objects.get(kind="alerts_refresh")
    assert job.params == {"today": "2026-01-05"} and job.state == Job.State.DONE
    assert f"#{job.pk} 预警与催报刷新：已完成 1/1 预警：新增" in out.getvalue()
    listed = io.StringIO()
    call_command("jobs", "list", stdout=listed)
    assert "预警与催报刷新：已完成" in listed.getvalue()


def test_an_unknown_job_kind_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="未知的任务类型"):
        call_command("jobs", "start", "no_such_kind")


@pytest.fixture
def started(monkeypatch):
    """The worker command replaced by a process that only waits, so the test sees it end."""
    processes = []
    real_popen = subprocess.Popen

    def popen(args, **kwargs):
        assert args[1:] == ["-m", "qiangshi", "run_huey"]
        processes.append(real_popen([sys.executable, "-c", "import time; time.sleep(60)"]))
        return processes[-1]

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    return processes


def test_serve_starts_the_worker_and_stops_it_when_the_server_stops(monkeypatch, started):
    def runserver(name, addrport):
        assert (name, addrport) == ("runserver", "127.0.0.1:8765") and started[0].poll() is None
        raise KeyboardInterrupt  # Ctrl-C on the server

    monkeypatch.delenv("RUN_MAIN", raising=False)
    monkeypatch.setattr(serve, "call_command", runserver)
    with pytest.raises(KeyboardInterrupt):
        call_command("serve", "127.0.0.1:8765", stdout=io.StringIO())
    assert len(started) == 1 and started[0].poll() is not None


def test_the_reloaded_server_process_starts_no_second_worker(monkeypatch, started):
    served = []
    monkeypatch.setenv("RUN_MAIN", "true")
    monkeypatch.setattr(serve, "call_command", lambda *args: served.append(args))
    call_command("serve", "127.0.0.1:8765")
    assert served == [("runserver", "127.0.0.1:8765")] and started == []


def test_a_run_over_all_firms_started_from_the_command_line_is_a_job_with_its_steps_printed(
        ten_firms):  # noqa: F811
    err = io.StringIO()
    call_command("mujun", "evaluate", "--year", "2024", "--method", "shandong-default",
                 stdout=io.StringIO(), stderr=err)
    job = Job.objects.get(kind="evaluation_run")
    run = Run.objects.get()
    assert job.title == "亩均评价（命令行）" and job.state == Job.State.DONE
    assert job.result_url == f"/evaluation/runs/{run.pk}/" and job.done == job.total > 0
    assert "[0/" in err.getvalue() and f"评价批次 #{run.pk}" in err.getvalue()
    # The command line is the actor of what the job wrote, not an anonymous worker.
    assert AuditEvent.objects.filter(object_type="evaluation.Run",
                                     actor_name__startswith="命令行").exists()


def test_tier_and_alert_commands_run_as_jobs_too(assessed, mini_plan):  # noqa: F811
    call_command("tiers", "assess", "--as-of", "2025-06-30", "--save", stdout=io.StringIO(),
                 stderr=io.StringIO())
    out = io.StringIO()
    call_command("alerts", "refresh", "--today", "2026-01-05", stdout=out, stderr=io.StringIO())
    assert set(Job.objects.filter(title__endswith="（命令行）")
               .values_list("kind", "title", "state")) == {
        ("tier_run", "梯队评估（命令行）", "done"), ("alerts_refresh", "预警与催报刷新（命令行）", "done")}
    assert out.getvalue().startswith("预警：新增")


def test_a_command_whose_job_fails_ends_with_the_jobs_chinese_error(mini_plan, monkeypatch):
    import dataclasses

    from qiangshi.jobs.services import KINDS, JobError

    def refused(progress, **params):
        raise JobError("评价方法已停用，请选择其他方法")

    monkeypatch.setitem(KINDS, "alerts_refresh", dataclasses.replace(KINDS["alerts_refresh"],
                                                                      run=refused))
    with pytest.raises(CommandError, match=r"任务 #\d+ 失败：评价方法已停用"):
        call_command("alerts", "refresh", stdout=io.StringIO(), stderr=io.StringIO())
