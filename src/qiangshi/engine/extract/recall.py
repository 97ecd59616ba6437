"""Recall against a hand-encoded plan: which hand-encoded targets the drafts found."""

from __future__ import annotations

import re
from numbers import Real

from .vocabulary import COUNT_UNITS

_UNIT_NORMAL: dict[str, tuple[str, float]] = {
    "万亿元": ("亿元", 1e4), "千亿元": ("亿元", 1e3), "亿元": ("亿元", 1.0), "万元": ("亿元", 1e-4),
    "元": ("亿元", 1e-8), "个百分点": ("百分点", 1.0), "％": ("%", 1.0), "百分比": ("%", 1.0),
}


def normalise_unit(value: float, unit: str | None) -> tuple[float, str]:
    """(value, unit) in a canonical unit: money in 亿元, 万家 in 家, 个百分点 as 百分点."""
    unit = (unit or "").strip()
    if unit in _UNIT_NORMAL:
        canonical, scale = _UNIT_NORMAL[unit]
        return value * scale, canonical
    if unit.startswith("万") and unit[1:] in COUNT_UNITS:
        return value * 1e4, unit[1:]
    return value, unit


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or a == b


def _task_number(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _same_place(draft: dict, encoded: dict) -> bool:
    d_task, e_task = _task_number(draft.get("task")), _task_number(encoded.get("task"))
    if d_task is not None:
        return d_task == e_task
    return e_task is None and draft.get("category") is not None \
        and draft.get("category") == encoded.get("category")


def _bigrams(text: str | None) -> set[str]:
    text = re.sub(r"\s", "", text or "")
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _quantitative(encoded: list[dict]) -> list[dict]:
    return [
        e for e in encoded if e.get("kind") != "qualitative" and _is_number(e.get("target_value"))
    ]


def match_pairs(drafts: list[dict], encoded: list[dict]) -> list[tuple[int, int]]:
    """(draft index, quantitative-encoded index) pairs, one-to-one, as :func:`recall` counts them.

    The encoded index refers to the encoded indicators that are quantitative (kind not
    qualitative, numeric target_value), in their order.
    """
    quantitative = _quantitative(encoded)
    pairs = []
    for i, draft in enumerate(drafts):
        if not _is_number(draft.get("target_value")):
            continue
        d_value, d_unit = normalise_unit(float(draft["target_value"]), draft.get("unit"))
        d_sentence, d_name = _bigrams(draft.get("sentence")), _bigrams(draft.get("name"))
        for j, enc in enumerate(quantitative):
            e_value, e_unit = normalise_unit(float(enc["target_value"]), enc.get("unit"))
            if d_unit != e_unit or not _same_value(d_value, e_value):
                continue
            if not _same_place(draft, enc):
                continue
            score = (len(d_sentence & _bigrams(enc.get("sentence"))),
                     len(d_name & _bigrams(enc.get("name"))))
            pairs.append((score, i, j))
    pairs.sort(key=lambda p: (-p[0][0], -p[0][1], p[1], p[2]))
    used_drafts: set[int] = set()
    used_encoded: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i in used_drafts or j in used_encoded:
            continue
        used_drafts.add(i)
        used_encoded.add(j)
        matched.append((i, j))
    return sorted(matched)


def recall(drafts: list[dict], encoded: list[dict]) -> dict:
    """How many hand-encoded quantitative indicators the drafts recover, and at what precision.

    An encoded indicator is quantitative when its kind is not qualitative and its
    target_value is a number. A draft matches one when the target values are equal
    (1e-9 relative) in the same normalised unit (:func:`normalise_unit`) and both come
    from the same task, or both from 发展目标 with the same category; pairs are assigned
    one-to-one, greedily by sentence overlap (character bigrams), then name overlap.
    Recall is 0.0 when nothing is quantitative, precision 0.0 when there are no drafts.
    """
    quantitative = _quantitative(encoded)
    pairs = match_pairs(drafts, encoded)
    matched_drafts = {i for i, _ in pairs}
    matched_encoded = {j for _, j in pairs}
    n = len(quantitative)
    return {
        "quantitative": n,
        "matched": len(matched_encoded),
        "recall": len(matched_encoded) / n if n else 0.0,
        "drafts": len(drafts),
        "precision": len(matched_drafts) / len(drafts) if drafts else 0.0,
        "missed": [e.get("code") for j, e in enumerate(quantitative) if j not in matched_encoded],
        "unmatched_drafts": [d.get("sentence") for i, d in enumerate(drafts)
                             if i not in matched_drafts],
    }
