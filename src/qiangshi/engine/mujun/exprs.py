"""Small polars helpers shared by the evaluation steps: group codes, the class type, rounding."""

from __future__ import annotations

import polars as pl

from .schema import ALL_CLASSES, Indicator

GROUP_CODES = {"规上": 0, "规下": 1}
CLASS_DTYPE = pl.Enum(list(ALL_CLASSES))
Specs = dict[str, list[tuple[str, Indicator]]]  # indicator key → (group, its spec in that group)


def add(df: pl.DataFrame, *exprs, **named) -> pl.DataFrame:
    """with_columns through the lazy engine: common subexpressions are computed once (eager mode
    has no such optimisation, and the scoring expressions share windows and branches)."""
    return df.lazy().with_columns(*exprs, **named).collect(engine="in-memory")


def rounded(expr: pl.Expr, decimals: int | None) -> pl.Expr:
    """四舍五入 (half away from zero) to the method's decimals; None: no rounding."""
    return expr if decimals is None else expr.round(decimals, mode="half_away_from_zero")


def nulls(n: int, dtype: pl.DataType) -> pl.Series:
    return pl.select(pl.repeat(None, n, dtype=dtype)).to_series()


def class_lit(name: str) -> pl.Expr:
    return pl.lit(name, dtype=CLASS_DTYPE)


def by_group(parts: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """when(group is g1).then(e1).when(group is g2).then(e2) …, null for other rows."""
    expr = pl.when(pl.col("_g") == GROUP_CODES[parts[0][0]]).then(parts[0][1])
    for group, part in parts[1:]:
        expr = expr.when(pl.col("_g") == GROUP_CODES[group]).then(part)
    return expr
