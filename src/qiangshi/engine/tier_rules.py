"""Tier rules as versioned data: one YAML document per tier and version.

A rule names the tier (``tier``, ``name``), its version and the document it comes from
(``version``, ``document``), the dates it is in force (``effective_from``, optional
``effective_until``), the honour kind that marks the tier as held (``honour``), whether the
sources were verified (``verified``; unverified rules are labelled ⚠ in the UI), and:

- ``conditions``: every one must hold. A condition is either ``manual`` (the platform holds
  no data for it: it is listed for a person to check) or a list of ``any`` branches, each a
  list of tests that must all hold; a single-branch condition may give ``tests`` directly.
  A test is ``[metric, op, value]`` with op one of ``>=``, ``>``, ``<=``, ``<``, or
  ``[metric, true]`` for a yes/no metric.
- ``score`` (optional): ``pass_at``, optional ``group_minimums`` and ``required_nonzero``,
  and ``items``; an item has ``key``, ``label``, ``group``, ``max`` and either ``metric``,
  ``cuts`` and ``points`` (``points[i]`` for values in the i-th interval the cuts make, lower
  bound included unless ``boundary: upper``; ``boundary_open: true`` where the source does not
  say which band a cut belongs to — the rule's reading is then labelled ⚠; ``points_high``
  where an expert picks within a band), or ``best_of`` (several such scales, the higher
  points count), or ``manual: true`` (an expert's or a declared item the platform cannot
  compute; with a ``metric`` it is computed where the figure is on record and left to a
  person otherwise). ``options`` (``[[points, text], …]``) name what earns each number of
  points, for the analyst who enters an item's points for a firm.
- ``direct`` (optional): routes that replace the score — the same branch shape as ``any``,
  with a ``label``; a ``manual`` route is listed, never assumed.
- ``near`` (optional): when a firm that fails counts as close — ``relative_gap`` (every
  failed test within this share of its threshold), ``max_failed`` (at most this many failed
  conditions, default 2) and ``score_within`` (points short of ``pass_at``).

``parse_rule(doc)`` returns a frozen :class:`TierRule` or raises :class:`RuleInvalid` listing
every problem in Chinese. Pure: no Django, no I/O.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

OPS = (">=", ">", "<=", "<")


class RuleInvalid(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("梯队规则有误：" + "；".join(self.problems))


@dataclass(frozen=True)
class Test:
    metric: str
    op: str  # one of OPS, or "true" for a yes/no metric
    value: float | None = None


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    branches: tuple[tuple[Test, ...], ...]  # empty when manual
    manual: bool = False
    unverified: bool = False


@dataclass(frozen=True)
class Scale:
    metric: str
    cuts: tuple[float, ...]
    points: tuple[float, ...]
    upper_closed: bool = False
    points_high: tuple[float, ...] | None = None  # an expert picks within [points, points_high]
    open_boundary: bool = False  # the source does not say which band a cut belongs to


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    group: str
    max: float
    scales: tuple[Scale, ...]  # several: the higher points count; a manual item may have none
    manual: bool = False
    floor: float = 0.0  # the least a manual item can be worth (e.g. 5 of 10 for "other fields")
    options: tuple[tuple[float, str], ...] = ()  # (points, what earns them) for a person to pick

    def boundary_note(self) -> str:
        """The reading the rule takes where the source leaves a band boundary open, else ""."""
        open_scales = [s for s in self.scales if s.open_boundary]
        if not open_scales:
            return ""
        reading = "上限含、下限不含" if open_scales[0].upper_closed else "下限含、上限不含"
        return f"⚠ 原文未写明档位边界归属，本规则按“{reading}”"


@dataclass(frozen=True)
class Score:
    pass_at: float
    items: tuple[Item, ...]
    group_minimums: tuple[tuple[str, float], ...] = ()
    required_nonzero: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    label: str
    branches: tuple[tuple[Test, ...], ...]
    manual: bool = False


@dataclass(frozen=True)
class Near:
    relative_gap: float | None = None
    max_failed: int = 2
    score_within: float | None = None


@dataclass(frozen=True)
class TierRule:
    tier: str
    name: str
    version: str
    document: str
    effective_from: datetime.date
    effective_until: datetime.date | None
    honour: str | None
    verified: bool
    note: str
    conditions: tuple[Condition, ...]
    score: Score | None
    direct: tuple[Route, ...]
    near: Near | None

    def in_force(self, on: datetime.date) -> bool:
        return self.effective_from <= on and (self.effective_until is None or on <= self.effective_until)

    def metric_names(self) -> set[str]:
        tests = [t for c in self.conditions for b in c.branches for t in b]
        tests += [t for r in self.direct for b in r.branches for t in b]
        names = {t.metric for t in tests}
        if self.score:
            names |= {s.metric for i in self.score.items for s in i.scales}
        return names


class _Reader:
    """Reads a document, collecting every problem instead of stopping at the first."""

    def __init__(self):
        self.problems: list[str] = []

    def need(self, doc: dict, key: str, kind: type | tuple, where: str) -> Any:
        value = doc.get(key) if isinstance(doc, dict) else None
        if value is None or not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.problems.append(f"{where}：缺少或无效的字段 {key}")
            return None
        return value

    def test(self, raw: Any, where: str, metrics: set[str]) -> Test | None:
        if not isinstance(raw, list) or len(raw) not in (2, 3):
            self.problems.append(f"{where}：条件应写作 [指标, 比较符, 数值] 或 [指标, true]")
            return None
        if raw[0] not in metrics:
            self.problems.append(f"{where}：未知指标 {raw[0]!r}")
            return None
        if len(raw) == 2:
            if raw[1] is not True:
                self.problems.append(f"{where}：是非条件应写作 [{raw[0]}, true]")
                return None
            return Test(raw[0], "true")
        if raw[1] not in OPS or not isinstance(raw[2], (int, float)) or isinstance(raw[2], bool):
            self.problems.append(f"{where}：比较符应为 {'、'.join(OPS)} 之一，数值应为数字")
            return None
        return Test(raw[0], raw[1], float(raw[2]))

    def branches(self, doc: dict, where: str, metrics: set[str]) -> tuple[tuple[Test, ...], ...]:
        raw = doc.get("any", [doc["tests"]] if "tests" in doc else None)
        if not isinstance(raw, list) or not raw or not all(isinstance(b, list) and b for b in raw):
            self.problems.append(f"{where}：应给出 tests 或 any（每个分支为一组条件）")
            return ()
        return tuple(tuple(t for t in (self.test(x, where, metrics) for x in branch) if t)
                     for branch in raw)

    def options(self, raw: Any, most: float, where: str) -> tuple[tuple[float, str], ...]:
        valid = isinstance(raw, list) and all(
            isinstance(o, list) and len(o) == 2 and isinstance(o[0], (int, float))
            and not isinstance(o[0], bool) and 0 <= o[0] <= most and isinstance(o[1], str) for o in raw)
        if not valid:
            self.problems.append(f"{where}：options 应写作 [[分值, 说明], …]，分值在 0 与满分之间")
            return ()
        return tuple((float(points), text) for points, text in raw)

    def scale(self, doc: dict, where: str, metrics: set[str]) -> Scale | None:
        metric = doc.get("metric")
        cuts, points, high = doc.get("cuts"), doc.get("points"), doc.get("points_high")
        if metric not in metrics:
            self.problems.append(f"{where}：未知指标 {metric!r}")
            return None
        if (not isinstance(cuts, list) or not isinstance(points, list)
                or len(points) != len(cuts) + 1 or cuts != sorted(cuts)):
            self.problems.append(f"{where}：cuts 应为递增数列，points 比 cuts 多一个")
            return None
        if high is not None and (not isinstance(high, list) or len(high) != len(points)):
            self.problems.append(f"{where}：points_high 应与 points 一样长")
            return None
        return Scale(metric, tuple(map(float, cuts)), tuple(map(float, points)),
                     doc.get("boundary") == "upper", tuple(map(float, high)) if high else None,
                     bool(doc.get("boundary_open", False)))


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def parse_rule(doc: dict, metrics: set[str]) -> TierRule:
    """A rule document checked against the metric names the engine knows."""
    r = _Reader()
    where = f"规则 {doc.get('tier', '?')} {doc.get('version', '?')}" if isinstance(doc, dict) else "规则"
    if not isinstance(doc, dict):
        raise RuleInvalid([f"{where}：应为映射"])
    texts = {k: r.need(doc, k, str, where) for k in ("tier", "name", "version", "document")}
    start, end = _date(doc.get("effective_from")), doc.get("effective_until")
    if start is None:
        r.problems.append(f"{where}：effective_from 应为日期")
    if end is not None and _date(end) is None:
        r.problems.append(f"{where}：effective_until 应为日期")
    conditions = []
    for i, raw in enumerate(doc.get("conditions") or []):
        at = f"{where} 条件 {i + 1}"
        key, label = r.need(raw, "key", str, at), r.need(raw, "label", str, at)
        manual = bool(raw.get("manual")) if isinstance(raw, dict) else False
        branches = () if manual or not isinstance(raw, dict) else r.branches(raw, at, metrics)
        conditions.append(Condition(key or "", label or "", branches, manual, bool(raw.get("unverified"))
                                    if isinstance(raw, dict) else False))
    score = None
    if isinstance(doc.get("score"), dict):
        raw = doc["score"]
        items = []
        for i, item in enumerate(raw.get("items") or []):
            at = f"{where} 评分项 {i + 1}"
            manual = bool(item.get("manual"))
            scales = ()
            if not manual or "metric" in item or "best_of" in item:
                specs = item.get("best_of") or [item]
                scales = tuple(s for s in (r.scale(x, at, metrics) for x in specs) if s)
            most = float(r.need(item, "max", (int, float), at) or 0)
            items.append(Item(r.need(item, "key", str, at) or "", r.need(item, "label", str, at) or "",
                              str(item.get("group", "")), most, scales, manual, float(item.get("floor", 0)),
                              r.options(item.get("options") or [], most, at)))
        score = Score(float(r.need(raw, "pass_at", (int, float), where) or 0), tuple(items),
                      tuple((str(k), float(v)) for k, v in (raw.get("group_minimums") or {}).items()),
                      tuple(raw.get("required_nonzero") or ()))
        keys = {i.key for i in items}
        r.problems += [f"{where}：required_nonzero 中的 {k} 不是评分项" for k in score.required_nonzero
                       if k not in keys]
    direct = []
    for i, raw in enumerate(doc.get("direct") or []):
        at = f"{where} 直通条件 {i + 1}"
        manual = bool(raw.get("manual"))
        direct.append(Route(r.need(raw, "label", str, at) or "",
                            () if manual else r.branches(raw, at, metrics), manual))
    if direct and score is None:
        r.problems.append(f"{where}：直通条件只能替代评分，但规则没有评分表")
    near = None
    if isinstance(doc.get("near"), dict):
        raw = doc["near"]
        near = Near(raw.get("relative_gap"), int(raw.get("max_failed", 2)), raw.get("score_within"))
    if r.problems:
        raise RuleInvalid(r.problems)
    return TierRule(texts["tier"], texts["name"], texts["version"], texts["document"], start,
                    _date(end) if end is not None else None, doc.get("honour"),
                    bool(doc.get("verified", False)), str(doc.get("note", "")), tuple(conditions),
                    score, tuple(direct), near)


def resolve_bases(docs: list[dict]) -> list[dict]:
    """Documents with ``based_on: tier@version`` completed from that document: a new version
    restates only what changed."""
    by_key = {f"{d.get('tier')}@{d.get('version')}": d for d in docs if isinstance(d, dict)}
    resolved = []
    for doc in docs:
        base = by_key.get(doc.get("based_on", "")) if isinstance(doc, dict) else None
        if isinstance(doc, dict) and "based_on" in doc and base is None:
            raise RuleInvalid([f"规则 {doc.get('tier')} {doc.get('version')}：based_on 指向不存在的规则"])
        merged = {**base, **doc} if base else doc
        merged.pop("based_on", None) if isinstance(merged, dict) else None
        resolved.append(merged)
    return resolved


def rules_in_force(rules: list[TierRule], on: datetime.date) -> list[TierRule]:
    """For each tier the version in force on `on` (the latest starting one if two overlap)."""
    chosen: dict[str, TierRule] = {}
    for rule in sorted(rules, key=lambda x: x.effective_from):
        if rule.in_force(on):
            chosen[rule.tier] = rule
    return list(chosen.values())
