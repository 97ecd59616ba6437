"""What the target and carrier imports share: the text cells they keep or clear, and the one
write of validated rows against the stored rows they match (dataio.merge.compare), audited
row by row since bulk writes bypass the audit signals."""

import polars as pl

from qiangshi.accounts.audit import audit_changes
from qiangshi.accounts.models import AuditEvent
from qiangshi.dataio.merge import changes, compare, counted
from qiangshi.dataio.validation import CLEAR_MARK, filled


def cleared(column: str, value: pl.Expr, empty) -> pl.Expr:
    """`value`, or `empty` where the cell holds the clear mark."""
    return pl.when(pl.col(column) == CLEAR_MARK).then(empty).otherwise(value)


def clearable_number(column: str, value: str) -> pl.Expr:
    """A number cell as stored: its value, null where cleared."""
    return pl.when(filled(column)).then(pl.col(value)).otherwise(pl.lit(None, dtype=pl.Float64))


def keyed_write(model, valid: pl.DataFrame, stored: pl.DataFrame, *, fields: list[str],
                defaults: dict, label: str, extra: dict | None = None,
                decode: dict | None = None) -> tuple[int, int]:
    """Create the rows of `valid` whose `stored_id` is null (a field not given takes its
    default) and update the given fields of the others; `stored` holds `stored_id` and the
    fields as stored (read under lock). `extra` is set on new rows only; `decode` turns a
    field compared as text (JSON) back into what the model stores. Returns (created, updated)."""
    compared = compare(valid, stored, on=["stored_id"], fields=fields, id_column="stored_id",
                       model=model)
    new = compared.filter(pl.col("stored_id").is_null()).with_columns(
        pl.col(name).fill_null(value) for name, value in defaults.items())
    changed = compared.filter(pl.col("_changed"))
    decode = decode or {}

    def stored(row: dict) -> dict:
        return {name: decode[name](value) if name in decode else value for name, value in row.items()}

    created = model.objects.bulk_create([model(**stored(row), **(extra or {})) for row in new.select(
        fields).iter_rows(named=True)])
    model.objects.bulk_update([model(pk=row.pop("stored_id"), **stored(row)) for row in changed.select(
        "stored_id", *fields).iter_rows(named=True)], fields, batch_size=500)
    audit_changes(model, [(row.pk, row, {name: [None, getattr(row, name)] for name in fields}
                           | {"source": [None, label]}) for row in created],
                  action=AuditEvent.Action.CREATE)
    names = dict(changed.select("stored_id", "name").iter_rows())
    audit_changes(model, [(pk, names[pk], {**fields_changed, "source": [None, label]})
                          for pk, fields_changed in changes(changed, fields, id_column="stored_id")])
    return counted(compared)
