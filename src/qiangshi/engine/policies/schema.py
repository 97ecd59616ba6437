"""The read form of a policy document: frozen dataclasses the matcher compiles to polars.

A number in an amount or a threshold is either a literal or the name of a dated parameter
(:class:`Parameter`); the matcher resolves names for the year it evaluates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CATEGORIES = ("减免", "奖补", "权益", "资质")
DELIVERIES = ("免申即享", "快申快享", "依申请")

Number = float | str  # a literal, or the name of a parameter


class PolicyInvalid(ValueError):
    """A policy document with problems; ``problems`` lists each in Chinese with its path."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("政策文件有误：\n" + "\n".join(problems))


@dataclass(frozen=True)
class Value:
    start: dt.date
    until: dt.date | None
    value: float
    ref: str


@dataclass(frozen=True)
class Parameter:
    name: str
    values: tuple[Value, ...]

    def on(self, day: dt.date) -> Value | None:
        """The value in force on `day`: the latest one started by then and not yet ended."""
        found = None
        for v in self.values:
            if v.start <= day and (v.until is None or day <= v.until):
                found = v
        return found


@dataclass(frozen=True)
class Condition:
    """A leaf (`field` `op` `value`) or a group (`op` in all/any/not with `children`)."""

    op: str
    text: str
    field: str = ""
    value: object = None
    children: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Band:
    start: Number
    value: Number  # a rate (rate_by_band) or an amount in 万元 (by_band)


@dataclass(frozen=True)
class Amount:
    kind: str
    label: str
    value: Number | None = None
    base: str = ""
    previous: str = ""
    field: str = ""
    rate: Number | None = None
    share: Number | None = None
    mapping: tuple[tuple[str, Number], ...] = ()
    bands: tuple[Band, ...] = ()
    cap: Number | None = None
    minimum: Number | None = None
    uplift: tuple[str, str, Number] | None = None  # field, value, factor
    installments: tuple[float, ...] = ()
    staged: tuple[Number, str] | None = None  # share paid now, when the rest is paid


@dataclass(frozen=True)
class Case:
    firm: dict
    year: int
    eligible: bool
    amount: float | None


@dataclass(frozen=True)
class Clause:
    code: str
    article: str
    title: str
    conditions: tuple[Condition, ...]
    amount: Amount
    non_stacking: tuple[str, ...] = ()
    verified: bool = True
    note: str = ""
    tests: tuple[Case, ...] = ()


@dataclass(frozen=True)
class Policy:
    code: str
    title: str
    doc_no: str
    issuer: str
    start: dt.date
    until: dt.date | None
    category: str
    delivery: str
    department: str
    phone: str
    clauses: tuple[Clause, ...]
    parameters: dict[str, Parameter] = field(default_factory=dict)
    note: str = ""

    def in_force(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)
