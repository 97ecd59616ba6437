"""Deciding an appeal is a service (issue 12 §5): called here without a view or a request."""

import pytest

from qiangshi.evaluation.appeals import AppealRefused, appeal_decide
from qiangshi.evaluation.models import Appeal, Override, Result, Run
from qiangshi.evaluation.services import method_version_get, run_create
from qiangshi.jobs.models import Job
from tests.evaluation.test_runs import FIRMS, ten_firms  # noqa: F401 — ten firms in 历城


@pytest.fixture
def appeal(ten_firms):  # noqa: F811
    run = run_create(method_version_get("shandong-default"), 2024)
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    return Appeal.objects.create(result=worst, reason="用地面积含代征道路", requested_class="B")


@pytest.fixture
def analyst(make_user):
    return make_user("gxj", "analyst")


def decide(capture, appeal, **decision) -> Run:
    """The decision commits, its recomputation job runs; the run the job made."""
    with capture(execute=True):
        job = appeal_decide(appeal, **decision)
    job.refresh_from_db()
    assert job.state == "done", job.error
    return Run.objects.get(pk=job.result_url.rstrip("/").rsplit("/", 1)[1])


def test_an_upheld_appeal_forces_the_class_and_records_the_new_run(
        appeal, analyst, django_capture_on_commit_callbacks):
    run = decide(django_capture_on_commit_callbacks, appeal, upheld=True, note=" 核减用地后重算 ",
                 user=analyst)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decision, appeal.decided_by) == ("upheld", "核减用地后重算", analyst)
    assert appeal.new_run == run and appeal.decided_at is not None
    override = Override.objects.get(kind=Override.Kind.FORCE_CLASS)
    assert (override.klass, override.reason_code, override.year) == ("B", "APPEAL", 2024)
    assert Result.objects.get(run=run, uscc=FIRMS[0]).klass == "B"


def test_a_rejected_appeal_forces_nothing_and_keeps_the_grade(
        appeal, analyst, django_capture_on_commit_callbacks):
    before = appeal.result.klass
    run = decide(django_capture_on_commit_callbacks, appeal, upheld=False, note="证据不足",
                 user=analyst)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED and appeal.new_run == run
    assert not Override.objects.exists()
    assert Result.objects.get(run=run, uscc=FIRMS[0]).klass == before


def assert_refused_without_change(appeal, match, **decision):
    """The refusal says why in Chinese and leaves the appeal, the jobs and the overrides alone."""
    status, jobs, overrides = appeal.status, Job.objects.count(), Override.objects.count()
    with pytest.raises(AppealRefused, match=match):
        appeal_decide(appeal, **decision)
    appeal.refresh_from_db()
    assert appeal.status == status and Job.objects.count() == jobs
    assert Override.objects.count() == overrides


def test_a_decided_appeal_cannot_be_decided_twice(appeal, analyst):
    appeal_decide(appeal, upheld=False, note="证据不足", user=analyst)
    appeal.refresh_from_db()
    assert_refused_without_change(appeal, "已处理", upheld=True, note="改判", user=analyst)
    assert appeal.status == Appeal.Status.REJECTED


def test_a_decision_without_a_note_is_refused_and_changes_nothing(appeal, analyst):
    assert_refused_without_change(appeal, "请填写处理意见", upheld=True, note="  ", user=analyst)
    assert appeal.status == Appeal.Status.PENDING


def test_upholding_a_class_the_method_cannot_force_is_refused_and_changes_nothing(appeal, analyst):
    Appeal.objects.filter(pk=appeal.pk).update(requested_class="Z")
    appeal.refresh_from_db()
    assert_refused_without_change(appeal, "请求类别", upheld=True, note="同意", user=analyst)
    assert appeal.status == Appeal.Status.PENDING
