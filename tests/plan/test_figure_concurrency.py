"""Issue 11 §5 for figures: two people saving the same figure — the second is told and sees
the other's value; concurrent imports lock the rows and never overwrite silently."""

import threading
import time

import pytest
from django.db import connection

from qiangshi.plan import observation_import as figures_module
from qiangshi.plan.models import Observation, ObservationRevision
from qiangshi.plan.observation_import import CHANGED_SINCE_READ, observation_import
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
    assert "该数据在您打开本页后已被analyst修改为 200" in page
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


def test_a_write_whose_rows_changed_after_validation_writes_nothing(mini_plan, monkeypatch):
    observation_import(ROW.format(1).encode(), "一.csv", plan=mini_plan)
    classified = figures_module._classified

    def someone_writes_between(valid):
        rows = classified(valid)
        Observation.objects.filter(indicator__code="MFG-REV").update(value=7, version=9)
        return rows

    monkeypatch.setattr(figures_module, "_classified", someone_writes_between)
    report = observation_import(ROW.format(2).encode(), "二.csv", plan=mini_plan)
    assert not report.written and report.errors[0].reason == CHANGED_SINCE_READ
    assert _figure().value == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="true parallel writes need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_parallel_imports_of_one_figure_one_wins_the_other_is_told(mini_plan, monkeypatch):
    observation_import(ROW.format(1).encode(), "原始.csv", plan=mini_plan)
    first_claimed, second_started = threading.Event(), threading.Event()
    claim = figures_module._claim
    reports = {}

    def claim_then_wait(changed):
        claim(changed)
        if threading.current_thread().name == "first":
            first_claimed.set()
            second_started.wait(10)
            time.sleep(0.5)  # the second import is now blocked on the row lock

    monkeypatch.setattr(figures_module, "_claim", claim_then_wait)

    def run(name, value, wait=None):
        try:
            if wait is not None:
                wait.wait(10)
                second_started.set()
            reports[name] = observation_import(ROW.format(value).encode(), f"{name}.csv",
                                               plan=mini_plan)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, name="first", args=("first", 2)),
               threading.Thread(target=run, name="second", args=("second", 3, first_claimed))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert reports["first"].written
    assert not reports["second"].written
    assert reports["second"].errors[0].reason == CHANGED_SINCE_READ
    assert _figure().value == 2
    history = list(ObservationRevision.objects.order_by("pk").values_list("old_value", "new_value"))
    assert history == [(None, 1), (1, 2)]
