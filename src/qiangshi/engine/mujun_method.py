"""亩产效益（亩均效益）评价方法：the method document, parsed and validated.

A method is a YAML document (or the same thing as a dict) with a version and the
year of data it applies to.  It holds the scope (who is evaluated, in which
group, who is put in T 暂不评价), the indicator sets of each group (a formula over
the yearly facts, direction, weight, benchmark, cap, missing-data rule), the
scoring (ratio to a benchmark or min-max, rounding, bonus and deduction items),
the classification (rank shares or score thresholds, count rounding, ties and the
tie-break keys), which override kinds are honoured, and the differentiated
prices.  ``docs/mujun-method.md`` describes every field with an example.

``parse_method(doc)`` returns a frozen :class:`Method` or raises
:class:`MethodInvalid` whose ``problems`` are Chinese messages naming the field;
``method_problems(doc)`` returns the messages only; ``method_dict(method)`` is the
normalised document (every default written out), which parses back to an equal
method.  Pure: no Django, no I/O (the packaged methods are read by
``qiangshi.reference.documents``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

import yaml

GROUPS = ("规上", "规下")
CLASSES = ("A", "B", "C", "D")
ALL_CLASSES = (*CLASSES, "T")

#: numeric yearly facts a formula may use (units as in the facts table).
FACT_NUMBERS: dict[str, str] = {
    "land_mu": "用地面积（亩）",
    "tax": "实缴税金（万元）",
    "revenue": "营业收入（万元）",
    "main_revenue": "主营业务收入（万元）",
    "value_added": "工业增加值（万元）",
    "profit": "利润总额（万元）",
    "energy_tce": "综合能耗（吨标准煤）",
    "emissions_t": "主要污染物排放量（吨）",
    "electricity_kwh": "用电量（千瓦时）",
    "employees": "年平均职工人数（人）",
    "rd_expense": "研发经费支出（万元）",
    "new_product_sales": "新产品销售收入（万元）",
}
FORMULA_FUNCTIONS = ("coalesce", "min", "max")

SCORING_METHODS = ("ratio", "minmax")
BENCHMARK_MODES = ("mean", "aggregate", "fixed", "industry_mean", "max")
MISSING_RULES = ("zero", "group_mean_score", "penalty")
DIRECTIONS = ("positive", "negative")
WITHIN = ("group", "group_region")
CLASSIFY_BY = ("rank_share", "threshold")
COUNT_ROUNDING = ("round", "floor", "ceil")
TIES = ("better_class", "by_rank")
ORDERS = ("asc", "desc")
ADJUSTMENT_KINDS = ("bonus", "deduction")

DEFAULT_CLASS_NAMES = {
    "A": "优先发展类", "B": "支持发展类", "C": "提升发展类", "D": "限制发展类", "T": "暂不评价类",
}

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_REGION = re.compile(r"^[0-9A-Z]{6}$")
#: output column names an indicator, adjustment or local price key must not produce.
_RESERVED_KEYS = {"kwh"}


class MethodInvalid(ValueError):
    """The method document has problems; ``problems`` lists them in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("评价方法有误：" + "；".join(self.problems))


# ---------------------------------------------------------------- the dataclasses


@dataclass(frozen=True)
class Benchmark:
    mode: str = "mean"  # mean | aggregate | fixed | industry_mean | max
    k: float = 1.0  # multiplier on a computed benchmark (淮安: about 2 × mean)
    value: float | None = None  # fixed: the published benchmark
    industry_digits: int = 2  # industry_mean: length of the industry prefix (2 = 大类)
    min_firms: int = 5  # industry_mean: fewer firms in the industry → group mean


@dataclass(frozen=True)
class Missing:
    rule: str = "zero"  # zero | group_mean_score | penalty
    penalty: float = 0.0


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    unit: str
    formula: str
    direction: str
    weight: float
    scoring: str
    benchmark: Benchmark
    cap: float | None
    floor: float | None
    missing: Missing
    note: str = ""


@dataclass(frozen=True)
class Group:
    name: str
    min_land_mu: float | None
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Exclusion:
    codes: tuple[str, ...]  # industry prefixes (2–4 digits)
    rule: str


