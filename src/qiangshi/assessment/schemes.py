"""Assessment scheme documents (考核办法 as data): the YAML an analyst edits, checked, turned
into the engine's tables and options (docs/assessment-schemes.md has the schema).

Every problem is found at once and reported with its line (dataio.documents): the
document's own fields here, the indicator table's rules as the engine states them
(engine.assessment.inputs), the options and the uncertainty alternatives as the engine's
Options and Alternatives check them.
"""

from dataclasses import dataclass, fields

import polars as pl

from qiangshi.dataio.documents import DocumentInvalid, located
from qiangshi.engine.assessment import (
    Alternatives,
    AssessmentInputInvalid,
    MarkCounts,
    Options,
    indicator_table,
)
from qiangshi.engine.assessment.coverage import IMPUTATIONS
from qiangshi.engine.assessment.inputs import PARAMETER_DEFAULTS
from qiangshi.engine.projects import REGISTERED, STAGES

NOT_A_MAPPING = "考核办法应为一个映射（name、title、indicators …）"
SOURCE_TYPES = {
    "figure": "计划指标数据",
    "progress": "目标完成度",
    "timeliness": "报送及时率",
    "zone_rule": "开发区增幅高于全市（任务15）",
    "projects": "项目数",
    "mujun_a_share": "亩均A类企业占比",
}
PROJECT_STAGES = (*STAGES, REGISTERED)
FIGURE_MEASURES = ("value", "yoy")
TIMELINESS_MEASURES = ("timeliness", "completeness")
ZONE_READS = ("value", "yoy", "gap")
KIND_ALIASES = {"常规": "normal", "加分": "bonus", "减分": "deduction", "一票否决": "veto"}


@dataclass(frozen=True)
class Scheme:
    """A checked scheme: the engine's indicator rows, where each indicator's values come from,
    the units (None: the plan's regions), bands, group weights and declared choices."""

    indicators: pl.DataFrame
    sources: dict[str, dict]
    measure_units: dict[str, str]
    units: list[str] | None
    bands: dict[str, str]
    groups: pl.DataFrame | None
    options: Options
    alternatives: Alternatives
    mark_counts: MarkCounts
    plan: str | None


def _text(document: dict, key: str, problems: list[str], *, required: bool = True) -> str:
    value = document.get(key)
    if value is None or value == "":
        if required:
            problems.append(f"{key}：缺少此项")
        return ""
    if not isinstance(value, str | int):
        problems.append(f"{key}：应为文字")
        return ""
    return str(value)


def _source_problems(where: str, source) -> list[str]:
    if not isinstance(source, dict):
        return [f"{where}：应为映射，写明 type（{'、'.join(SOURCE_TYPES)}）"]
    kind = source.get("type")
    if kind not in SOURCE_TYPES:
        return [f"{where}.type：数据来源应为 {'、'.join(SOURCE_TYPES)} 之一"]
    problems = []
    if kind in ("figure", "progress") and not isinstance(source.get("indicator"), str):
        problems.append(f"{where}.indicator：须写明计划指标代码")
    if kind == "figure" and source.get("measure", "value") not in FIGURE_MEASURES:
        problems.append(f"{where}.measure：应为 value（指标值）或 yoy（同比增速）")
    if kind == "projects" and source.get("stage", "started") not in PROJECT_STAGES:
        problems.append(f"{where}.stage：项目阶段应为 {'、'.join(PROJECT_STAGES)} 之一")
    if kind == "timeliness" and source.get("measure", "timeliness") not in TIMELINESS_MEASURES:
        problems.append(f"{where}.measure：应为 timeliness（及时率）或 completeness（完整率）")
    if kind == "zone_rule":
        measures = source.get("measures")
        if not isinstance(measures, list) or not measures:
            return [*problems, f"{where}.measures：须列出比较的增幅指标"]
        for i, measure in enumerate(measures):
            if not isinstance(measure, dict) or not isinstance(measure.get("indicator"), str):
                problems.append(f"{where}.measures[{i}]：须写明计划指标代码 indicator")
            elif measure.get("read", "yoy") not in ZONE_READS:
                problems.append(f"{where}.measures[{i}].read：应为 value、yoy 或 gap")
    return problems


def _indicator_rows(indicators, problems: list[str]) -> tuple[list[dict], dict, dict]:
    rows, sources, units = [], {}, {}
    if not isinstance(indicators, list) or not indicators:
        problems.append("indicators：须列出至少一个考核指标")
        return rows, sources, units
    for i, item in enumerate(indicators):
        where = f"indicators[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}：应为映射（key、name、method、source …）")
            continue
        key = item.get("key")
        if not isinstance(key, str) or not key.strip():
            problems.append(f"{where}.key：须写明指标代码")
            continue
        problems += _source_problems(f"{where}.source", item.get("source"))
        row = {"indicator": key, "name": item.get("name"), "group": item.get("group"),
               "weight": item.get("weight"), "direction": item.get("direction"),
               "method": item.get("method"), "kind": KIND_ALIASES.get(item.get("kind"), item.get("kind"))}
        for column in PARAMETER_DEFAULTS:
            row[column] = item.get(column)
        for column, value in row.items():
            if column not in ("indicator", "name", "group", "method", "kind") and value is not None \
                    and (isinstance(value, bool) or not isinstance(value, int | float)):
                problems.append(f"{where}.{column}：应为数字")
                row[column] = None
        rows.append(row)
        sources[key] = item.get("source") or {}
        units[key] = str(item.get("unit") or "")
    return rows, sources, units


