"""The sections of a method document, each read into its dataclass with its problems.

One function per top-level section (scope, groups and their indicators, scoring,
classification, overrides, prices); ``reader`` calls them in the order the later ones need
(the scoring defaults come before the indicators, the indicator keys before the tie-break).
"""

from __future__ import annotations

import re
from typing import Any

from .fields import FieldReader, industry_codes
from .formula import formula_columns, formula_is_ratio
from .schema import (
    ADJUSTMENT_KINDS,
    ALL_CLASSES,
    BENCHMARK_MODES,
    CLASSES,
    CLASSIFY_BY,
    COUNT_ROUNDING,
    DEFAULT_CLASS_NAMES,
    DIRECTIONS,
    GROUPS,
    MISSING_RULES,
    ORDERS,
    SCORING_METHODS,
    TIES,
    WITHIN,
    Adjustment,
    Benchmark,
    Classification,
    Exclusion,
    Flag,
    Group,
    Indicator,
    Missing,
    Overrides,
    Scope,
    Scoring,
    Surcharge,
    TieKey,
)

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_REGION = re.compile(r"^[0-9A-Z]{6}$")
#: output column names an indicator, adjustment or local price key must not produce.
_RESERVED_KEYS = {"kwh"}


def scope(doc: Any, r: FieldReader) -> Scope:
    where = "scope"
    d = r.mapping(doc, where, ("industries", "min_age_years", "no_revenue_t", "flags"))
    industries = r.mapping(d.get("industries"), f"{where}.industries", ("include", "rule", "exclude"),
                           required=False)
    include = industry_codes(industries.get("include"), f"{where}.industries.include", r)
    include_rule = r.text(industries, "rule", f"{where}.industries", default="非工业行业，不参评（T）")
    exclusions: list[Exclusion] = []
    for n, item in enumerate(r.listing(industries, "exclude", f"{where}.industries")):
        at = f"{where}.industries.exclude[{n + 1}]"
        e = r.mapping(item, at, ("codes", "rule"))
        codes = industry_codes(e.get("codes"), f"{at}.codes", r)
        if e and not codes:
            r.bad(f"{at}.codes", "缺少行业代码")
        exclusions.append(Exclusion(codes=codes, rule=r.text(e, "rule", at)))
    flags: list[Flag] = []
    for n, item in enumerate(r.listing(d, "flags", where)):
        at = f"{where}.flags[{n + 1}]"
        f = r.mapping(item, at, ("column", "rule"))
        column = r.text(f, "column", at)
        if column and not _COLUMN.match(column):
            r.bad(f"{at}.column", f"列名 {column!r} 只能含字母、数字和下划线")
        flags.append(Flag(column=column, rule=r.text(f, "rule", at)))
    return Scope(
        include=include,
        include_rule=include_rule,
        exclusions=tuple(exclusions),
        min_age_years=r.integer(d, "min_age_years", where, optional=True, high=50),
        no_revenue_t=r.boolean(d, "no_revenue_t", where, default=False),
        flags=tuple(flags),
    )


_INDICATOR = (
    "key", "name", "unit", "formula", "direction", "weight", "scoring", "benchmark", "cap", "floor",
    "missing", "note",
)


