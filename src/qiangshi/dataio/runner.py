"""The one write path of every import: validated rows in, counts out, dry-run included.

`import_write` runs the importer's `write()` inside one transaction. A dry-run runs the same
validation (done by the caller before) and the SAME write, then rolls the transaction back,
so it reports the same counts (新增/更新/未变/拒绝) and messages as the real import and
cannot pass a file the real import would fail on. Writers read the stored rows they change
with `locked(...)` (SELECT … FOR UPDATE) inside that transaction, so two imports of the same
rows serialise and the second compares with, and records as "old", what the first wrote.
"""

from collections.abc import Callable

from django.db import transaction

from qiangshi.dataio.tables import ImportReport


def import_write(report: ImportReport, write: Callable[[], tuple[int, int]], *, valid_rows: int,
                 dry_run: bool, valid_only: bool) -> ImportReport:
    """Fill `report` with what `write()` (→ (created, updated)) does to the `valid_rows`
    validated rows; the rest of them are unchanged. Writes nothing when the report has
    errors and not `valid_only` (all-or-nothing), or when `dry_run` (a dry-run counts what
    the valid rows would do, whichever mode)."""
    if report.errors and not (valid_only or dry_run):
        return report
    with transaction.atomic():
        created, updated = write()
        report.created, report.updated = created, updated
        report.unchanged = valid_rows - created - updated
        if dry_run:
            transaction.set_rollback(True)
        else:
            report.written = bool(created or updated)
    return report


def locked(queryset):
    """`queryset` with its rows locked until the transaction ends, in primary-key order so
    that two imports locking overlapping rows cannot deadlock. No-op on SQLite, which
    writes one transaction at a time anyway."""
    return queryset.select_for_update(of=("self",)).order_by("pk")
