"""The method document's shape: its option lists, the frozen dataclasses a document is read
into, and the error a document with problems raises.

``docs/mujun-method.md`` describes every field with an example; ``reader`` reads a document
into these classes and ``document`` writes them back out.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class MethodInvalid(ValueError):
    """The method document has problems; ``problems`` lists them in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("评价方法有误：" + "；".join(self.problems))


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