def _positions(indicators) -> dict:
    """Each indicator key's place in the document's list."""
    return {item.get("key"): i for i, item in enumerate(indicators) if isinstance(item, dict)}


def _engine_problems(rows: list[dict], indicators) -> tuple[pl.DataFrame | None, list[str]]:
    """The engine's checks of the indicator table, each put at its indicator's place."""
    try:
        return indicator_table(rows), []
    except AssessmentInputInvalid as invalid:
        keys = _positions(indicators)
        messages = []
        for problem in invalid.problems:
            head, colon, what = problem.partition("：")
            code = head.removeprefix("指标 ").removesuffix(" 重复出现")
            where = f"indicators[{keys[code]}]" if code in keys else "indicators"
            messages.append(f"{where}：{what if colon else problem}")
        return None, messages
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        return None, ["indicators：指标的类别或数值无法识别"]


def _choices(document: dict, key: str, kind, problems: list[str]):
    given = document.get(key) or {}
    if not isinstance(given, dict):
        problems.append(f"{key}：应为映射")
        return kind()
    known = {f.name for f in fields(kind)}
    unknown = sorted(set(given) - known)
    problems += [f"{key}.{name}：无法识别的选项" for name in unknown]
    values = {name: tuple(v) if isinstance(v, list) else v for name, v in given.items() if name in known}
    try:
        chosen = kind(**values)
        found = chosen.problems() if hasattr(chosen, "problems") else []
    except TypeError:
        problems.append(f"{key}：选项的取值应为数字或所列的方法名称")
        return kind()
    except ValueError as error:
        found = [str(error)]
    problems += [f"{key}：{message}" for message in found]
    return chosen if not found else kind()


def _units_and_bands(document: dict, problems: list[str]) -> tuple[list[str] | None, dict[str, str]]:
    units = document.get("units")
    if units is not None and (
            not isinstance(units, list) or not all(isinstance(u, str | int) for u in units)):
        problems.append("units：应为地区代码的列表（不写则为计划的考核地区）")
        units = None
    bands = document.get("bands") or {}
    by_unit = {}
    if not isinstance(bands, dict):
        problems.append("bands：应为 档名 → 地区代码列表")
        return units and [str(u) for u in units], by_unit
    for band, members in bands.items():
        if not isinstance(members, list):
            problems.append(f"bands.{band}：应为地区代码的列表")
            continue
        for member in members:
            if str(member) in by_unit:
                problems.append(f"bands.{band}：地区 {member} 已在档 {by_unit[str(member)]}")
            by_unit[str(member)] = str(band)
    return units and [str(u) for u in units], by_unit


def _groups(document: dict, problems: list[str]) -> pl.DataFrame | None:
    groups = document.get("groups")
    if groups is None:
        return None
    if not isinstance(groups, dict) or not all(
            isinstance(w, int | float) and not isinstance(w, bool) and w >= 0 for w in groups.values()):
        problems.append("groups：应为 一级指标 → 权重（非负数）")
        return None
    return pl.DataFrame({"group": [str(g) for g in groups], "weight": [float(w) for w in groups.values()]})


def _declared_problems(options: Options, mark_counts: MarkCounts) -> list[str]:
    """What the engine checks only when it runs: the imputation rule and the marks' counts."""
    problems = []
    if options.imputation not in IMPUTATIONS:
        problems.append(f"options.imputation：插补方法应为 {'、'.join(IMPUTATIONS)} 之一")
    counts = (mark_counts.blue, mark_counts.yellow, mark_counts.red)
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
        problems.append("marks：蓝牌、黄牌、红牌的名额应为非负整数")
    return problems


def scheme_read(document) -> Scheme:
    """The scheme of a document (as dataio.documents.yaml_read gives it, or stored JSON);
    DocumentInvalid with every problem, on its line when the document has lines."""
    if not isinstance(document, dict):
        raise DocumentInvalid([NOT_A_MAPPING])
    problems: list[str] = []
    for key in ("name", "title"):
        _text(document, key, problems)
    for key in ("document_number", "plan"):
        _text(document, key, problems, required=False)
    if not isinstance(document.get("illustrative", False), bool):
        problems.append("illustrative：应为 true 或 false")
    rows, sources, measure_units = _indicator_rows(document.get("indicators"), problems)
    indicators, engine_problems = _engine_problems(rows, document.get("indicators")) if rows else (None, [])
    problems += engine_problems
    units, bands = _units_and_bands(document, problems)
    groups = _groups(document, problems)
    if groups is not None and indicators is not None:
        undeclared = indicators.filter(pl.col("kind") == "normal",
                                       ~pl.col("group").is_in(groups["group"].to_list()))
        positions = _positions(document.get("indicators"))
        problems += [f"indicators[{positions[key]}].group：一级指标 {group or '（空）'} 未给出权重"
                     for key, group in undeclared.select("indicator", "group").iter_rows()]
    options = _choices(document, "options", Options, problems)
    alternatives = _choices(document, "uncertainty", Alternatives, problems)
    mark_counts = _choices(document, "marks", MarkCounts, problems)
    problems += _declared_problems(options, mark_counts)
    if problems:
        raise DocumentInvalid(located(problems, document))
    return Scheme(indicators, sources, measure_units, units, bands, groups, options, alternatives,
                  mark_counts, document.get("plan") or None)
