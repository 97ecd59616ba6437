"""Writing validated figures: compare with the stored rows (read under a row lock), refuse
what the approval lock or a form's version forbids, upsert, keep a revision per change.

Runs inside the import's transaction, so two writers of the same figures serialise on the
row locks: the second compares with, and records as "old", what the first wrote. A cell
that was absent or empty keeps the stored value; 清空 clears it (dataio.validation).
"""

import polars as pl
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.dataio.bulk import bulk_update_rows
from qiangshi.dataio.merge import UNCHANGED, change_kind, differs, field_tolerance
from qiangshi.dataio.runner import locked
from qiangshi.dataio.tables import RowError
from qiangshi.dataio.validation import Check, apply_checks, filled, given
from qiangshi.plan.figures.changes import figures_changed
from qiangshi.plan.figures.rules import FormBounds, locked_figures
from qiangshi.plan.models import Observation, ObservationRevision, Plan

KEY = ["indicator_id", "region_id", "year", "month", "period_type"]
UPDATED = ["value", "yoy_growth", "status", "source", "source_kind", "computed_from",
           "updated_by", "updated_at", "version"]
CHANGED_SINCE_SHOWN = "该数据在您打开本页后已被{}修改为 {}，未保存；请核对后重新保存"


def _stored(valid: pl.DataFrame) -> pl.DataFrame:
    """The stored figures the rows may change, locked until the transaction ends."""
    stored = list(locked(Observation.objects.filter(
        indicator_id__in=valid["indicator_id"].unique().to_list(),
        region_id__in=valid["region_id"].unique().to_list(),
        year__in=valid["year"].unique().to_list(),
    )).values_list("pk", *KEY, "value", "status", "yoy_growth", "source", "version",
                   "updated_by_id"))
    # Names read after the lock: a joined column would come from before the lock's wait.
    names = dict(get_user_model().objects.filter(pk__in={row[-1] for row in stored})
                 .values_list("pk", "display_name"))
    return pl.DataFrame(
        [(*row[:-1], names.get(row[-1])) for row in stored], orient="row",
        schema={"observation_id": pl.Int64, **dict.fromkeys(KEY[:2], pl.Int64),
                "year": pl.Int64, "month": pl.Int64, "period_type": pl.String,
                "old_value": pl.Float64, "old_status": pl.String, "old_yoy": pl.Float64,
                "old_source": pl.String, "old_version": pl.Int64, "old_by": pl.String},
    )


def classified(valid: pl.DataFrame) -> pl.DataFrame:
    """Rows with the values they leave stored (new_*) and `change` (dataio.merge: NEW,
    CHANGED or UNCHANGED; a figure within its field's tolerance is unchanged)."""
    rows = valid.join(_stored(valid), on=KEY, how="left").with_columns(
        pl.when(given("yoy")).then("yoy_number").otherwise("old_yoy").alias("new_yoy"),
        pl.when(given("status")).then("status_code")
        .otherwise(pl.col("old_status").fill_null(Observation.Status.FINAL)).alias("new_status"),
        pl.when(filled("source")).then("source").when(given("source")).then(pl.lit(""))
        .otherwise(pl.col("old_source").fill_null("")).alias("new_source"),
    )
    changed = pl.any_horizontal(
        differs(pl.col(new), pl.col(old), field_tolerance(Observation, name))
        for new, old, name in [("number", "old_value", "value"), ("new_yoy", "old_yoy", "yoy_growth"),
                               ("new_status", "old_status", "status"),
                               ("new_source", "old_source", "source")])
    return rows.with_columns(
        change_kind(pl.col("observation_id").is_not_null(), changed).alias("change"))


def write_checks(rows: pl.DataFrame, plan: Plan, indicators: pl.DataFrame,
                 form: FormBounds | None) -> tuple[pl.DataFrame, list[RowError]]:
    """Checks on rows that would change a stored figure: the approval lock, and for typed
    figures the version the form showed (optimistic concurrency)."""
    writes = pl.col("change") != UNCHANGED
    rows = rows.join(locked_figures(plan, indicators), on=KEY, how="left")
    checks = [Check("期别", "period", None, writes & pl.col("lock_reason").is_not_null(),
                    "lock_reason")]
    if form is not None and form.versions is not None:
        shown = pl.col("indicator_id").replace_strict(form.versions, default=None,
                                                      return_dtype=pl.Int64)
        who = pl.col("old_by").replace("", None).fill_null("其他用户")
        checks.append(Check(
            "数值", "value",
            pl.format(CHANGED_SINCE_SHOWN, who, pl.col("old_value").round(6).cast(pl.String)
                      .str.replace(r"\.0$", "")),
            writes & pl.col("indicator_id").is_in(list(form.versions))
            & ~pl.col("old_version").eq_missing(shown)))
    valid, errors = apply_checks(rows, checks)
    return valid.drop("lock_reason"), errors


def figures_write(plan: Plan, rows: pl.DataFrame, *, filename: str, digest: str, user,
                  source_kind: str) -> tuple[int, int]:
    """Insert the new rows, update the changed ones (version + 1), one revision each;
    returns (created, updated)."""
    actor = current_actor()
    by = user if user is not None else actor.user
    new = rows.filter(pl.col("change") == "new")
    created = Observation.objects.bulk_create([
        Observation(indicator_id=r["indicator_id"], region_id=r["region_id"], year=r["year"],
                    month=r["month"], period_type=r["period_type"], value=r["number"],
                    yoy_growth=r["new_yoy"], status=r["new_status"],
                    source_kind=source_kind, source=r["new_source"],
                    computed_from_id=r["trace"], updated_by=by)
        for r in new.iter_rows(named=True)
    ])
    changed = rows.filter(pl.col("change") == "changed")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    bulk_update_rows(Observation, UPDATED, changed.select(
        "number", "new_yoy", "new_status", "new_source", pl.lit(source_kind).alias("kind"),
        "trace", pl.lit(by.pk if by is not None else None)
        .alias("by"), pl.lit(now).alias("at"), pl.col("old_version") + 1, "observation_id",
    ).rows())
    ObservationRevision.objects.bulk_create([
        ObservationRevision(observation=o, old_value=None, new_value=o.value, old_status="",
                            new_status=o.status, source=f"导入 {filename}", changed_by=by,
                            changed_by_name=actor.name)
        for o in created
    ] + [
        ObservationRevision(observation_id=r["observation_id"], old_value=r["old_value"],
                            new_value=r["number"], old_status=r["old_status"],
                            new_status=r["new_status"], source=f"导入 {filename}",
                            changed_by=by, changed_by_name=actor.name)
        for r in changed.iter_rows(named=True)
    ])
    if created or changed.height:
        figures_changed(plan)
        audit_record(action=AuditEvent.Action.UPDATE, obj=plan, changes={
            "observation_import": {"file": filename, "sha256": digest, "created": len(created),
                                   "updated": changed.height},
        })
    return len(created), changed.height
