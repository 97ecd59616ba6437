"""The one write path of every import: validated rows in, counts out, dry-run included.

`import_write` runs the importer's `write()` inside one transaction. A dry-run runs the same
validation (done by the caller before) and the SAME write, then rolls the transaction back,
so it reports the same counts (新增/更新/未变/拒绝) and messages as the real import and
cannot pass a file the real import would fail on. Writers read the stored rows they change
with `locked(...)` (SELECT … FOR UPDATE) inside that transaction, so two imports of the same
rows serialise and the second compares with, and records as "old", what the first wrote.
"""

import logging
from collections.abc import Callable

from django.db import DataError, IntegrityError, connection, transaction

from qiangshi.dataio.tables import ImportReport, RowError

logger = logging.getLogger(__name__)
# Row locks cannot hold rows that do not exist yet: two imports creating the same new row
# at once meet at its unique constraint, and the second is told to run again.
CONCURRENT = "另一个导入同时写入了相同的记录，本次导入未写入任何数据，请重新导入"
REFUSED = "数据库拒绝写入（某个值超出了数据库列的范围），本次导入未写入任何数据，请联系管理员"


def import_write(report: ImportReport, write: Callable[[], tuple[int, int]], *, valid_rows: int,
                 dry_run: bool, valid_only: bool) -> ImportReport:
    """Fill `report` with what `write()` (→ (created, updated)) does to the `valid_rows`
    validated rows; the rest of them are unchanged. Writes nothing when the report has
    errors and not `valid_only` (all-or-nothing), or when `dry_run` (a dry-run counts what
    the valid rows would do, whichever mode)."""
    if report.errors and not (valid_only or dry_run):
        return report
    try:
        with transaction.atomic():
            created, updated = write()
            if dry_run:
                transaction.set_rollback(True)
    except (IntegrityError, DataError) as error:
        # Checks should keep every value within its column; the log says which one did not.
        logger.exception("import write refused by the database")
        reason = CONCURRENT if isinstance(error, IntegrityError) else REFUSED
        report.errors.append(RowError("", 0, "数据库", "", reason))
        return report
    report.created, report.updated = created, updated
    report.unchanged = valid_rows - created - updated
    report.written = not dry_run and bool(created or updated)
    return report


def locked(queryset):
    """`queryset` with its rows locked until the transaction ends, in primary-key order so
    that two imports locking overlapping rows cannot deadlock. No-op on SQLite, which
    writes one transaction at a time anyway."""
    return queryset.select_for_update(of=("self",)).order_by("pk")


def lock_ids(model, ids: list[int]) -> None:
    """Lock the `model` rows of `ids` (e.g. the firms whose figures an import writes), so that
    two imports touching them serialise, creating child rows included: a row lock cannot
    hold a row that does not exist yet, its parent's can."""
    if connection.features.has_select_for_update:  # SQLite: one writer at a time anyway
        list(locked(model.objects.filter(pk__in=ids)).values_list("pk", flat=True))
