"""A fact's source ("indicators/MFG-REV/value", "regions/MFG-REV/count(yoy up)") in words, for
the page that shows where each number of a bulletin comes from: table, the row it names (an
indicator's or a unit's name) and the column or count, never a code."""

from __future__ import annotations

import re

from qiangshi.engine.bulletin.inputs import COLUMN_LABELS, TABLE_LABELS
from qiangshi.engine.progress.constants import STATUS_LABELS

AGGREGATES = {"count": "计数", "sum": "合计"}
WORDS = {"up": "上升", "down": "下降", "flat": "持平", **STATUS_LABELS, **COLUMN_LABELS}


def source_label(source: str, names: dict[str, str]) -> str:
    """`source` in Chinese; `names` gives the name of a row key (an indicator's code → its name)."""
    table, *parts = source.split("/")
    shown = [TABLE_LABELS.get(table, table)]
    for part in parts:
        aggregate = re.fullmatch(r"(count|sum)\((.*)\)", part)
        if aggregate:
            word = AGGREGATES[aggregate.group(1)]
            inner = re.sub(r"[A-Za-z_]+", lambda m: WORDS.get(m.group(0), m.group(0)), aggregate.group(2))
            shown.append(f"{word}（{inner}）" if inner else word)
        else:
            shown.append(names.get(part) or COLUMN_LABELS.get(part) or part)
    return " · ".join(shown)
