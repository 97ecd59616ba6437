"""Classifying validated rows against the stored rows they would change, field by field.

Every import sorts each row of its file into one of four kinds: new (nothing stored under
its key), changed (a field differs from the stored one by more than the field's tolerance),
unchanged, or rejected (a check refused it; dataio.validation reports those). The kind is
decided here, once for every import, and the same way in a dry-run (dataio.runner runs the
same write and rolls it back).

An import changes only the fields a row gives (an absent column or an empty cell keeps the
stored value, 清空 clears it). The importer hands over, per field, the new value (named by
the field) and whether the row gives it (`given_flags`); `compare` joins the stored rows
(read under lock, see dataio.runner.locked) and yields, per field, the value to store
(`<field>`: new where given, else stored), the stored one (`old_<field>`) and whether it
changes (`_changed_<field>`), and per row its kind (`_change`). A stored id of null marks a
new row.
"""

from dataclasses import dataclass

import polars as pl
from django.db import models

NEW, CHANGED, UNCHANGED, REJECTED = "new", "changed", "unchanged", "rejected"


@dataclass(frozen=True)
class Tolerance:
    """How far a stored number may be from the incoming one and still be the same figure:
    within `absolute`, or within `relative` of the larger of the two."""

    absolute: float = 0.0
    relative: float = 0.0


# A float survives text (Excel, CSV) to about 15 significant digits: closer is the same float,
# however large the figure (an absolute bound alone would call 1e8 re-read a change).
FLOAT = Tolerance(absolute=1e-9, relative=1e-9)


def field_tolerance(model, name: str) -> Tolerance | None:
    """The tolerance of a stored field: half a unit of its last decimal place for a decimal
    (money stored with two decimals: half a cent of a 万元), FLOAT for a float, None (exact)
    for everything else."""
    field = model._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return Tolerance(absolute=0.5 * 10 ** -field.decimal_places)
    if isinstance(field, models.FloatField):
        return FLOAT
    return None


def differs(new: pl.Expr, old: pl.Expr, tolerance: Tolerance | None) -> pl.Expr:
    """Whether `new` is another value than `old` (a null against a value differs)."""
    if tolerance is None:
        return ~new.eq_missing(old)
    bound = pl.max_horizontal(pl.lit(tolerance.absolute),
                              tolerance.relative * pl.max_horizontal(new.abs(), old.abs()))
    return (new.is_null() != old.is_null()) | ((new - old).abs() > bound).fill_null(False)


def change_kind(exists: pl.Expr, changed: pl.Expr) -> pl.Expr:
    """NEW where nothing is stored, else CHANGED or UNCHANGED."""
    return (pl.when(~exists).then(pl.lit(NEW)).when(changed).then(pl.lit(CHANGED))
            .otherwise(pl.lit(UNCHANGED)))


def given_flags(columns: dict[str, pl.Expr]) -> list[pl.Expr]:
    """`_given_<field>` columns from {field: whether the row gives that field}."""
    return [flag.fill_null(False).alias(f"_given_{name}") for name, flag in columns.items()]


def compare(new: pl.DataFrame, stored: pl.DataFrame, *, on: list[str], fields: list[str],
            id_column: str, model, tolerance: dict[str, Tolerance | None] | None = None
            ) -> pl.DataFrame:
    """`new` (key columns `on`, the fields, `_given_<field>` flags) left-joined to `stored`
    (`id_column`, `on`, the fields as stored), with the merged values, `old_<field>`,
    `_changed_<field>`, `_changed` (any field changes) and `_change` (NEW, CHANGED or
    UNCHANGED) per row. Each field is compared within `tolerance[field]` if given, else
    within the tolerance of `model`'s field (field_tolerance)."""
    tolerance = tolerance or {}
    stored = stored.rename({name: f"old_{name}" for name in fields})
    joined = new.join(stored, on=on, how="left", nulls_equal=False)
    exists = pl.col(id_column).is_not_null()
    joined = joined.with_columns(
        pl.when(exists & ~pl.col(f"_given_{name}")).then(pl.col(f"old_{name}"))
        .otherwise(pl.col(name)).alias(name) for name in fields)
    joined = joined.with_columns(
        (exists & differs(pl.col(name), pl.col(f"old_{name}"),
                          tolerance[name] if name in tolerance else field_tolerance(model, name))
         ).alias(f"_changed_{name}") for name in fields)
    changed = pl.any_horizontal(pl.col(f"_changed_{name}") for name in fields)
    return joined.with_columns(changed.alias("_changed"),
                               change_kind(exists, changed).alias("_change"))


def counted(compared: pl.DataFrame, column: str = "_change") -> tuple[int, int]:
    """(new rows, changed rows) of a classified frame."""
    counts = dict(compared[column].value_counts().iter_rows())
    return counts.get(NEW, 0), counts.get(CHANGED, 0)


def changes(compared: pl.DataFrame, fields: list[str], *, id_column: str
            ) -> list[tuple[int, dict]]:
    """(stored id, {field: [old, new]}) for each changed row, for audit entries."""
    rows = compared.filter(pl.col("_changed")).select(
        id_column, *[pl.struct(old=f"old_{n}", new=n, flag=f"_changed_{n}").alias(n)
                     for n in fields])
    return [(row[id_column], {n: [_plain(row[n]["old"]), _plain(row[n]["new"])]
                              for n in fields if row[n]["flag"]})
            for row in rows.iter_rows(named=True)]


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
