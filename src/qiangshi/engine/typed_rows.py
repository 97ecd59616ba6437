"""Rows handed to an engine method as a table of declared column types, with every value that
cannot be read as its column's type named (row, column label, value) instead of read as null."""

from __future__ import annotations

import polars as pl


def cast_rows(
    rows: list[dict] | pl.DataFrame, schema: dict, labels: dict[str, str], what: str = ""
) -> tuple[pl.DataFrame | None, list[str]]:
    """`rows` with exactly the columns of `schema`, cast; a missing column comes in as nulls.

    A value that cannot be read as its column's type (revenue "约五百万") is a problem with its
    row number, rather than a null that would pass for "not reported"; with any problem the
    frame is None and the caller refuses the table. `what` names the table in the problems."""
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(rows, infer_schema_length=None)
    missing = [
        pl.lit(None, dtype=dtype).alias(column)
        for column, dtype in schema.items()
        if column not in frame.columns
    ]
    frame = frame.with_columns(missing)
    problems = []
    for column, dtype in schema.items():
        if isinstance(dtype, pl.List) or frame.schema[column] == dtype:
            continue
        unread = frame.with_row_index("row").filter(
            pl.col(column).is_not_null() & pl.col(column).cast(dtype, strict=False).is_null()
        )
        problems += [
            f"{what}第 {row + 1} 行：{labels[column]}的值“{value}”无法识别"
            for row, value in unread.select("row", pl.col(column).cast(pl.Utf8, strict=False)).iter_rows()
        ]
    if problems:
        return None, problems
    return frame.select(pl.col(column).cast(dtype) for column, dtype in schema.items()), []
