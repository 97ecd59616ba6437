"""Issue 11 §5 for figures: two people saving the same figure — the second is told and sees
the other's value; concurrent imports lock the rows and never overwrite silently."""

import datetime
import threading
import time

import pytest
from django.db import connection

from qiangshi.accounts.models import Unit
from qiangshi.dataio.runner import CONCURRENT
from qiangshi.plan.figures import store as figures_module
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation, ObservationRevision, Submission
from qiangshi.plan.reporting.obligations import (
    due_for,
    report_form_save,
    submission_review,
    submission_submit,
)
from tests.conftest import login

FORM = "/plan/reporting/tjj/monthly_cumulative/2024-02/"
ROW = "指标代码,地区代码,期别,数值\nMFG-REV,370100,2024年1-2月,{}\n"


def _figure():
    return Observation.objects.get(indicator__code="MFG-REV", year=2024, month=2)


def test_a_reporter_saving_over_an_analysts_newer_figure_is_told_and_sees_it(
        client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    make_user("analyst", "analyst")
    login(client, "stats")
    client.post(FORM, {"action": "save", "value-MFG-REV": "100", "version-MFG-REV": ""})
    shown = _figure().version  # the version on the reporter's page from here on
    client.post("/logout/")
    login(client, "analyst")
    response = client.post(FORM, {"action": "save", "value-MFG-REV": "200",
                                  "version-MFG-REV": str(shown)})
    assert response.status_code == 302
    client.post("/logout/")
    login(client, "stats")
    page = client.post(FORM, {"action": "save", "value-MFG-REV": "150",
                              "version-MFG-REV": str(shown)}).content.decode()
    assert "该数据在您打开本页后已被analyst修改为 200，" in page
    assert 'name="value-MFG-REV" value="200"' in page  # the form now shows the other's value
    assert _figure().value == 200
    # With the version now shown, the reporter's deliberate correction goes through.
    client.post(FORM, {"action": "save", "value-MFG-REV": "150",
                       "version-MFG-REV": str(_figure().version)})
    assert _figure().value == 150
    assert [r.new_value for r in ObservationRevision.objects.order_by("pk")] == [100, 200, 150]


def test_a_figure_created_by_someone_else_after_the_form_opened_is_not_overwritten(
        client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    observation_import(ROW.format(300).encode(), "统计局.csv", plan=mini_plan)
    login(client, "stats")
    # The page was opened when there was no figure yet (empty version).
    page = client.post(FORM, {"action": "save", "value-MFG-REV": "1",
                              "version-MFG-REV": ""}).content.decode()
    assert "修改为 300" in page
    assert _figure().value == 300


def test_a_garbled_version_on_the_form_counts_as_stale_not_a_server_error(
        client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    observation_import(ROW.format(300).encode(), "统计局.csv", plan=mini_plan)
    login(client, "stats")
    # "²" passes str.isdigit() but int() refuses it: the version reader must not crash.
    response = client.post(FORM, {"action": "save", "value-MFG-REV": "1", "version-MFG-REV": "²"})
    assert response.status_code == 200
    assert "修改为 300" in response.content.decode()
    assert _figure().value == 300


class Parallel:
    """Two writers of the same figure: the first holds its row locks (pauses after writing,
    before commit) until the second has started and is waiting on them."""

    def __init__(self, monkeypatch):
        self.first_wrote, self.second_started = threading.Event(), threading.Event()
        self.results = {}
        write = figures_module.figures_write

        def write_then_wait(*args, **kwargs):
            counts = write(*args, **kwargs)
            if threading.current_thread().name == "first":
                self.first_wrote.set()
                self.second_started.wait(10)
                time.sleep(0.5)  # the second writer is now blocked on the row lock
            return counts

        monkeypatch.setattr(figures_module, "figures_write", write_then_wait)

    def run(self, first, second):
        def call(name, work, wait):
            try:
                if wait:
                    self.first_wrote.wait(10)
                    self.second_started.set()
                self.results[name] = work()
            finally:
                connection.close()

        threads = [threading.Thread(target=call, name=name, args=(name, work, name == "second"))
                   for name, work in (("first", first), ("second", second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        return self.results["first"], self.results["second"]


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="true parallel writes need PostgreSQL")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_imports_of_one_figure_serialise_and_record_the_true_old_value(
        mini_plan, monkeypatch):
    observation_import(ROW.format(1).encode(), "原始.csv", plan=mini_plan)
    first, second = Parallel(monkeypatch).run(
        lambda: observation_import(ROW.format(2).encode(), "一.csv", plan=mini_plan),
        lambda: observation_import(ROW.format(3).encode(), "二.csv", plan=mini_plan))
    assert first.written and second.written
    assert _figure().value == 3
    # The second import compared with what the first wrote: no change vanishes from history.
    history = list(ObservationRevision.objects.order_by("pk").values_list("old_value", "new_value"))
    assert history == [(None, 1), (1, 2), (2, 3)]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_reporter_and_an_analyst_saving_at_once_the_second_is_told(mini_plan, make_user,
                                                                      monkeypatch):
    stats, analyst = make_user("stats", "reporter", unit_codes=["tjj"]), make_user("ana", "analyst")
    observation_import(ROW.format(1).encode(), "原始.csv", plan=mini_plan)
    shown = _figure().version
    unit = Unit.objects.get(code="tjj")
    due = due_for(mini_plan, unit, "monthly_cumulative", "2024-02",
                  today=datetime.date(2024, 3, 20)).due

    def save(user, value):
        return lambda: report_form_save(mini_plan, unit, due, user=user, entries=[
            {"code": "MFG-REV", "value": value, "status": "最终", "version": shown}])

    first, second = Parallel(monkeypatch).run(save(analyst, "200"), save(stats, "150"))
    assert first.written and not second.written
    assert "已被ana修改为 200，" in second.errors[0].reason
    assert _figure().value == 200


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_parallel_imports_creating_one_new_figure_the_second_is_told(mini_plan, monkeypatch):
    first, second = Parallel(monkeypatch).run(
        lambda: observation_import(ROW.format(2).encode(), "一.csv", plan=mini_plan),
        lambda: observation_import(ROW.format(3).encode(), "二.csv", plan=mini_plan))
    assert first.written and not second.written
    assert second.errors[0].reason == CONCURRENT
    assert _figure().value == 2 and ObservationRevision.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_form_change_at_once_never_approve_a_changed_figure(
        mini_plan, make_user, monkeypatch):
    stats, analyst = make_user("stats", "reporter", unit_codes=["tjj"]), make_user("ana", "analyst")
    unit = Unit.objects.get(code="tjj")
    due = due_for(mini_plan, unit, "monthly_cumulative", "2024-02",
                  today=datetime.date(2024, 3, 20))
    report_form_save(mini_plan, unit, due.due, user=stats,
                     entries=[{"code": "MFG-REV", "value": "100", "status": "最终"}])
    submission_submit(mini_plan, unit, due, user=stats)
    submission = Submission.objects.get()
    first, second = Parallel(monkeypatch).run(
        lambda: report_form_save(mini_plan, unit, due.due, user=stats,
                                 entries=[{"code": "MFG-REV", "value": "120", "status": "最终"}]),
        lambda: submission_review(mini_plan, submission, approve=True, comment="", user=analyst))
    assert first.written and second is None
    submission.refresh_from_db()
    assert (submission.status, _figure().value) == ("draft", 120)
