"""Reads and validates an action-plan YAML document (docs/plan-schema.md). No Django here.

Every problem is reported with the line of the YAML file and the field, in
Chinese, and all problems are reported at once so that a plan can be fixed in
one pass (the one convention of versioned documents: dataio.documents).
"""

import re
from dataclasses import dataclass, field

from qiangshi.dataio.documents import DocumentInvalid, DocumentProblem, plain, yaml_read
from qiangshi.engine.aggregate import formula_problems
from qiangshi.engine.progress import DIRECTION_METHODS
from qiangshi.engine.progress import SOURCES as FIGURE_SOURCES
from qiangshi.enterprises.columns import FACT_FIELDS

KINDS = {"level", "share", "change", "annual_flow", "cumulative", "avg_growth", "differential",
         "rank", "direction", "qualitative"}
COMPARATORS = {"gte", "lte", "approx", "increase", "decrease", "stable", "achieve"}
FREQUENCIES = {"monthly_cumulative", "quarterly", "annual"}
SOURCES = {"reported", "computed"}
OBSERVED_AS = {"rate", "amount"}
DIRECTION_METHOD_KEYS = set(DIRECTION_METHODS)
# Kinds whose target is a direction or a done/not-done goal, not a number.
KINDS_WITHOUT_VALUE = {"direction", "qualitative"}
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9-]{1,39}$")


@dataclass
class TaskSpec:
    number: int
    action: str
    title: str
    text: str
    lead_units: list[str]
    supporting_units: list[str]


@dataclass
class IndicatorSpec:
    code: str
    name: str
    category: str | None
    task: int | None
    unit: str
    kind: str
    comparator: str
    target_value: float | None
    target_value_high: float | None
    target_year: int
    base_value: float | None
    base_year: int | None
    tolerance: float | None
    lower_limit: float | None
    upper_limit: float | None
    aspirational: bool
    frequency: str
    source: str
    reporting_units: list[str]
    compare_to: str
    sentence: str
    note: str
    formula: dict | None = None
    precedence: list[str] = field(default_factory=list)
    observed_as: str = "rate"
    # every district and zone of the plan reports the indicator for its own region
    reported_by_regions: bool = False
    direction_method: str = ""


@dataclass
class PlanSpec:
    code: str
    title: str
    city: str
    region_code: str
    document_number: str
    version: str
    period_start: int
    period_end: int
    base_year: int
    source_file: str
    categories: list[tuple[str, str]] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)
    # the districts and zones (region codes) the plan is broken down to, reported by and
    # assessed over; empty: the city's districts and counties
    regions: list[str] = field(default_factory=list)


# The yearly enterprise facts a formula may add up.
FACT_FIELD_NAMES = set(FACT_FIELDS)


class _Reader:
    """Takes typed fields out of one mapping, collecting errors instead of raising."""

    def __init__(self, mapping, path: str, errors: list[DocumentProblem]):
        self.mapping = mapping if isinstance(mapping, dict) else {}
        self.path = path
        self.errors = errors
        self.line = getattr(mapping, "line", None)
        if not isinstance(mapping, dict):
            self.fail(path, "应为键值映射")

    def fail(self, name: str, message: str, line=None):
        key_lines = getattr(self.mapping, "key_lines", {})
        where = line or key_lines.get(name.rsplit(".", 1)[-1]) or self.line
        field_name = name if name.startswith(self.path) else f"{self.path}.{name}"
        self.errors.append(DocumentProblem(where, message, field_name))

    def _get(self, name, required):
        if name not in self.mapping or self.mapping[name] is None:
            if required:
                self.fail(name, "缺少必填字段")
            return None
        return self.mapping[name]

    def text(self, name, required=True) -> str:
        value = self._get(name, required)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(name, f"应为文本，实际为 {value!r}")
            return ""
        return str(value).strip()

    def integer(self, name, required=True) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"应为整数，实际为 {value!r}")
            return None
        return value

    def number(self, name, required=False) -> float | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(name, f"应为数值，实际为 {value!r}")
            return None
        return float(value)

    def boolean(self, name, required=True) -> bool:
        value = self._get(name, required)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(name, f"应为 true 或 false，实际为 {value!r}")
            return False
        return value

    def choice(self, name, allowed, required=True) -> str:
        value = self.text(name, required)
        if value and value not in allowed:
            self.fail(name, f"取值 {value!r} 无效，可选：{'、'.join(sorted(allowed))}")
        return value

    def sources(self, name) -> list[str]:
        value = self._get(name, False)
        if value is None:
            return []
        if (not isinstance(value, list) or not all(v in FIGURE_SOURCES for v in value)
                or len(set(value)) != len(value)):
            self.fail(name, f"应为不重复的来源列表，可选：{'、'.join(FIGURE_SOURCES)}")
            return []
        return value

    def names(self, name, known_units: dict[str, str], required=True) -> list[str]:
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(name, "应为单位名称列表")
            return []
        resolved = []
        for unit in value:
            canonical = known_units.get(unit.strip())
            if canonical is None:
                self.fail(name, f"未知单位 {unit!r}（不在责任单位名录中）")
            else:
                resolved.append(canonical)
        if required and not resolved and not any(e.field.endswith(name) for e in self.errors):
            self.fail(name, "至少需要一个单位")
        return resolved