def _indicator(doc: Any, where: str, defaults: dict, r: FieldReader) -> Indicator | None:
    d = r.mapping(doc, where, _INDICATOR)
    if not d:
        return None
    key = r.text(d, "key", where)
    if key and (not _KEY.match(key) or key in _RESERVED_KEYS):
        r.bad(f"{where}.key", f"{key!r} 应为小写英文字母开头、只含小写字母数字下划线的标识（不可为 kwh）")
    where = f"{where}({key})" if key else where
    formula = r.text(d, "formula", where)
    if formula:
        for problem in formula_columns(formula)[1]:
            r.bad(f"{where}.formula", problem)
    scoring = r.choice(d, "scoring", where, SCORING_METHODS, default=defaults["method"])
    b = r.mapping(d.get("benchmark"), f"{where}.benchmark", ("mode", "k", "value", "industry_digits",
                                                            "min_firms"), required=False)
    at = f"{where}.benchmark"
    mode = r.choice(b, "mode", at, BENCHMARK_MODES, default="mean")
    benchmark = Benchmark(
        mode=mode,
        k=r.number(b, "k", at, default=1.0, positive=True) or 1.0,
        value=r.number(b, "value", at, optional=mode != "fixed", positive=True),
        industry_digits=r.integer(b, "industry_digits", at, default=2, low=2, high=4) or 2,
        min_firms=r.integer(b, "min_firms", at, default=5, low=1) or 5,
    )
    if mode != "fixed" and benchmark.value is not None:
        r.bad(f"{at}.value", f"只有 mode: fixed 才使用固定基准值（当前 mode: {mode}）")
    if mode == "fixed" and benchmark.k != 1.0:
        r.bad(f"{at}.k", "固定基准值不再乘倍数 k")
    if mode == "aggregate" and formula and not formula_is_ratio(formula):
        r.bad(f"{at}.mode", "aggregate（Σ分子÷Σ分母）要求公式最外层是除法")
    if scoring == "minmax" and d.get("benchmark") is not None:
        r.bad(f"{at}", "min-max 评分不使用基准值，请删去 benchmark")
    m = r.mapping(d.get("missing"), f"{where}.missing", ("rule", "penalty"), required=False)
    rule = r.choice(m, "rule", f"{where}.missing", MISSING_RULES, default="zero")
    penalty = r.number(m, "penalty", f"{where}.missing", default=0.0, minimum=0.0) or 0.0
    if rule == "penalty" and penalty <= 0:
        r.bad(f"{where}.missing.penalty", "penalty 规则须给出大于 0 的扣分")
    if rule != "penalty" and penalty:
        r.bad(f"{where}.missing.penalty", "只有 rule: penalty 才扣分")
    cap = r.number(d, "cap", where, default=defaults["cap"], optional=True, positive=True)
    floor = r.number(d, "floor", where, optional=True)
    if cap is not None and floor is not None and floor >= cap:
        r.bad(f"{where}.floor", f"下限 {floor:g} 应小于上限 cap {cap:g}")
    if scoring == "minmax" and (d.get("cap") is not None or floor is not None):
        r.bad(where, "min-max 评分的得分已在权重的 20%–100% 之间，不再设 cap/floor")
    note = d.get("note", "")
    if not isinstance(note, str):
        r.bad(f"{where}.note", f"应为文字，实为 {note!r}")
        note = ""
    return Indicator(
        key=key,
        name=r.text(d, "name", where),
        unit=r.text(d, "unit", where, default="—"),
        formula=formula,
        direction=r.choice(d, "direction", where, DIRECTIONS, default="positive"),
        weight=r.number(d, "weight", where, positive=True) or 0.0,
        scoring=scoring,
        benchmark=benchmark,
        cap=cap if scoring == "ratio" else None,
        floor=floor if scoring == "ratio" else None,
        missing=Missing(rule=rule, penalty=penalty),
        note=note,
    )


