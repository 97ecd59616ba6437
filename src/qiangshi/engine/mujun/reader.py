"""Reads a method document (YAML text or a dict) into a :class:`Method`, with every problem.

``parse_method(doc)`` returns a frozen :class:`Method` or raises :class:`MethodInvalid`
whose ``problems`` are Chinese messages naming the field; ``method_problems(doc)`` returns
the messages only. The packaged methods are read by ``qiangshi.reference.documents`` and
come in here as documents.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from . import sections
from .fields import FieldReader
from .schema import Method, MethodInvalid

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP = (
    "name", "title", "version", "year", "source", "status", "notes", "scope", "groups", "scoring",
    "classification", "overrides", "prices",
)


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
    r = FieldReader()
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
    scoring, defaults = sections.scoring(doc.get("scoring"), r)
    groups = sections.groups(doc.get("groups"), defaults, r)
    keys: list[str] = []
    for group in groups:
        keys.extend(i.key for i in group.indicators if i.key not in keys)
    electricity, local = sections.prices(doc.get("prices"), r)
    method = Method(
        name=name,
        title=r.text(doc, "title", "方法"),
        version=version.strip(),
        year=r.integer(doc, "year", "方法", low=2000, high=2100) or 0,
        source=r.text(doc, "source", "方法"),
        status=r.text(doc, "status", "方法"),
        notes=tuple(notes),
        scope=sections.scope(doc.get("scope"), r),
        groups=groups,
        scoring=scoring,
        classification=sections.classification(doc.get("classification"), keys, r),
        overrides=sections.overrides(doc.get("overrides"), r),
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
