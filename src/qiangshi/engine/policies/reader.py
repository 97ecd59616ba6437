"""Reads a policy document (a parsed YAML mapping) into a :class:`Policy`, with every problem.

``policy_read(doc)`` checks the whole document before raising :class:`PolicyInvalid`, whose
``problems`` name each place (``clauses[2].amount.cap``) and say what is wrong in Chinese; the
schema is in docs/policy-schema.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .fields import FIELDS, FLAG, LIST, NUM, TEXT, YEAR
from .schema import (
    CATEGORIES,
    DELIVERIES,
    Amount,
    Band,
    Case,
    Clause,
    Condition,
    Parameter,
    Policy,
    PolicyInvalid,
    Value,
)

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_YEAR_REF = re.compile(r"^\$year([+-]\d+)?$")
LEAF_OPS = (">=", ">", "<=", "<", "==", "in", "not_in")
_OP_WORDS = {
    ">=": "不低于",
    ">": "高于",
    "<=": "不高于",
    "<": "低于",
    "==": "为",
    "in": "为",
    "not_in": "不为",
}
KINDS = (
    "fixed",
    "by_level",
    "by_band",
    "rate",
    "rate_by_category",
    "rate_by_band",
    "incremental",
    "interest",
)
_TOP = (
    "code",
    "title",
    "doc_no",
    "issuer",
    "in_force",
    "category",
    "delivery",
    "department",
    "phone",
    "parameters",
    "clauses",
    "note",
)
_CLAUSE = ("code", "article", "title", "conditions", "amount", "non_stacking", "verified", "note", "tests")
_AMOUNT = (
    "kind",
    "label",
    "value",
    "base",
    "previous",
    "field",
    "rate",
    "share",
    "values",
    "bands",
    "cap",
    "minimum",
    "uplift",
    "installments",
    "staged",
)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.params: set[str] = set()

    def bad(self, path: str, message: str) -> None:
        self.problems.append(f"{path}：{message}")

    def keys(self, doc: dict, path: str, allowed: tuple[str, ...]) -> None:
        for key in doc:
            if key not in allowed:
                self.bad(f"{path}.{key}" if path else str(key), "未知项（可用：" + "、".join(allowed) + "）")

    def text(self, doc: dict, key: str, path: str, required: bool = True) -> str:
        value = doc.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.bad(_join(path, key), f"应为非空文字，实为 {value!r}")
            return ""
        return value.strip()

    def date(self, value: Any, path: str, required: bool = True) -> dt.date | None:
        if value is None and not required:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.bad(path, f"应为日期（如 2019-01-01），实为 {value!r}")
            return None

    def number(self, value: Any, path: str, required: bool = True) -> float | str | None:
        """A literal number, or the name of a declared parameter."""
        if value is None and not required:
            return None
        if isinstance(value, bool) or value is None:
            self.bad(path, f"应为数值或参数名，实为 {value!r}")
            return None
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str) and value in self.params:
            return value
        self.bad(path, f"{value!r} 不是数值，也不是已声明的参数（parameters）")
        return None

    def field(self, value: Any, path: str, kinds: tuple[str, ...] = (NUM,)) -> str:
        if value not in FIELDS:
            self.bad(path, f"未知字段 {value!r}")
            return ""
        if FIELDS[value].kind not in kinds:
            self.bad(path, f"字段 {value}（{FIELDS[value].label}）类型不适用于此处")
            return ""
        return value


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _parameters(doc: Any, r: _Reader) -> dict[str, Parameter]:
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        r.bad("parameters", "应为映射：参数名 → 取值列表")
        return {}
    r.params = set(doc)
    out = {}
    for name, values in doc.items():
        path = f"parameters.{name}"
        if not isinstance(values, list) or not values:
            r.bad(path, "应为非空列表，每项含 from、value、ref")
            continue
        read = []
        for i, item in enumerate(values):
            p = _join(path, i)
            if not isinstance(item, dict):
                r.bad(p, "应为映射（from、value、ref，可选 until）")
                continue
            r.keys(item, p, ("from", "until", "value", "ref"))
            start = r.date(item.get("from"), _join(p, "from"))
            until = r.date(item.get("until"), _join(p, "until"), required=False)
            value = item.get("value")
            if isinstance(value, bool) or not isinstance(value, int | float):
                r.bad(_join(p, "value"), f"应为数值，实为 {value!r}")
                continue
            ref = r.text(item, "ref", p)
            if start is not None:
                read.append(Value(start, until, float(value), ref))
        starts = [v.start for v in read]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            r.bad(path, "各取值的 from 日期应递增且不重复")
        out[name] = Parameter(name, tuple(read))
    return out


def _leaf_value(field: str, op: str, value: Any, path: str, r: _Reader) -> Any:
    kind = FIELDS[field].kind
    if op in ("in", "not_in"):
        if (
            kind not in (TEXT, LIST)
            or not isinstance(value, list)
            or not value
            or any(not isinstance(v, str) for v in value)
        ):
            r.bad(path, f"{op} 需要文字字段和非空文字列表，实为 {value!r}")
        return tuple(value) if isinstance(value, list) else ()
    if kind == LIST:
        r.bad(path, f"列表字段 {field} 只能用 in / not_in")
    elif kind == FLAG:
        if op != "==" or not isinstance(value, bool):
            r.bad(path, f"是否类字段 {field} 只能用 == true / false，实为 {op} {value!r}")
    elif kind == YEAR:
        if not (isinstance(value, int) and not isinstance(value, bool)) and not (
            isinstance(value, str) and _YEAR_REF.match(value)
        ):
            r.bad(path, f"年份应为整数或 $year、$year-1 等，实为 {value!r}")
    elif kind == TEXT:
        if op != "==" or not isinstance(value, str):
            r.bad(path, f"文字字段 {field} 只能用 ==、in、not_in，实为 {op} {value!r}")
    else:
        return r.number(value, path)
    return value


def _leaf_text(field: str, op: str, value: Any) -> str:
    f = FIELDS[field]
    if f.kind == FLAG:
        return f.label if value else f"无{f.label}"
    if isinstance(value, tuple):
        verb = "包含" if f.kind == LIST else "为"
        return f"{f.label}{'' if op == 'in' else '不'}{verb}{'、'.join(value)}"
    if isinstance(value, str) and _YEAR_REF.match(value):
        offset = value[5:]
        when = {"": "评价当年", "-1": "评价上一年"}.get(offset, f"评价年份{offset}年")
        return f"{f.label}{_OP_WORDS[op]}{when}"
    if isinstance(value, float):
        value = int(value) if value == int(value) else value
    unit = f.unit if f.unit == "%" else f" {f.unit}".rstrip()
    return f"{f.label}{_OP_WORDS[op]} {value}{unit}"


def _condition(doc: Any, path: str, r: _Reader) -> Condition | None:
    if not isinstance(doc, dict):
        r.bad(path, "条件应为映射（field、op、value 或 all / any / not）")
        return None
    text = doc.get("text")
    for group in ("all", "any", "not"):
        if group in doc:
            r.keys(doc, path, (group, "text"))
            items = doc[group] if group != "not" else [doc[group]]
            if not isinstance(items, list) or not items:
                r.bad(_join(path, group), "应为非空条件列表")
                return None
            where = [
                _join(_join(path, group), i) if group != "not" else _join(path, group)
                for i in range(len(items))
            ]
            kids = tuple(
                k for item, p in zip(items, where, strict=True) if (k := _condition(item, p, r)) is not None
            )
            joiner = {"all": "且", "any": "或"}.get(group, "")
            auto = f"非（{kids[0].text}）" if group == "not" and kids else joiner.join(k.text for k in kids)
            return Condition(group, text or auto, children=kids)
    r.keys(doc, path, ("field", "op", "value", "text"))
    op, field = doc.get("op"), doc.get("field")
    if op not in LEAF_OPS:
        r.bad(_join(path, "op"), f"应为 {' '.join(LEAF_OPS)} 之一，实为 {op!r}")
    if field not in FIELDS:
        r.bad(_join(path, "field"), f"未知字段 {field!r}")
    if op not in LEAF_OPS or field not in FIELDS:
        return None
    value = _leaf_value(field, op, doc.get("value"), _join(path, "value"), r)
    return Condition(op, text or _leaf_text(field, op, value), field=field, value=value)


def _amount(doc: Any, path: str, r: _Reader) -> Amount | None:
    if not isinstance(doc, dict):
        r.bad(path, "应为映射（kind 及其所需各项）")
        return None
    r.keys(doc, path, _AMOUNT)
    kind = doc.get("kind")
    if kind not in KINDS:
        r.bad(_join(path, "kind"), f"应为 {'、'.join(KINDS)} 之一，实为 {kind!r}")
        return None
    p = lambda key: _join(path, key)  # noqa: E731
    need = {
        "fixed": ("value",),
        "by_level": ("field", "values"),
        "by_band": ("base", "bands"),
        "rate": ("base", "rate"),
        "rate_by_category": ("base", "field", "values"),
        "rate_by_band": ("base", "bands"),
        "incremental": ("base", "previous", "rate"),
        "interest": ("base", "rate", "share"),
    }[kind]
    for key in need:
        if key not in doc:
            r.bad(p(key), f"{kind} 需要此项")
    args: dict[str, Any] = {"kind": kind, "label": r.text(doc, "label", path, required=False) or "奖励"}
    if "value" in doc:
        args["value"] = r.number(doc["value"], p("value"))
    for key in ("rate", "share", "cap", "minimum"):
        if key in doc:
            args[key] = r.number(doc[key], p(key))
    for key in ("base", "previous"):
        if key in doc:
            args[key] = r.field(doc[key], p(key))
    if "field" in doc:
        args["field"] = r.field(doc["field"], p("field"), (TEXT,))
    if "values" in doc:
        values = doc["values"]
        if not isinstance(values, dict) or not values:
            r.bad(p("values"), "应为非空映射：类别或级别 → 数值")
        else:
            args["mapping"] = tuple(
                (str(k), r.number(v, _join(p("values"), str(k)))) for k, v in values.items()
            )
    if "bands" in doc:
        args["bands"] = _bands(doc["bands"], p("bands"), r)
    if "uplift" in doc:
        up = doc["uplift"]
        if not isinstance(up, dict) or set(up) != {"field", "equals", "factor"}:
            r.bad(p("uplift"), "应为映射：field、equals、factor（如 亩均 A 类 × 1.2）")
        else:
            args["uplift"] = (
                r.field(up["field"], p("uplift.field"), (TEXT,)),
                str(up["equals"]),
                r.number(up["factor"], p("uplift.factor")),
            )
    if "installments" in doc:
        weights = doc["installments"]
        if (
            not isinstance(weights, list)
            or len(weights) < 2
            or any(isinstance(w, bool) or not isinstance(w, int | float) or w <= 0 for w in weights)
        ):
            r.bad(p("installments"), f"应为至少两个正数的列表（各年份额，按比例分配），实为 {weights!r}")
        else:
            args["installments"] = tuple(float(w) for w in weights)
    if "staged" in doc:
        staged = doc["staged"]
        if not isinstance(staged, dict) or set(staged) != {"now", "after"}:
            r.bad(p("staged"), "应为映射：now（当期拨付比例）、after（其余何时拨付）")
        else:
            now = r.number(staged["now"], p("staged.now"))
            if isinstance(now, float) and not 0 < now < 1:
                r.bad(p("staged.now"), f"当期比例应在 0 与 1 之间，实为 {now}")
            args["staged"] = (now, str(staged["after"]))
    if "installments" in doc and "staged" in doc:
        r.bad(path, "installments 与 staged 不能同时使用")
    return Amount(**args)


def _bands(doc: Any, path: str, r: _Reader) -> tuple[Band, ...]:
    if not isinstance(doc, list) or not doc:
        r.bad(path, "应为非空列表，每档含 from、value")
        return ()
    bands = []
    for i, item in enumerate(doc):
        if not isinstance(item, dict) or set(item) != {"from", "value"}:
            r.bad(_join(path, i), "每档应为映射：from（起点，含）、value")
            continue
        bands.append(
            Band(
                r.number(item["from"], _join(_join(path, i), "from")),
                r.number(item["value"], _join(_join(path, i), "value")),
            )
        )
    starts = [b.start for b in bands]
    if all(isinstance(s, float) for s in starts) and starts != sorted(set(starts)):
        r.bad(path, "各档起点应递增且不重复")
    return tuple(bands)


def _cases(doc: Any, path: str, r: _Reader) -> tuple[Case, ...]:
    if not isinstance(doc, list) or not doc:
        r.bad(path, "每个条款至少要有一个测试用例")
        return ()
    cases = []
    for i, item in enumerate(doc):
        p = _join(path, i)
        if not isinstance(item, dict):
            r.bad(p, "应为映射：firm、year、eligible，可选 amount")
            continue
        r.keys(item, p, ("firm", "year", "eligible", "amount"))
        firm, year, eligible, amount = (item.get(k) for k in ("firm", "year", "eligible", "amount"))
        if not isinstance(firm, dict):
            r.bad(_join(p, "firm"), "应为映射：字段 → 值")
            firm = {}
        for key in firm:
            if key not in FIELDS:
                r.bad(_join(p, "firm"), f"未知字段 {key!r}")
        if not isinstance(year, int) or isinstance(year, bool):
            r.bad(_join(p, "year"), f"应为年份整数，实为 {year!r}")
        if not isinstance(eligible, bool):
            r.bad(_join(p, "eligible"), f"应为 true / false，实为 {eligible!r}")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
            r.bad(_join(p, "amount"), f"应为数值（万元），实为 {amount!r}")
            amount = None
        cases.append(
            Case(
                firm,
                year if isinstance(year, int) else 0,
                bool(eligible),
                None if amount is None else float(amount),
            )
        )
    return tuple(cases)


def _clause(doc: Any, path: str, r: _Reader) -> Clause | None:
    if not isinstance(doc, dict):
        r.bad(path, "条款应为映射")
        return None
    r.keys(doc, path, _CLAUSE)
    code = r.text(doc, "code", path)
    if code and not _CODE.match(code):
        r.bad(_join(path, "code"), f"{code!r} 应只含小写字母、数字和连字符")
    conditions = doc.get("conditions") or []
    if not isinstance(conditions, list):
        r.bad(_join(path, "conditions"), "应为条件列表（全部满足才可享受）")
        conditions = []
    read = tuple(
        c
        for i, item in enumerate(conditions)
        if (c := _condition(item, _join(_join(path, "conditions"), i), r)) is not None
    )
    others = doc.get("non_stacking") or []
    if not isinstance(others, list) or any(not isinstance(o, str) for o in others):
        r.bad(_join(path, "non_stacking"), "应为条款代码列表")
        others = []
    verified = doc.get("verified", True)
    if not isinstance(verified, bool):
        r.bad(_join(path, "verified"), f"应为 true / false，实为 {verified!r}")
    amount = _amount(doc.get("amount"), _join(path, "amount"), r)
    tests = _cases(doc.get("tests"), _join(path, "tests"), r)
    if amount is None:
        return None
    return Clause(
        code=code,
        article=r.text(doc, "article", path),
        title=r.text(doc, "title", path),
        conditions=read,
        amount=amount,
        non_stacking=tuple(others),
        verified=verified is not False,
        note=r.text(doc, "note", path, required=False),
        tests=tests,
    )


def policy_read(doc: Any) -> Policy:
    """The policy of `doc`, or :class:`PolicyInvalid` listing every problem found."""
    r = _Reader()
    if not isinstance(doc, dict):
        raise PolicyInvalid([f"政策文件应为映射（字典），实为 {type(doc).__name__}"])
    r.keys(doc, "", _TOP)
    parameters = _parameters(doc.get("parameters"), r)
    window = doc.get("in_force") if isinstance(doc.get("in_force"), dict) else {}
    if not window:
        r.bad("in_force", "应为映射：from（施行日期），可选 until")
    start = r.date(window.get("from"), "in_force.from") if window else None
    until = r.date(window.get("until"), "in_force.until", required=False)
    for key, allowed in (("category", CATEGORIES), ("delivery", DELIVERIES)):
        if doc.get(key) not in allowed:
            r.bad(key, f"应为 {'、'.join(allowed)} 之一，实为 {doc.get(key)!r}")
    clauses_doc = doc.get("clauses")
    if not isinstance(clauses_doc, list) or not clauses_doc:
        r.bad("clauses", "应为非空条款列表")
        clauses_doc = []
    clauses = tuple(
        c for i, item in enumerate(clauses_doc) if (c := _clause(item, _join("clauses", i), r)) is not None
    )
    codes = [c.code for c in clauses]
    for dup in sorted({c for c in codes if codes.count(c) > 1}):
        r.bad("clauses", f"条款代码 {dup} 重复")
    for i, clause in enumerate(clauses):
        for other in clause.non_stacking:
            if other not in codes or other == clause.code:
                r.bad(f"clauses[{i}].non_stacking", f"{other!r} 不是本政策的另一条款")
    code = r.text(doc, "code", "")
    if code and not _CODE.match(code):
        r.bad("code", f"{code!r} 应只含小写字母、数字和连字符")
    policy = Policy(
        code=code,
        title=r.text(doc, "title", ""),
        doc_no=r.text(doc, "doc_no", ""),
        issuer=r.text(doc, "issuer", ""),
        start=start or dt.date.min,
        until=until,
        category=str(doc.get("category")),
        delivery=str(doc.get("delivery")),
        department=r.text(doc, "department", ""),
        phone=r.text(doc, "phone", "", required=False),
        clauses=clauses,
        parameters=parameters,
        note=r.text(doc, "note", "", required=False),
    )
    if r.problems:
        raise PolicyInvalid(r.problems)
    return policy
