"""Background jobs run in-process here (huey's immediate mode, tests/conftest.py): a job
started in a request runs when the request's transaction commits."""

import datetime
import logging

import pytest
from huey.contrib.djhuey import HUEY

from qiangshi.evaluation.models import Run
from qiangshi.jobs.models import Job
from qiangshi.jobs.services import JobError, JobResult, job_execute, job_kind, job_start
from tests.conftest import login
from tests.enterprises.conftest import enterprises_file, firm
from tests.evaluation.test_runs import FIRMS, ten_firms  # noqa: F401 — ten firms in 历城

seen_steps: list[tuple[int, int, str]] = []


@job_kind("test_steps", "测试：分步")
def _steps(progress, *, steps: int) -> JobResult:
    for done in range(steps):
        progress(done, steps, f"第 {done + 1} 步")
        # The step is on the row while the job still runs, where the 任务 page reads it.
        row = Job.objects.filter(kind="test_steps").order_by("-pk").first()
        seen_steps.append((row.done, row.total, row.message))
    return JobResult(message="分步完成", url="/plan/indicators/", label="查看")


@job_kind("test_refused", "测试：拒绝")
def _refused(progress) -> JobResult:
    raise JobError("评价方法已停用，请选择其他方法")


@job_kind("test_broken", "测试：出错")
def _broken(progress) -> JobResult:
    raise RuntimeError("internal detail KeyError 'uscc'")


def test_a_job_waits_for_the_commit_then_runs_and_reports_every_step(
        db, django_capture_on_commit_callbacks):
    seen_steps.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = job_start("test_steps", steps=3)
        assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED and seen_steps == []
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert seen_steps == [(0, 3, "第 1 步"), (1, 3, "第 2 步"), (2, 3, "第 3 步")]
    assert (job.state, job.message, job.result_url, job.percent) == (
        Job.State.DONE, "分步完成", "/plan/indicators/", 100)
    assert job.started_at <= job.finished_at


def test_a_job_whose_transaction_rolls_back_never_runs(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_start("test_steps", steps=1)
    assert len(callbacks) == 1  # only a commit runs it; a rollback drops the callback with the row


def test_a_refused_job_fails_with_its_chinese_reason(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start("test_refused")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.get_state_display() == "失败"
    assert job.error == "评价方法已停用，请选择其他方法"


def test_a_broken_job_fails_in_chinese_and_keeps_the_traceback_in_the_log(
        db, django_capture_on_commit_callbacks, caplog):
    with caplog.at_level(logging.ERROR, logger="qiangshi.jobs"), \
            django_capture_on_commit_callbacks(execute=True):
        job = job_start("test_broken")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.finished_at is not None
    assert "任务执行出错" in job.error and f"任务编号 {job.pk}" in job.error
    assert "KeyError" not in job.error and "Traceback" not in job.error
    assert "RuntimeError: internal detail" in caplog.text


def test_a_job_delivered_twice_runs_once(db):
    job = Job.objects.create(kind="test_steps", title="分步", params={"steps": 1})
    seen_steps.clear()
    job_execute(job.pk)
    job_execute(job.pk)
    assert len(seen_steps) == 1


def test_an_evaluation_started_on_the_page_returns_at_once_and_its_job_links_the_run(
        client, ten_firms, make_user, django_capture_on_commit_callbacks):  # noqa: F811
    user = make_user("gxj", "analyst")
    login(client, "gxj")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/evaluation/new/", {"method": "shandong-default", "year": "2024"})
        # The request answered before any firm was evaluated.
        assert not Run.objects.exists()
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    run = Run.objects.get()
    assert (job.kind, job.started_by, job.state) == ("evaluation_run", user, Job.State.DONE)
    assert (job.done, job.total) == (3, 3) and run.firm_count == len(FIRMS)
    page = client.get(response.url).content.decode()
    assert "已完成" in page and f'href="/evaluation/runs/{run.pk}/"' in page and "查看评价结果" in page


def test_an_import_that_changes_the_registry_queues_one_recompute_job_by_the_importer(
        reference, make_user, django_capture_on_commit_callbacks):
    from qiangshi.accounts.context import Actor, acting_as
    from qiangshi.enterprises.registry_import import enterprise_import
    from qiangshi.plan.definition.services import plan_load
    from tests.plan.test_computed import REVENUE
    from tests.plan_data import mini_plan_text

    sentence = "    sentence: 规模以上工业营业收入突破1万亿元\n"
    with django_capture_on_commit_callbacks(execute=True):
        plan_load(mini_plan_text(**{sentence: sentence + REVENUE}))
    user = make_user("gxj", "analyst")
    # The importer's transaction commits inside its request, where the actor is the user.
    with acting_as(Actor(user=user, name="gxj", ip=None, channel="web")), \
            django_capture_on_commit_callbacks(execute=True):
        enterprise_import(enterprises_file([firm()]), "企业名录.xlsx")
    job = Job.objects.get(kind="figures_refresh", started_by=user)
    assert (job.state, job.title, job.params["registry"]) == (Job.State.DONE, "指标数据变更后重算", True)
    assert (job.done, job.total) == (3, 3)


def test_the_daily_alerts_and_reminders_job_runs_on_its_own_and_is_listed(mini_plan):
    from qiangshi.plan.tasks import alerts_every_morning

    alerts_every_morning.call_local()
    job = Job.objects.get(kind="alerts_refresh")
    assert job.started_by is None and job.state == Job.State.DONE
    assert job.message.startswith("预警：新增") and job.result_url == "/plan/alerts/"


def test_the_daily_alerts_job_is_registered_for_six_in_the_morning_in_beijing():
    periodic = {t.name: t for t in HUEY._registry.periodic_tasks}
    task = periodic["qiangshi.daily.alerts_refresh"]
    six_beijing = datetime.datetime(2026, 3, 2, 22, 0)  # huey checks periodic tasks in UTC
    assert task.validate_datetime(six_beijing)
    assert not task.validate_datetime(six_beijing.replace(hour=6))


@pytest.mark.parametrize("kind", ["evaluation_run", "tier_run", "figures_refresh", "alerts_refresh"])
def test_every_run_over_all_firms_is_a_declared_job_kind_with_a_chinese_label(kind):
    from qiangshi.jobs.services import KINDS

    assert kind in KINDS and not KINDS[kind].label.isascii()
