"""Deciding an appeal is a service (issue 12 §5): called here without a view or a request."""

from decimal import Decimal

import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.enterprises.models import FactRevision
from qiangshi.evaluation.appeals import (
    AppealRefused,
    appeal_decide,
    appeal_submit,
    corrections_read,
    requestable_classes,
)
from qiangshi.evaluation.models import Appeal, Override, Result, Run
from qiangshi.evaluation.services import method_version_get, run_create
from qiangshi.jobs.models import Job
from tests.evaluation.test_runs import FIRMS, ten_firms  # noqa: F401 — ten firms in 历城


@pytest.fixture
def run(ten_firms):  # noqa: F811
    return run_create(method_version_get("shandong-default"), 2024)


@pytest.fixture
def appeal(run):
    """The lowest firm (10 万元 tax and 1,000 万元 revenue on 10 亩) says both figures were
    entered a decimal place short."""
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    return Appeal.objects.create(result=worst, reason="税收与营业收入录入少一位",
                                 corrections={"tax_paid": "105.00", "revenue": "10500.00"})


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


def test_an_upheld_appeal_corrects_the_figures_and_the_new_run_grades_from_them(
        appeal, analyst, django_capture_on_commit_callbacks):
    run = decide(django_capture_on_commit_callbacks, appeal, upheld=True, note=" 核实税票后更正 ",
                 user=analyst)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decision, appeal.decided_by) == ("upheld", "核实税票后更正", analyst)
    assert appeal.new_run == run and appeal.decided_at is not None
    revisions = {r.field: r for r in FactRevision.objects.filter(fact__enterprise__uscc=FIRMS[0])}
    assert set(revisions) == {"tax_paid", "revenue"}
    assert (Decimal(revisions["tax_paid"].old_value), Decimal(revisions["tax_paid"].new_value)) == (
        Decimal(10), Decimal(105))
    assert revisions["revenue"].source == f"亩均评价异议 #{appeal.pk}（2024年度）"
    assert revisions["revenue"].changed_by == analyst
    audited = AuditEvent.objects.get(object_type="enterprises.Fact",
                                     object_id=str(revisions["tax_paid"].fact_id))
    assert audited.changes["tax_paid"] == ["10.00", "105.00"]
    # By hand: 105 万元 on 10 亩 = 10.5 万元/亩, above the best firm's 10; 10,500 万元 revenue
    # likewise; every other figure is equal, so the firm ranks first of ten and is A by the
    # method's shares, not by any override.
    corrected = Result.objects.get(run=run, uscc=FIRMS[0])
    assert corrected.detail["value_tax_per_mu"] == pytest.approx(10.5)
    assert (corrected.rank, corrected.rank_of, corrected.klass) == (1, 10, "A")
    assert Result.objects.get(run=run, uscc=FIRMS[-1]).rank == 2
    assert not Override.objects.exists()
    assert not any("调整" in rule for rule in corrected.rules)


def test_a_forced_class_is_an_explicit_override_with_one_of_the_methods_reason_codes(
        run, analyst, django_capture_on_commit_callbacks):
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    appeal = Appeal.objects.create(result=worst, reason="用地面积含代征道路", requested_class="B")
    new = decide(django_capture_on_commit_callbacks, appeal, upheld=True, note="现场核实",
                 user=analyst, force_class="B", reason_code="REVIEW")
    override = Override.objects.get(kind=Override.Kind.FORCE_CLASS)
    assert (override.klass, override.reason_code, override.year) == ("B", "REVIEW", 2024)
    appeal.refresh_from_db()
    assert (appeal.forced_class, appeal.forced_reason_code) == ("B", "REVIEW")
    forced = Result.objects.get(run=new, uscc=FIRMS[0])
    assert forced.klass == "B"
    assert "经异议复核调整类别（异议复核：现场核实），调整为B类" in forced.rules
    assert not any("REVIEW" in rule or "APPEAL" in rule for rule in forced.rules)
    assert forced.detail["class_by_score"] == "C"  # the class its total gives, kept beside
    assert not FactRevision.objects.exists()


def test_a_rejected_appeal_changes_no_figure_forces_nothing_and_starts_no_run(appeal, analyst):
    runs, jobs = Run.objects.count(), Job.objects.count()
    assert appeal_decide(appeal, upheld=False, note="证据不足", user=analyst) is None
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED and appeal.new_run is None
    assert (Run.objects.count(), Job.objects.count()) == (runs, jobs)
    assert not Override.objects.exists() and not FactRevision.objects.exists()


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


@pytest.mark.parametrize(("force_class", "reason_code", "match"), [
    ("Z", "REVIEW", "指定类别“Z”无效"),
    ("T", "REVIEW", "指定类别“T”无效"),  # not evaluated is an exemption, not a grade
    ("B", "", "须选择评价方法规定的原因"),
    ("B", "APPEAL", "须选择评价方法规定的原因"),
])
def test_forcing_a_class_outside_the_method_or_without_its_reason_code_is_refused(
        appeal, analyst, force_class, reason_code, match):
    assert_refused_without_change(appeal, match, upheld=True, note="同意", user=analyst,
                                  force_class=force_class, reason_code=reason_code)
    assert appeal.status == Appeal.Status.PENDING and not FactRevision.objects.exists()


def test_upholding_an_appeal_that_corrects_nothing_and_forces_nothing_is_refused(run, analyst):
    appeal = Appeal.objects.create(result=Result.objects.get(run=run, uscc=FIRMS[0]), reason="不服")
    assert_refused_without_change(appeal, "须更正企业数据或指定类别", upheld=True, note="同意",
                                  user=analyst)


@pytest.mark.parametrize(("requested", "match"), [
    ("Z", "请求类别“Z”无效"),
    ("T", "请求类别“T”无效"),
    ("C", "应优于现类别"),  # the lowest of ten is C (10 × 95 % rounds to 10, so no D)
    ("D", "应优于现类别"),
])
def test_the_requested_class_must_be_a_grade_better_than_the_current_one(run, requested, match):
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    assert worst.klass == "C"
    with pytest.raises(AppealRefused, match=match):
        appeal_submit(worst, reason="不服", evidence="", requested_class=requested)
    assert appeal_submit(worst, reason="不服", evidence="", requested_class="B").requested_class == "B"
    assert requestable_classes("C", run.method.content) == ("A", "B")
    assert requestable_classes("T", run.method.content) == ("A", "B", "C", "D")


def test_corrections_are_read_as_stored_numbers_and_bad_pairs_are_refused():
    assert corrections_read(["tax_paid", "", "employees"], ["1,234.5", "", "60"]) == {
        "tax_paid": "1234.50", "employees": "60"}
    assert corrections_read(["profit"], ["-20"]) == {"profit": "-20.00"}  # a loss is a figure
    for fields, values, match in [
        (["tax_paid"], ["-1"], "不能为负数"), (["tax_paid"], [""], "请填写"),
        (["tax_paid"], ["abc"], "应为数字"), (["water"], ["3"], "请选择要更正的数据项"),
        (["tax_paid", "tax_paid"], ["1", "2"], "填写了两次")]:
        with pytest.raises(AppealRefused, match=match):
            corrections_read(fields, values)