def groups(doc: Any, defaults: dict, r: FieldReader) -> tuple[Group, ...]:
    if not isinstance(doc, list) or not doc:
        r.bad("groups", f"应为非空列表（规上、规下各一项），实为 {doc!r}")
        return ()
    groups: list[Group] = []
    names_by_key: dict[str, tuple[str, str]] = {}
    for n, item in enumerate(doc):
        where = f"groups[{n + 1}]"
        d = r.mapping(item, where, ("name", "min_land_mu", "indicators"))
        if not d:
            continue
        name = d.get("name")
        if name not in GROUPS:
            r.bad(f"{where}.name", f"应为 规上 或 规下，实为 {name!r}")
            continue
        where = f"groups.{name}"
        if any(g.name == name for g in groups):
            r.bad(where, "分组重复")
            continue
        indicators: list[Indicator] = []
        raw = d.get("indicators")
        if not isinstance(raw, list) or not raw:
            r.bad(f"{where}.indicators", f"应为非空指标列表，实为 {raw!r}")
            raw = []
        for m, spec in enumerate(raw):
            indicator = _indicator(spec, f"{where}.indicators[{m + 1}]", defaults, r)
            if indicator is None:
                continue
            if any(i.key == indicator.key for i in indicators):
                r.bad(f"{where}.indicators", f"指标键 {indicator.key!r} 重复")
                continue
            seen = names_by_key.setdefault(indicator.key, (indicator.name, indicator.unit))
            if seen != (indicator.name, indicator.unit):
                r.bad(f"{where}.indicators({indicator.key})",
                      f"同一指标键在各组的名称和单位应一致（另一组为 {seen[0]}，{seen[1]}）")
            indicators.append(indicator)
        groups.append(Group(
            name=name,
            min_land_mu=r.number(d, "min_land_mu", where, optional=True, minimum=0.0),
            indicators=tuple(indicators),
        ))
    return tuple(groups)


def scoring(doc: Any, r: FieldReader) -> tuple[Scoring, dict]:
    where = "scoring"
    d = r.mapping(doc, where, ("method", "benchmark_within", "cap", "round_scores", "round_total",
                               "adjustments"))
    method = r.choice(d, "method", where, SCORING_METHODS, default="ratio")
    cap = r.number(d, "cap", where, optional=True, positive=True)
    adjustments: list[Adjustment] = []
    for n, item in enumerate(r.listing(d, "adjustments", where)):
        at = f"{where}.adjustments[{n + 1}]"
        a = r.mapping(item, at, ("key", "name", "kind", "column", "max", "groups"))
        if not a:
            continue
        key = r.text(a, "key", at)
        if key and (not _KEY.match(key) or key in _RESERVED_KEYS):
            r.bad(f"{at}.key", f"{key!r} 应为小写英文标识")
        if any(x.key == key for x in adjustments):
            r.bad(f"{at}.key", f"加减分项键 {key!r} 重复")
        column = r.text(a, "column", at)
        if column and not _COLUMN.match(column):
            r.bad(f"{at}.column", f"列名 {column!r} 只能含字母、数字和下划线")
        groups = a.get("groups", list(GROUPS))
        if not isinstance(groups, list) or not groups or any(g not in GROUPS for g in groups):
            r.bad(f"{at}.groups", f"应为 规上/规下 组成的列表，实为 {groups!r}")
            groups = list(GROUPS)
        adjustments.append(Adjustment(
            key=key, name=r.text(a, "name", at),
            kind=r.choice(a, "kind", at, ADJUSTMENT_KINDS, default="bonus"), column=column,
            max=r.number(a, "max", at, optional=True, positive=True), groups=tuple(groups),
        ))
    scoring = Scoring(
        method=method,
        benchmark_within=r.choice(d, "benchmark_within", where, WITHIN, default="group"),
        cap=cap,
        round_scores=r.integer(d, "round_scores", where, optional=True, high=6),
        round_total=r.integer(d, "round_total", where, optional=True, high=6),
        adjustments=tuple(adjustments),
    )
    return scoring, {"method": method, "cap": cap}


def _pairs(value: Any, where: str, keys: tuple[str, ...], r: FieldReader, *, kind: str) -> dict:
    return r.mapping(value, where, keys, shape=f"{'/'.join(keys)} → {kind}", noun="类别")


