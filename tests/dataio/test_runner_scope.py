import polars as pl
import pytest
from django.db import DataError, IntegrityError

from qiangshi.accounts.audit import audit_changes
from qiangshi.accounts.models import AuditEvent, Region
from qiangshi.accounts.scoping import scope_expr
from qiangshi.dataio.runner import CONCURRENT, REFUSED, import_write, locked
from qiangshi.dataio.scope import (
    FILE_OUT_OF_SCOPE,
    MOVE_NEEDS_ANALYST,
    STORED_OUT_OF_SCOPE,
    visible_ids,
    write_scope_checks,
)
from qiangshi.dataio.tables import ImportReport, RowError
from qiangshi.dataio.validation import apply_checks


def _write_two_notes():
    """Creates one row, changes one (of three valid rows): (created, updated)."""
    region = locked(Region.objects.filter(code="370102")).get()
    audit_changes(Region, [(region.pk, region.name, {"note": ["", "x"]})])
    return 1, 1


@pytest.mark.django_db
def test_dry_run_reports_what_the_real_write_reports_and_writes_nothing(reference):
    before = AuditEvent.objects.count()
    dry = import_write(ImportReport(rows=4, errors=[RowError("s", 5, "c", "", "坏")]),
                       _write_two_notes, valid_rows=3, dry_run=True, valid_only=False)
    assert AuditEvent.objects.count() == before and not dry.written
    real = import_write(ImportReport(rows=4, errors=[RowError("s", 5, "c", "", "坏")]),
                        _write_two_notes, valid_rows=3, dry_run=False, valid_only=True)
    assert AuditEvent.objects.count() == before + 1 and real.written
    assert (dry.created, dry.updated, dry.unchanged, dry.errors) \
        == (real.created, real.updated, real.unchanged, real.errors) == (1, 1, 1, real.errors)


@pytest.mark.django_db
def test_an_import_with_errors_writes_nothing_unless_valid_only(reference):
    before = AuditEvent.objects.count()
    report = import_write(ImportReport(rows=1, errors=[RowError("s", 2, "c", "", "坏")]),
                          _write_two_notes, valid_rows=0, dry_run=False, valid_only=False)
    assert (report.created, report.written, AuditEvent.objects.count()) == (0, False, before)


@pytest.mark.django_db
def test_audit_changes_records_old_and_new_values_per_row(reference):
    region = Region.objects.get(code="370102")
    assert audit_changes(Region, [(region.pk, region.name, {"note": [None, "甲"]}),
                                  (region.pk, region.name, {})]) == 1
    event = AuditEvent.objects.latest("pk")
    assert (event.object_type, event.object_id, event.changes) == (
        "accounts.Region", str(region.pk), {"note": [None, "甲"]})


@pytest.mark.django_db
def test_write_scope_refuses_rows_outside_the_file_scope_the_stored_scope_and_moves(
        lixia_user, huaiyin_user):
    lixia, huaiyin = (Region.objects.get(code=c).pk for c in ("370102", "370104"))
    rows = pl.DataFrame({
        "_sheet": ["s"] * 4, "_row": [2, 3, 4, 5],
        "region": ["历下区", "槐荫区", "历下区", "历下区"],
        "region_id": [lixia, huaiyin, lixia, lixia],
        # new; new elsewhere; stored in 槐荫 (renamed, moved into 历下); stored in 历下
        "stored_id": [None, None, huaiyin, lixia],
        "stored_region_id": [None, None, huaiyin, lixia],
    })
    visible = visible_ids(Region, lixia_user, [lixia, huaiyin])
    assert visible == [lixia]
    checks = write_scope_checks(
        lixia_user, header="所在区县", column="region",
        file_in_scope=scope_expr(lixia_user, region="region_id"), stored_id="stored_id",
        visible=visible, moved=pl.col("region_id") != pl.col("stored_region_id"))
    valid, errors = apply_checks(rows, checks)
    assert valid["_row"].to_list() == [2, 5]
    assert [(e.row, e.reason) for e in errors] == [
        (3, FILE_OUT_OF_SCOPE), (4, STORED_OUT_OF_SCOPE), (4, MOVE_NEEDS_ANALYST)]
    assert write_scope_checks(None, header="", column="region", file_in_scope=pl.lit(False),
                              stored_id="stored_id", visible=[]) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("error", "reason"), [(IntegrityError, CONCURRENT), (DataError, REFUSED)])
def test_a_write_the_database_refuses_is_reported_in_chinese_and_leaves_nothing(
        reference, error, reason):
    before = AuditEvent.objects.count()

    def refused():
        _write_two_notes()
        raise error("duplicate key value violates unique constraint")

    report = import_write(ImportReport(rows=1), refused, valid_rows=1, dry_run=False,
                          valid_only=False)
    assert not report.written and AuditEvent.objects.count() == before
    assert [(e.column, e.reason) for e in report.errors] == [("数据库", reason)]