@dataclass(frozen=True)
class Flag:
    column: str  # a boolean facts column; true → T
    rule: str


@dataclass(frozen=True)
class Scope:
    include: tuple[str, ...]  # industry prefixes evaluated at all (empty: every industry)
    include_rule: str
    exclusions: tuple[Exclusion, ...]
    min_age_years: int | None
    no_revenue_t: bool
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class Adjustment:
    key: str
    name: str
    kind: str  # bonus | deduction
    column: str  # facts column holding the points
    max: float | None
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Scoring:
    method: str
    benchmark_within: str
    cap: float | None
    round_scores: int | None
    round_total: int | None
    adjustments: tuple[Adjustment, ...]


@dataclass(frozen=True)
class TieKey:
    key: str  # an indicator key, "total" or "uscc"
    order: str  # asc | desc


@dataclass(frozen=True)
class Classification:
    by: str
    rank_within: str
    shares: tuple[tuple[str, float], ...]  # (class, percent) for A, B, C, D
    thresholds: tuple[tuple[str, float], ...]  # (class, minimum total) for A, B, C
    count_rounding: str
    ties: str
    tie_break: tuple[TieKey, ...]
    names: tuple[tuple[str, str], ...]  # (class, Chinese name) for A–D and T
    policies: tuple[tuple[str, str], ...]

    def name_of(self, cls: str) -> str:
        return dict(self.names).get(cls, cls)


@dataclass(frozen=True)
class Overrides:
    veto_d: bool
    exempt_t: bool
    force_class: bool
    vetoed_in_ranking: bool
    reason_codes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Surcharge:
    key: str  # "kwh" for electricity
    name: str
    unit: str
    classes: tuple[str, ...]
    by_consecutive_years: tuple[float, ...]  # 1st, 2nd, … year; the last applies from then on
    regions: tuple[str, ...]  # empty: everywhere
    other_column: str | None  # facts column with other surcharges; only the highest applies
    source: str
    status: str


@dataclass(frozen=True)
class Method:
    name: str
    title: str
    version: str
    year: int
    source: str
    status: str
    notes: tuple[str, ...]
    scope: Scope
    groups: tuple[Group, ...]
    scoring: Scoring
    classification: Classification
    overrides: Overrides
    electricity: Surcharge | None
    local_prices: tuple[Surcharge, ...]

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def indicator_keys(self) -> list[str]:
        """Every indicator key of any group, in first-seen order."""
        keys: list[str] = []
        for group in self.groups:
            keys.extend(i.key for i in group.indicators if i.key not in keys)
        return keys


# ---------------------------------------------------------------- formulas


def formula_columns(formula: str) -> tuple[list[str], list[str]]:
    """The fact columns a formula uses, and its problems (Chinese)."""
    problems: list[str] = []
    columns: list[str] = []
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        return [], [f"公式无法解析：{formula!r}"]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Expression):
            visit(node.body)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            visit(node.left)
            visit(node.right)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            visit(node.operand)
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            pass
        elif isinstance(node, ast.Name):
            if node.id not in FACT_NUMBERS:
                problems.append(f"公式中的数据项 {node.id!r} 不存在（可用：{'、'.join(FACT_NUMBERS)}）")
            elif node.id not in columns:
                columns.append(node.id)
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in FORMULA_FUNCTIONS and not node.keywords and len(node.args) >= 2
        ):
            for arg in node.args:
                visit(arg)
        else:
            problems.append(
                f"公式 {formula!r} 含不支持的写法（只能用数据项、数字、+ - * /、括号和 "
                f"{'/'.join(FORMULA_FUNCTIONS)}(…)）"
            )

    visit(tree)
    if not columns and not problems:
        problems.append(f"公式 {formula!r} 未使用任何数据项")
    return columns, problems