def classification(doc: Any, indicator_keys: list[str], r: FieldReader) -> Classification:
    where = "classification"
    d = r.mapping(doc, where, ("by", "rank_within", "shares", "thresholds", "count_rounding", "ties",
                               "tie_break", "names", "policies"))
    by = r.choice(d, "by", where, CLASSIFY_BY, default="rank_share")
    shares: list[tuple[str, float]] = []
    thresholds: list[tuple[str, float]] = []
    if by == "rank_share":
        raw = _pairs(d.get("shares"), f"{where}.shares", CLASSES, r, kind="百分比")
        for cls in CLASSES:
            value = r.number(raw, cls, f"{where}.shares", minimum=0.0) if raw else None
            shares.append((cls, value or 0.0))
        if raw and abs(sum(v for _, v in shares) - 100.0) > 1e-9:
            r.bad(f"{where}.shares", f"A/B/C/D 比例之和应为 100，实为 {sum(v for _, v in shares):g}")
        if d.get("thresholds") is not None:
            r.bad(f"{where}.thresholds", "按比例分类（by: rank_share）不使用分数线")
    else:
        raw = _pairs(d.get("thresholds"), f"{where}.thresholds", CLASSES[:3], r, kind="最低总分")
        for cls in CLASSES[:3]:
            value = r.number(raw, cls, f"{where}.thresholds") if raw else None
            thresholds.append((cls, value if value is not None else 0.0))
        values = [v for _, v in thresholds]
        if raw and not values[0] > values[1] > values[2]:
            r.bad(f"{where}.thresholds", f"分数线应 A > B > C，实为 {values}")
        if d.get("shares") is not None:
            r.bad(f"{where}.shares", "按分数线分类（by: threshold）不使用比例")
    tie_break: list[TieKey] = []
    raw_ties = d.get("tie_break", [{"key": "uscc", "order": "asc"}])
    if not isinstance(raw_ties, list) or not raw_ties:
        r.bad(f"{where}.tie_break", f"应为非空列表，实为 {raw_ties!r}")
        raw_ties = [{"key": "uscc", "order": "asc"}]
    for n, item in enumerate(raw_ties):
        at = f"{where}.tie_break[{n + 1}]"
        t = r.mapping(item, at, ("key", "order"))
        key = t.get("key")
        if key not in ("uscc", "total", *indicator_keys):
            r.bad(f"{at}.key", f"{key!r} 不是指标键、total 或 uscc")
        tie_break.append(TieKey(key=str(key), order=r.choice(t, "order", at, ORDERS, default="desc")))
    if not tie_break or tie_break[-1].key != "uscc":
        r.bad(f"{where}.tie_break",
              "最后一个并列排序键须为 uscc（统一社会信用代码），以保证排名唯一、结果可复现")
    names_raw = d.get("names", DEFAULT_CLASS_NAMES)
    names_raw = _pairs(names_raw, f"{where}.names", ALL_CLASSES, r, kind="类别名称")
    names = []
    for cls in ALL_CLASSES:
        value = names_raw.get(cls, DEFAULT_CLASS_NAMES[cls]) if names_raw else DEFAULT_CLASS_NAMES[cls]
        if not isinstance(value, str) or not value.strip():
            r.bad(f"{where}.names.{cls}", f"应为文字，实为 {value!r}")
            value = DEFAULT_CLASS_NAMES[cls]
        names.append((cls, value))
    policies_raw = d.get("policies") or {}
    policies_raw = _pairs(policies_raw, f"{where}.policies", CLASSES, r, kind="政策导向")
    policies = []
    for cls in CLASSES:
        if cls in policies_raw:
            value = policies_raw[cls]
            if not isinstance(value, str) or not value.strip():
                r.bad(f"{where}.policies.{cls}", f"应为文字，实为 {value!r}")
                continue
            policies.append((cls, value))
    return Classification(
        by=by,
        rank_within=r.choice(d, "rank_within", where, WITHIN, default="group"),
        shares=tuple(shares),
        thresholds=tuple(thresholds),
        count_rounding=r.choice(d, "count_rounding", where, COUNT_ROUNDING, default="round"),
        ties=r.choice(d, "ties", where, TIES, default="better_class"),
        tie_break=tuple(tie_break),
        names=tuple(names),
        policies=tuple(policies),
    )


