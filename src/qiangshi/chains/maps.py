"""A chain's document (the chain as data, docs/chain-schema.md): the 4个1, the chain's targets
and its map of segments → nodes, checked and turned into the engine's tables.

Every problem is found at once and reported with its line (dataio.documents): the document's
own fields here, the node table's rules as the engine states them (engine.chains.inputs).
A bundle (a city's file of several chains, as packaged) is checked chain by chain.
"""

import re
from dataclasses import dataclass

import polars as pl

from qiangshi.dataio.documents import DocumentInvalid, DocumentProblem, located
from qiangshi.engine.chains import ChainInputInvalid, node_table
from qiangshi.engine.chains.inputs import SEGMENTS

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
LEVELS = ("标志性", "重点")
TARGET_MEASURES = {"revenue": "营业收入", "output": "工业总产值", "above_scale_firms": "规上企业数",
                   "firms": "企业数"}
PEOPLE = {"chain_leader": "链长", "lead_office": "牵头处室", "servicer": "服务员", "members": "专班成员"}
NOT_A_MAPPING = "产业链文件应为一个映射（code、name、level、nodes …）"


@dataclass(frozen=True)
class ChainMap:
    """A checked chain: the engine's node rows (chain = code), edges, targets and people."""

    code: str
    name: str
    level: str
    nodes: pl.DataFrame
    edges: pl.DataFrame
    targets: list[dict]
    people: dict
    name_confirmed: bool
    codes_confirmed: bool


def _text(value) -> str:
    return str(value).strip() if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def _words(value, where: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or any(isinstance(v, dict | list) for v in value):
        problems.append(f"{where}：应为文字列表")
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _node_rows(document: dict, code: str, problems: list[str]) -> list[dict]:
    nodes = document.get("nodes")
    if not isinstance(nodes, list) or not nodes:
        problems.append("nodes：须列出至少一个节点（segment、name、codes、keywords）")
        return []
    rows = []
    for i, node in enumerate(nodes):
        where = f"nodes[{i}]"
        if not isinstance(node, dict):
            problems.append(f"{where}：应为映射（segment、name、codes、keywords）")
            continue
        name = _text(node.get("name"))
        if not name:
            problems.append(f"{where}.name：须写明节点名称")
            continue
        if len(name) > 120:
            problems.append(f"{where}.name：节点名称不超过 120 字")
        if node.get("segment") not in SEGMENTS:
            problems.append(f"{where}.segment：环节应为 {'/'.join(SEGMENTS)}")
        codes = _words(node.get("codes"), f"{where}.codes", problems)
        problems += [f"{where}.codes：{c} 不是4位小类代码" for c in codes if not re.fullmatch(r"\d{4}", c)]
        keywords = _words(node.get("keywords"), f"{where}.keywords", problems)
        products = _words(node.get("products"), f"{where}.products", problems)
        if not codes and not keywords:
            problems.append(f"{where}：节点须有行业代码或关键词，否则无法挂接企业")
        rows.append({"chain": code, "node": name, "segment": node.get("segment"), "codes": codes,
                     "keywords": keywords + [p for p in products if p not in keywords]})
    return rows


def _edges(document: dict, names: set[str], problems: list[str]) -> list[dict]:
    edges = document.get("edges") or []
    if not isinstance(edges, list):
        problems.append("edges：应为列表（upstream、downstream）")
        return []
    rows = []
    for i, edge in enumerate(edges):
        if not isinstance(edge, dict):
            problems.append(f"edges[{i}]：应为映射（upstream、downstream）")
            continue
        ends = {key: _text(edge.get(key)) for key in ("upstream", "downstream")}
        for key, value in ends.items():
            if value not in names:
                problems.append(f"edges[{i}].{key}：节点“{value}”不在本链图谱中")
        rows.append(ends)
    return rows


def _targets(document: dict, problems: list[str]) -> list[dict]:
    targets = document.get("targets") or []
    if not isinstance(targets, list):
        problems.append("targets：应为列表（measure、year、value、unit、source）")
        return []
    rows = []
    for i, target in enumerate(targets):
        where = f"targets[{i}]"
        if not isinstance(target, dict):
            problems.append(f"{where}：应为映射（measure、year、value、unit、source）")
            continue
        measure, year, value = target.get("measure"), target.get("year"), target.get("value")
        if measure not in TARGET_MEASURES:
            problems.append(f"{where}.measure：应为 {'、'.join(TARGET_MEASURES)} 之一")
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            problems.append(f"{where}.year：应为目标年份（如 2025）")
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            problems.append(f"{where}.value：应为大于0的数字")
        unit = _text(target.get("unit")) or ("亿元" if measure in ("revenue", "output") else "家")
        if measure in ("revenue", "output") and unit not in ("亿元", "万元"):
            problems.append(f"{where}.unit：金额单位应为 亿元 或 万元")
        rows.append({"measure": measure, "label": TARGET_MEASURES.get(measure, ""), "year": year,
                     "value": value, "unit": unit, "source": _text(target.get("source"))})
    return rows


def _people(document: dict, problems: list[str]) -> dict:
    people = document.get("people") or {}
    if not isinstance(people, dict):
        problems.append("people：应为映射（chain_leader、lead_office、servicer、members）")
        return {}
    unknown = [key for key in people if key not in PEOPLE]
    problems += [f"people.{key}：无法识别（应为 {'、'.join(PEOPLE)}）" for key in unknown]
    return {"chain_leader": _text(people.get("chain_leader")),
            "lead_office": _text(people.get("lead_office")),
            "servicer": _text(people.get("servicer")),
            "members": _words(people.get("members"), "people.members", problems)}


def _flag(document: dict, key: str, problems: list[str]) -> bool:
    value = document.get(key, False)
    if not isinstance(value, bool):
        problems.append(f"{key}：应为 true 或 false")
        return False
    return value


def chain_read(document) -> ChainMap:
    """The checked chain; DocumentInvalid listing every problem, each on its line."""
    if not isinstance(document, dict):
        raise DocumentInvalid([DocumentProblem(1, NOT_A_MAPPING)])
    problems: list[str] = []
    code = _text(document.get("code"))
    if not CODE_PATTERN.match(code):
        problems.append("code：产业链代码应为小写字母、数字与连字符（如 new-energy-vehicle）")
    name = _text(document.get("name"))
    if not name or len(name) > 200:
        problems.append("name：须写明产业链名称（不超过 200 字）")
    level = document.get("level")
    if level not in LEVELS:
        problems.append(f"level：层级应为 {'、'.join(LEVELS)}")
    rows = _node_rows(document, code, problems)
    edges = _edges(document, {row["node"] for row in rows}, problems)
    targets = _targets(document, problems)
    people = _people(document, problems)
    flags = {key: _flag(document, key, problems) for key in ("name_confirmed", "codes_confirmed")}
    nodes = None
    if rows:
        try:
            nodes = node_table(rows)
        except ChainInputInvalid as invalid:
            problems += [f"nodes：{p}" for p in invalid.problems if p not in problems]
    if problems:
        raise DocumentInvalid(located(problems, document))
    return ChainMap(code=code, name=name, level=level, nodes=nodes,
                    edges=pl.DataFrame(edges, schema={"upstream": pl.Utf8, "downstream": pl.Utf8})
                    .with_columns(pl.lit(code).alias("chain")).select("chain", "upstream", "downstream"),
                    targets=targets, people=people, **flags)


def bundle_chains(document) -> list[dict]:
    """The chain documents of a bundle ({city, title, chains: [...]}) or of a single chain."""
    if isinstance(document, dict) and isinstance(document.get("chains"), list):
        return document["chains"]
    return [document]

