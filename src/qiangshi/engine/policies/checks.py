"""A clause's own test cases run through the matcher: a clause whose tests fail is not published.

Each case is one firm (the facts it names; every other fact missing) evaluated for its year by
the clause alone, so non-stacking with other clauses does not enter a clause's own tests.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from .fields import firm_schema
from .match import match
from .schema import Clause, Policy

TOLERANCE = 1e-6


def case_firms(firms: list[dict]) -> pl.DataFrame:
    """A firm table with the full schema from a few firms' facts (tests, dry runs by hand)."""
    schema = firm_schema()
    rows = [{"uscc": f.get("uscc", f"TEST{i:04d}"), **f} for i, f in enumerate(firms)]
    return pl.DataFrame(rows, schema=schema)


def _yesno(value: bool) -> str:
    return "可享受" if value else "不可享受"


def clause_failures(policy: Policy, clause: Clause) -> list[str]:
    alone = replace(policy, clauses=(replace(clause, non_stacking=()),))
    failures = []
    for i, case in enumerate(clause.tests, start=1):
        got = match([alone], case_firms([case.firm]), case.year, keep="all").row(0, named=True)
        where = f"条款 {clause.code} 测试 {i}（{case.year}年）"
        if got["eligible"] != case.eligible:
            failures.append(
                f"{where}：应{_yesno(case.eligible)}，实为{_yesno(got['eligible'])}——{got['trace']}"
            )
        elif case.amount is not None and abs(got["amount"] - case.amount) > TOLERANCE:
            failures.append(
                f"{where}：金额应为 {case.amount:g} 万元，实为 {got['amount']:g} 万元——{got['trace']}"
            )
    return failures


def clause_tests(policy: Policy) -> list[str]:
    """Every failing test case of every clause of `policy`, in Chinese; empty when all pass."""
    return [f for clause in policy.clauses for f in clause_failures(policy, clause)]
