"""Comparing validated rows with the stored rows they would change, field by field.

An import changes only the fields a row gives (see dataio.validation: an absent column or
an empty cell keeps the stored value, 清空 clears it). The importer hands over, per field,
the new value (named by the field) and whether the row gives it (`given_flags`); `compare`
joins the stored rows (read under lock, see dataio.runner.locked) and yields, per field,
the value to store (`<field>`: new where given, else stored), the stored one (`old_<field>`)
and whether it changes (`_changed_<field>`). A stored id of null marks a new row.
"""

import polars as pl

# Half a cent of a 万元: money is stored with two decimals, so closer floats are equal.
SAME = 0.005


def given_flags(columns: dict[str, pl.Expr]) -> list[pl.Expr]:
    """`_given_<field>` columns from {field: whether the row gives that field}."""
    return [flag.fill_null(False).alias(f"_given_{name}") for name, flag in columns.items()]


def _differs(name: str, numeric: bool) -> pl.Expr:
    new, old = pl.col(name), pl.col(f"old_{name}")
    if numeric:
        return (new.is_null() != old.is_null()) | ((new - old).abs() > SAME).fill_null(False)
    return ~new.eq_missing(old)


def compare(new: pl.DataFrame, stored: pl.DataFrame, *, on: list[str], fields: list[str],
            id_column: str, numeric: tuple[str, ...] = ()) -> pl.DataFrame:
    """`new` (key columns `on`, the fields, `_given_<field>` flags) left-joined to `stored`
    (`id_column`, `on`, the fields as stored), with the merged values, `old_<field>`,
    `_changed_<field>` and `_changed` (any field changes) per row."""
    stored = stored.rename({name: f"old_{name}" for name in fields})
    joined = new.join(stored, on=on, how="left", nulls_equal=False)
    exists = pl.col(id_column).is_not_null()
    joined = joined.with_columns(
        pl.when(exists & ~pl.col(f"_given_{name}")).then(pl.col(f"old_{name}"))
        .otherwise(pl.col(name)).alias(name) for name in fields)
    changed = [(exists & _differs(name, name in numeric)).alias(f"_changed_{name}")
               for name in fields]
    joined = joined.with_columns(changed)
    return joined.with_columns(
        pl.any_horizontal(pl.col(f"_changed_{name}") for name in fields).alias("_changed"))


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