def formula_is_ratio(formula: str) -> bool:
    """True when the formula's top operation is a division (needed by benchmark mode aggregate)."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        return False
    return isinstance(tree.body, ast.BinOp) and isinstance(tree.body.op, ast.Div)


# ---------------------------------------------------------------- validation helpers


class _Reader:
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


def _industry_codes(value: Any, where: str, r: _Reader) -> tuple[str, ...]:
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


# ---------------------------------------------------------------- sections

_TOP = (
    "name", "title", "version", "year", "source", "status", "notes", "scope", "groups", "scoring",
    "classification", "overrides", "prices",
)


def _scope(doc: Any, r: _Reader) -> Scope:
    where = "scope"
    d = r.mapping(doc, where, ("industries", "min_age_years", "no_revenue_t", "flags"))
    industries = r.mapping(d.get("industries"), f"{where}.industries", ("include", "rule", "exclude"),
                           required=False)
    include = _industry_codes(industries.get("include"), f"{where}.industries.include", r)
    include_rule = r.text(industries, "rule", f"{where}.industries", default="非工业行业，不参评（T）")
    exclusions: list[Exclusion] = []
    for n, item in enumerate(r.listing(industries, "exclude", f"{where}.industries")):
        at = f"{where}.industries.exclude[{n + 1}]"
        e = r.mapping(item, at, ("codes", "rule"))
        codes = _industry_codes(e.get("codes"), f"{at}.codes", r)
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


def _indicator(doc: Any, where: str, defaults: dict, r: _Reader) -> Indicator | None:
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


def _groups(doc: Any, defaults: dict, r: _Reader) -> tuple[Group, ...]:
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


def _scoring(doc: Any, r: _Reader) -> tuple[Scoring, dict]:
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


def _pairs(value: Any, where: str, keys: tuple[str, ...], r: _Reader, *, kind: str) -> dict:
    return r.mapping(value, where, keys, shape=f"{'/'.join(keys)} → {kind}", noun="类别")


def _classification(doc: Any, indicator_keys: list[str], r: _Reader) -> Classification:
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


def _overrides(doc: Any, r: _Reader) -> Overrides:
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


def _surcharge(doc: Any, where: str, r: _Reader, *, electricity: bool) -> Surcharge | None:
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


def _prices(doc: Any, r: _Reader) -> tuple[Surcharge | None, tuple[Surcharge, ...]]:
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


# ---------------------------------------------------------------- parse


def _document(doc: Any) -> tuple[Any, list[str]]:
    if isinstance(doc, str):
        try:
            doc = yaml.safe_load(doc)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 1} 行" if mark is not None else ""
            return None, [f"YAML 格式错误{where}：{getattr(exc, 'problem', exc)}"]
    if not isinstance(doc, dict):
        return None, [f"评价方法应为 YAML 映射（字典），实为 {type(doc).__name__}"]
    return doc, []


def _parse(doc: Any) -> tuple[Method | None, list[str]]:
    doc, problems = _document(doc)
    if doc is None:
        return None, problems
    r = _Reader()
    r.mapping(doc, "方法", _TOP)
    name = r.text(doc, "name", "方法")
    if name and not _NAME.match(name):
        r.bad("name", f"{name!r} 应只含小写字母、数字和连字符（如 shandong-default）")
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version.strip():
        r.bad("version", f"应为版本号文字（如 \"1\"，加引号），实为 {version!r}")
        version = ""
    notes = doc.get("notes") or []
    if not isinstance(notes, list) or any(not isinstance(x, str) for x in notes):
        r.bad("notes", "应为文字列表")
        notes = []
    scoring, defaults = _scoring(doc.get("scoring"), r)
    groups = _groups(doc.get("groups"), defaults, r)
    keys: list[str] = []
    for group in groups:
        keys.extend(i.key for i in group.indicators if i.key not in keys)
    electricity, local = _prices(doc.get("prices"), r)
    method = Method(
        name=name,
        title=r.text(doc, "title", "方法"),
        version=version.strip(),
        year=r.integer(doc, "year", "方法", low=2000, high=2100) or 0,
        source=r.text(doc, "source", "方法"),
        status=r.text(doc, "status", "方法"),
        notes=tuple(notes),
        scope=_scope(doc.get("scope"), r),
        groups=groups,
        scoring=scoring,
        classification=_classification(doc.get("classification"), keys, r),
        overrides=_overrides(doc.get("overrides"), r),
        electricity=electricity,
        local_prices=local,
    )
    for group in groups:
        clash = {a.key for a in scoring.adjustments} & {i.key for i in group.indicators}
        for key in sorted(clash):
            r.bad("scoring.adjustments", f"加减分项键 {key!r} 与指标键重复")
    return method, r.problems


def method_problems(doc: Any) -> list[str]:
    """Every problem of a method document (dict or YAML text), in Chinese; [] when valid."""
    return _parse(doc)[1]


def parse_method(doc: Any) -> Method:
    """The method of a document (dict or YAML text); raises MethodInvalid with its problems."""
    method, problems = _parse(doc)
    if problems or method is None:
        raise MethodInvalid(problems)
    return method


# ---------------------------------------------------------------- back to a document


def _surcharge_dict(s: Surcharge, *, electricity: bool) -> dict:
    d: dict[str, Any] = {} if electricity else {"key": s.key}
    d.update({
        "name": s.name, "unit": s.unit, "classes": list(s.classes),
        "by_consecutive_years": list(s.by_consecutive_years), "regions": list(s.regions),
        "other_column": s.other_column, "source": s.source, "status": s.status,
    })
    return d


def _indicator_dict(i: Indicator) -> dict:
    d: dict[str, Any] = {
        "key": i.key, "name": i.name, "unit": i.unit, "formula": i.formula, "direction": i.direction,
        "weight": i.weight, "scoring": i.scoring,
    }
    if i.scoring == "ratio":
        b = i.benchmark
        d["benchmark"] = {"mode": b.mode, "k": b.k, "value": b.value, "industry_digits": b.industry_digits,
                          "min_firms": b.min_firms}
        d["cap"] = i.cap
        d["floor"] = i.floor
    d["missing"] = {"rule": i.missing.rule, "penalty": i.missing.penalty}
    d["note"] = i.note
    return d


def method_dict(method: Method) -> dict:
    """The normalised document of a method (every default explicit); parses back to an equal Method."""
    c = method.classification
    d: dict[str, Any] = {
        "name": method.name,
        "title": method.title,
        "version": method.version,
        "year": method.year,
        "source": method.source,
        "status": method.status,
        "notes": list(method.notes),
        "scope": {
            "industries": {
                "include": list(method.scope.include),
                "rule": method.scope.include_rule,
                "exclude": [{"codes": list(e.codes), "rule": e.rule} for e in method.scope.exclusions],
            },
            "min_age_years": method.scope.min_age_years,
            "no_revenue_t": method.scope.no_revenue_t,
            "flags": [{"column": f.column, "rule": f.rule} for f in method.scope.flags],
        },
        "groups": [
            {"name": g.name, "min_land_mu": g.min_land_mu,
             "indicators": [_indicator_dict(i) for i in g.indicators]}
            for g in method.groups
        ],
        "scoring": {
            "method": method.scoring.method,
            "benchmark_within": method.scoring.benchmark_within,
            "cap": method.scoring.cap,
            "round_scores": method.scoring.round_scores,
            "round_total": method.scoring.round_total,
            "adjustments": [
                {"key": a.key, "name": a.name, "kind": a.kind, "column": a.column, "max": a.max,
                 "groups": list(a.groups)}
                for a in method.scoring.adjustments
            ],
        },
        "classification": {
            "by": c.by,
            "rank_within": c.rank_within,
            "count_rounding": c.count_rounding,
            "ties": c.ties,
            "tie_break": [{"key": t.key, "order": t.order} for t in c.tie_break],
            "names": dict(c.names),
            "policies": dict(c.policies),
        },
        "overrides": {
            "veto_d": method.overrides.veto_d,
            "exempt_t": method.overrides.exempt_t,
            "force_class": method.overrides.force_class,
            "vetoed_in_ranking": method.overrides.vetoed_in_ranking,
            "reason_codes": dict(method.overrides.reason_codes),
        },
        "prices": {
            "electricity": None if method.electricity is None
            else _surcharge_dict(method.electricity, electricity=True),
            "local": [_surcharge_dict(s, electricity=False) for s in method.local_prices],
        },
    }
    if c.by == "rank_share":
        d["classification"]["shares"] = dict(c.shares)
    else:
        d["classification"]["thresholds"] = dict(c.thresholds)
    return d
