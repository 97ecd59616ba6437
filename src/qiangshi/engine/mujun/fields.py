"""A field reader for nested documents that collects problems instead of stopping at the first.

Every message names its field (``groups.规上.indicators[2].weight：应为数字…``), so one read
of a method shows the author every problem at once.
"""

from __future__ import annotations

import re
from typing import Any

from .schema import CLASSES


class FieldReader:
    """Collects problems while reading a nested document; every message names its field."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}")

    def mapping(self, value: Any, where: str, known: tuple[str, ...], *, required: bool = True,
                shape: str = "YAML 字典", noun: str = "字段") -> dict:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.bad(where, f"应为映射（{shape}），实为 {value!r}")
            return {}
        for key in value:
            if key not in known:
                self.bad(where, f"未知{noun} {key!r}（可用：{'、'.join(known)}）")
        return value

    def text(self, d: dict, key: str, where: str, *, default: str | None = None) -> str:
        value = d.get(key, default)
        if value is None:
            self.bad(f"{where}.{key}", "缺少此项")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.bad(f"{where}.{key}", f"应为非空文字，实为 {value!r}")
            return ""
        return value.strip()

    def number(
        self, d: dict, key: str, where: str, *, default: float | None = None, optional: bool = False,
        minimum: float | None = None, positive: bool = False,
    ) -> float | None:
        value = d.get(key, default)
        if value is None:
            if not optional:
                self.bad(f"{where}.{key}", "缺少此项")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.bad(f"{where}.{key}", f"应为数字，实为 {value!r}")
            return None
        if positive and value <= 0:
            self.bad(f"{where}.{key}", f"应大于 0，实为 {value!r}")
            return None
        if minimum is not None and value < minimum:
            self.bad(f"{where}.{key}", f"应不小于 {minimum:g}，实为 {value!r}")
            return None
        return float(value)

    def integer(
        self, d: dict, key: str, where: str, *, default: int | None = None, optional: bool = False,
        low: int = 0, high: int = 10_000,
    ) -> int | None:
        value = d.get(key, default)
        if value is None:
            if not optional:
                self.bad(f"{where}.{key}", "缺少此项")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.bad(f"{where}.{key}", f"应为 {low}–{high} 的整数，实为 {value!r}")
            return None
        return value

    def boolean(self, d: dict, key: str, where: str, *, default: bool) -> bool:
        value = d.get(key, default)
        if not isinstance(value, bool):
            self.bad(f"{where}.{key}", f"应为 true 或 false，实为 {value!r}")
            return default
        return value

    def choice(self, d: dict, key: str, where: str, options: tuple[str, ...], *, default: str) -> str:
        value = d.get(key, default)
        if value not in options:
            self.bad(f"{where}.{key}", f"应为 {'、'.join(options)} 之一，实为 {value!r}")
            return default
        return value

    def listing(self, d: dict, key: str, where: str) -> list:
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(f"{where}.{key}", f"应为列表，实为 {value!r}")
            return []
        return value

    def classes(self, d: dict, key: str, where: str, *, default: tuple[str, ...]) -> tuple[str, ...]:
        value = d.get(key, list(default))
        if not isinstance(value, list) or not value or any(v not in CLASSES for v in value):
            self.bad(f"{where}.{key}", f"应为 A/B/C/D 组成的非空列表，实为 {value!r}")
            return default
        return tuple(dict.fromkeys(value))


def industry_codes(value: Any, where: str, r: FieldReader) -> tuple[str, ...]:
    """Industry prefixes: '13', '391', '3911', or a 2-digit range '06-46'."""
    if value is None:
        return ()
    if not isinstance(value, list):
        r.bad(where, f"应为行业代码列表，实为 {value!r}")
        return ()
    codes: list[str] = []
    for item in value:
        text = item if isinstance(item, str) else None
        range_match = re.fullmatch(r"(\d{2})-(\d{2})", text or "")
        if range_match:
            low, high = int(range_match.group(1)), int(range_match.group(2))
            if low > high:
                r.bad(where, f"行业代码区间 {item!r} 起止颠倒")
                continue
            codes.extend(f"{code:02d}" for code in range(low, high + 1))
        elif text and text.isascii() and text.isdigit() and 2 <= len(text) <= 4:
            codes.append(text)
        else:
            r.bad(where, f"{item!r} 不是 2–4 位的国民经济行业代码或“06-46”式区间（须加引号写成字符串）")
    return tuple(dict.fromkeys(codes))
