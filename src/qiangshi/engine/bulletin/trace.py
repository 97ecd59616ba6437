"""A fact traced back to the inputs: the value its source names, read or counted again from the
tables, so that a stored bulletin can be checked against the stored results it came from.

Sources (as the writers record them): ``table/key…/column`` for a stored value,
``table/key…/a-b`` for a difference of two columns, ``table/sum(column)``,
``indicators/count(status)`` and ``indicators/count(status=…)``, ``regions/CODE/count(yoy up|down|flat)``
and ``ranking/count(前移|后移|保持不变)``.
"""

from __future__ import annotations

import re

import polars as pl

from .inputs import BulletinInputs
from .words import Fact

KEYS = {
    "indicators": ["code"],
    "regions": ["region", "indicator"],
    "ranking": ["region"],
    "chains": ["chain"],
    "stalls": ["rule"],
    "dispatches": [],
    "mujun": ["grade"],
    "tiers": ["tier"],
    "reporting": ["unit"],
}
DIRECTIONS = {
    "up": pl.col("yoy").round(1) > 0,
    "down": pl.col("yoy").round(1) < 0,
    "flat": pl.col("yoy").round(1) == 0,
}
MOVES = {"前移": pl.col("moved") > 0, "后移": pl.col("moved") < 0, "保持不变": pl.col("moved") == 0}
#: How close a fact's value must be to the value traced (floating point of a difference).
TOLERANCE = 1e-9


def _counted(table: str, frame: pl.DataFrame, key: list[str], what: str) -> float | None:
    if table == "indicators" and what == "status":
        return frame.filter(pl.col("status").is_not_null()).height
    if table == "indicators" and what.startswith("status="):
        return frame.filter(pl.col("status") == what.removeprefix("status=")).height
    if table == "regions" and what.startswith("yoy ") and what[4:] in DIRECTIONS:
        return frame.filter((pl.col("indicator") == key[0]) & DIRECTIONS[what[4:]]).height
    if table == "ranking" and what in MOVES:
        moved = frame.filter(pl.col("rank").is_not_null() & pl.col("previous_rank").is_not_null())
        return (
            moved.with_columns((pl.col("previous_rank") - pl.col("rank")).alias("moved"))
            .filter(MOVES[what])
            .height
        )
    return None


def traced_value(inputs: BulletinInputs, source: str) -> float | None:
    """The value `source` names, from the inputs; None when the inputs do not hold it."""
    table, *key, what = source.split("/")
    frame = getattr(inputs, table, None) if table in KEYS else None
    if frame is None:
        return None
    if match := re.fullmatch(r"sum\((\w+)\)", what):
        return frame[match[1]].sum() if match[1] in frame.columns else None
    if match := re.fullmatch(r"count\((.+)\)", what):
        return _counted(table, frame, key, match[1])
    if table == "mujun" and not key:
        key, frame = [], frame.select("year").unique()
    columns = KEYS[table] if key else []
    if len(key) != len(columns):
        return None
    # regions' sources name the unit before the indicator, as the sentences do.
    row = (
        frame.filter(pl.all_horizontal(pl.col(c) == k for c, k in zip(columns, key, strict=True)))
        if key
        else frame
    )
    names = what.split("-")
    if row.height != 1 or not all(name in row.columns for name in names):
        return None
    values = [row[name][0] for name in names]
    if any(v is None for v in values):
        return None
    return values[0] - values[1] if len(values) == 2 else values[0]


def untraced(inputs: BulletinInputs, facts: list[Fact]) -> list[Fact]:
    """The facts whose value is not the value their source names in `inputs` (empty: all traced)."""
    wrong = []
    for fact in facts:
        value = traced_value(inputs, fact.source)
        if value is None or abs(value - fact.value) > TOLERANCE:
            wrong.append(fact)
    return wrong