def _list(root: _Reader, name: str) -> list:
    value = root.mapping.get(name)
    if value is None:
        root.fail(name, "缺少必填字段")
        return []
    if not isinstance(value, list):
        root.fail(name, "应为列表")
        return []
    return value


def _indicator(item, path, known_units, plan: PlanSpec, errors) -> IndicatorSpec:
    category_codes = {code for code, _ in plan.categories}
    task_numbers = {task.number for task in plan.tasks}
    r = _Reader(item, path, errors)
    declared_as = isinstance(item, dict) and item.get("observed_as") is not None
    spec = IndicatorSpec(
        code=r.text("code"), name=r.text("name"), category=r.text("category", False) or None,
        task=r.integer("task", False), unit=r.text("unit", False),
        kind=r.choice("kind", KINDS), comparator=r.choice("comparator", COMPARATORS),
        target_value=r.number("target_value"), target_value_high=r.number("target_value_high"),
        target_year=r.integer("target_year"), base_value=r.number("base_value"),
        base_year=r.integer("base_year", False), tolerance=r.number("tolerance"),
        lower_limit=r.number("lower_limit"), upper_limit=r.number("upper_limit"),
        aspirational=r.boolean("aspirational"), frequency=r.choice("frequency", FREQUENCIES),
        source=r.choice("source", SOURCES),
        reporting_units=r.names("reporting_units", known_units),
        compare_to=r.text("compare_to", False), sentence=r.text("sentence"),
        note=r.text("note", False), formula=plain(r.mapping.get("formula")),
        precedence=r.sources("precedence"),
        observed_as=r.choice("observed_as", OBSERVED_AS) if declared_as else "rate",
        reported_by_regions=r.boolean("reported_by_regions", required=False),
        direction_method=r.choice("direction_method", DIRECTION_METHOD_KEYS, required=False),
    )
    if spec.formula is not None:
        for problem in formula_problems(spec.formula, fields=FACT_FIELD_NAMES):
            r.fail("formula", problem)
    if spec.code and not CODE_PATTERN.match(spec.code):
        r.fail("code", f"代码 {spec.code!r} 不合规范：大写字母开头，仅含大写字母、数字和 -，2–40 位")
    if spec.category is None and spec.task is None:
        r.fail("category", "category 与 task 至少填写一项")
    if spec.category and spec.category not in category_codes:
        r.fail("category", f"类别 {spec.category!r} 未在 categories 中定义")
    if spec.task is not None and spec.task not in task_numbers:
        r.fail("task", f"任务 {spec.task} 不存在")
    if spec.kind and spec.kind not in KINDS_WITHOUT_VALUE and spec.target_value is None:
        r.fail("target_value", f"类型 {spec.kind} 的指标需要目标值")
    if spec.kind == "change" and spec.base_year is None:
        r.fail("base_year", "较基期变化的指标需要基期年")
    if spec.kind == "differential" and not spec.compare_to:
        r.fail("compare_to", "高于对比值的指标需要 compare_to")
    if spec.comparator == "approx" and spec.tolerance is not None and spec.tolerance < 0:
        r.fail("tolerance", "容差不能为负数")
    if declared_as and spec.kind != "avg_growth":
        r.fail("observed_as", "只有年均增幅指标需要声明数据是金额还是增速")
    if spec.direction_method and not (spec.kind == "direction"
                                      and spec.comparator in {"increase", "decrease"}):
        r.fail("direction_method", "只有持续提升/持续下降的指标可以选择无目标判定方法")
    if (spec.target_year is not None and spec.kind != "annual_flow"
            and not plan.period_start <= spec.target_year <= plan.period_end):
        r.fail("target_year",
               f"目标年 {spec.target_year} 不在计划期 {plan.period_start}–{plan.period_end} 内")
    if spec.target_value is not None:
        if spec.lower_limit is not None and spec.target_value < spec.lower_limit:
            r.fail("target_value", f"目标值 {spec.target_value:g} 低于自然下限 {spec.lower_limit:g}")
        if spec.upper_limit is not None and spec.target_value > spec.upper_limit:
            r.fail("target_value", f"目标值 {spec.target_value:g} 高于自然上限 {spec.upper_limit:g}")
    if spec.target_value_high is not None and spec.target_value is not None \
            and spec.target_value_high < spec.target_value:
        r.fail("target_value_high", "区间上限小于下限")
    return spec


