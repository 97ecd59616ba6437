"""Two imports of the same firm-years at once (issue 11 §5): they serialise on row locks,
and the second records the first's values as its old values. PostgreSQL only: SQLite
writes one transaction at a time and has no row locks to test."""

import threading
import time

import pytest
from django.db import connection

from qiangshi.enterprises import fact_import as facts_module
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Fact, FactRevision
from qiangshi.enterprises.registry_import import enterprise_import
from tests.enterprises.conftest import enterprises_file, fact, facts_file, firm

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks need PostgreSQL")


def test_two_imports_of_the_same_firm_year_serialise_and_keep_true_old_values(
        transactional_db, reference, monkeypatch):
    assert enterprise_import(enterprises_file([firm()]), "企业.xlsx").written
    assert fact_import(facts_file([fact(revenue="100", profit="1")]), "一.xlsx").written
    first_read = threading.Event()
    original = facts_module._stored_facts

    def slow_for_the_first(ids):
        stored = original(ids)
        if threading.current_thread().name == "first":
            first_read.set()
            time.sleep(1.0)  # the second import starts while the first holds its locks
        return stored

    monkeypatch.setattr(facts_module, "_stored_facts", slow_for_the_first)
    reports = {}

    def run(revenue):
        try:
            reports[revenue] = fact_import(facts_file([fact(revenue=revenue, profit="1")]),
                                           f"{revenue}.xlsx")
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("200",), name="first")
    second = threading.Thread(target=run, args=("300",), name="second")
    first.start()
    assert first_read.wait(10)
    second.start()
    first.join(20)
    second.join(20)
    assert reports["200"].updated == reports["300"].updated == 1
    assert Fact.objects.get().revenue == 300
    trail = [(r.old_value, r.new_value) for r in
             FactRevision.objects.filter(field="revenue").order_by("pk")]
    assert trail == [("100.0", "200.0"), ("200.0", "300.0")]


def test_two_imports_creating_the_same_new_firm_at_once_end_in_one_firm_and_a_chinese_retry(
        transactional_db, reference, monkeypatch):
    from qiangshi.dataio.runner import CONCURRENT
    from qiangshi.enterprises import registry_import as registry_module
    from qiangshi.enterprises.models import Enterprise

    first_read = threading.Event()
    original = registry_module._stored_enterprises

    def slow_for_the_first(usccs):
        stored = original(usccs)
        if threading.current_thread().name == "first":
            first_read.set()
            time.sleep(1.0)
        return stored

    monkeypatch.setattr(registry_module, "_stored_enterprises", slow_for_the_first)
    reports = {}

    def run(name):
        try:
            reports[name] = enterprise_import(enterprises_file([firm(name=name)]), f"{name}.xlsx")
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first",), name="first")
    second = threading.Thread(target=run, args=("second",), name="second")
    first.start()
    assert first_read.wait(10)
    second.start()
    first.join(20)
    second.join(20)
    # Whichever inserts first wins; the other is refused whole, with a reason to retry.
    [winner] = [name for name, report in reports.items() if report.written]
    [loser] = [report for report in reports.values() if not report.written]
    assert reports[winner].created == 1 and [e.reason for e in loser.errors] == [CONCURRENT]
    assert list(Enterprise.objects.values_list("name", flat=True)) == [winner]