def overrides(doc: Any, r: FieldReader) -> Overrides:
    where = "overrides"
    d = r.mapping(doc, where, ("veto_d", "exempt_t", "force_class", "vetoed_in_ranking", "reason_codes"),
                  required=False)
    codes_raw = d.get("reason_codes") or {}
    codes: list[tuple[str, str]] = []
    if not isinstance(codes_raw, dict):
        r.bad(f"{where}.reason_codes", f"应为映射（代码 → 说明），实为 {codes_raw!r}")
        codes_raw = {}
    for code, text in codes_raw.items():
        if not isinstance(code, str) or not _COLUMN.match(code) or not isinstance(text, str) or not text:
            r.bad(f"{where}.reason_codes", f"{code!r}: {text!r} 应为 英文代码: 中文说明")
            continue
        codes.append((code, text))
    return Overrides(
        veto_d=r.boolean(d, "veto_d", where, default=True),
        exempt_t=r.boolean(d, "exempt_t", where, default=True),
        force_class=r.boolean(d, "force_class", where, default=True),
        vetoed_in_ranking=r.boolean(d, "vetoed_in_ranking", where, default=False),
        reason_codes=tuple(sorted(codes)),
    )


_SURCHARGE = ("key", "name", "unit", "classes", "by_consecutive_years", "regions", "other_column", "source",
              "status")


def _surcharge(doc: Any, where: str, r: FieldReader, *, electricity: bool) -> Surcharge | None:
    d = r.mapping(doc, where, _SURCHARGE)
    if not d:
        return None
    if electricity:
        if "key" in d:
            r.bad(f"{where}.key", "用电加价的键固定为 kwh（输出列 surcharge_kwh），请删去")
        key = "kwh"
    else:
        key = r.text(d, "key", where)
        if key and (not _KEY.match(key) or key in _RESERVED_KEYS):
            r.bad(f"{where}.key", f"{key!r} 应为小写英文标识（不可为 kwh）")
    amounts = d.get("by_consecutive_years")
    if (
        not isinstance(amounts, list) or not amounts
        or any(isinstance(a, bool) or not isinstance(a, (int, float)) or a < 0 for a in amounts)
    ):
        r.bad(f"{where}.by_consecutive_years", f"应为非负数列表（第1年、第2年…的加价），实为 {amounts!r}")
        amounts = []
    regions = d.get("regions") or []
    if not isinstance(regions, list) or any(not isinstance(x, str) or not _REGION.match(x) for x in regions):
        r.bad(f"{where}.regions", f"应为 6 位区划代码（字符串）列表，实为 {regions!r}")
        regions = []
    other = d.get("other_column")
    if other is not None and (not isinstance(other, str) or not _COLUMN.match(other)):
        r.bad(f"{where}.other_column", f"列名 {other!r} 只能含字母、数字和下划线")
        other = None
    status = d.get("status", "")
    if not isinstance(status, str):
        r.bad(f"{where}.status", f"应为文字，实为 {status!r}")
        status = ""
    return Surcharge(
        key=key,
        name=r.text(d, "name", where, default="用电加价" if electricity else None),
        unit=r.text(d, "unit", where, default="元/千瓦时" if electricity else None),
        classes=r.classes(d, "classes", where, default=("D",)),
        by_consecutive_years=tuple(float(a) for a in amounts),
        regions=tuple(regions),
        other_column=other,
        source=r.text(d, "source", where),
        status=status,
    )


def prices(doc: Any, r: FieldReader) -> tuple[Surcharge | None, tuple[Surcharge, ...]]:
    d = r.mapping(doc, "prices", ("electricity", "local"), required=False)
    electricity = None
    if d.get("electricity") is not None:
        electricity = _surcharge(d["electricity"], "prices.electricity", r, electricity=True)
    local: list[Surcharge] = []
    for n, item in enumerate(r.listing(d, "local", "prices")):
        s = _surcharge(item, f"prices.local[{n + 1}]", r, electricity=False)
        if s is None:
            continue
        if any(x.key == s.key for x in local):
            r.bad(f"prices.local[{n + 1}].key", f"键 {s.key!r} 重复")
        local.append(s)
    return electricity, tuple(local)