def plan_parse(text: str, *, known_units: dict[str, str]) -> PlanSpec:
    """Parse and validate; raise DocumentInvalid listing every problem.

    `known_units` maps every accepted unit name and alias to its canonical name.
    """
    errors: list[DocumentProblem] = []
    document = yaml_read(text)
    root = _Reader(document, "", errors)
    if errors:
        raise DocumentInvalid(errors)
    head = _Reader(root.mapping.get("plan"), "plan", errors)
    plan = PlanSpec(
        code=head.text("code"), title=head.text("title"), city=head.text("city"),
        region_code=head.text("region_code"), document_number=head.text("document_number", False),
        version=head.text("version"), period_start=head.integer("period_start") or 0,
        period_end=head.integer("period_end") or 0, base_year=head.integer("base_year") or 0,
        source_file=head.text("source_file", False),
    )
    if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
        head.fail("period_end", "终止年早于起始年")
    regions = head.mapping.get("regions")
    if regions is not None:
        if not isinstance(regions, list) or not all(isinstance(v, str | int) for v in regions):
            head.fail("regions", "应为地区代码列表")
        else:
            plan.regions = [str(code).strip() for code in regions]

    for index, item in enumerate(root.mapping.get("categories") or []):
        r = _Reader(item, f"categories[{index}]", errors)
        plan.categories.append((r.text("code"), r.text("name")))
    for index, item in enumerate(_list(root, "actions")):
        r = _Reader(item, f"actions[{index}]", errors)
        plan.actions.append((r.text("code"), r.text("name")))
    action_codes = {code for code, _ in plan.actions}
    for index, item in enumerate(_list(root, "tasks")):
        r = _Reader(item, f"tasks[{index}]", errors)
        task = TaskSpec(
            number=r.integer("number") or 0, action=r.text("action"), title=r.text("title"),
            text=r.text("text"), lead_units=r.names("lead_units", known_units),
            supporting_units=r.names("supporting_units", known_units, required=False),
        )
        if task.action and task.action not in action_codes:
            r.fail("action", f"行动 {task.action!r} 未在 actions 中定义")
        plan.tasks.append(task)
    for index, item in enumerate(_list(root, "indicators")):
        plan.indicators.append(_indicator(item, f"indicators[{index}]", known_units, plan, errors))

    for label, values in [
        ("categories", [c for c, _ in plan.categories]),
        ("actions", [c for c, _ in plan.actions]),
        ("tasks", [t.number for t in plan.tasks]),
        ("indicators", [i.code for i in plan.indicators]),
    ]:
        seen = set()
        for index, value in enumerate(values):
            if value in seen:
                item = root.mapping.get(label)[index]
                errors.append(DocumentProblem(getattr(item, "line", None),
                                              f"代码/序号 {value!r} 重复", f"{label}[{index}]"))
            seen.add(value)
    if errors:
        raise DocumentInvalid(errors)
    return plan
