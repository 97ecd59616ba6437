"""Every clause of every policy over every firm at once, each result explained in Chinese.

``match(policies, firms, year)`` returns one row per firm and clause kept (see ``keep``):
uscc, policy, clause, eligible, amount (万元), schedule (list of period, amount), unmet (the
conditions not met, in Chinese), near_miss (all conditions but one met), gap (how far, when
that one is numeric) and trace. Non-stacking clauses: a firm eligible for several gets the
larger amount (ties go to the clause written first); the others say "不与…叠加".
"""

from __future__ import annotations

import polars as pl

from ..exact import exact
from .compile import Resolver, amount_expr, condition_expr, gap_expr, money_text, schedule_expr
from .fields import FIELDS
from .schema import Clause, Policy

_SCHEDULE = pl.List(pl.Struct({"period": pl.Utf8, "amount": pl.Float64}))
KEEP = ("eligible", "near", "all")
# Stored beside every matching run; raised whenever a change here can change a result.
METHOD_VERSION = "policy-match-1"


def _needed(policies: list[Policy]) -> set[str]:
    def walk(c) -> set[str]:
        return {c.field} if c.field else set().union(*(walk(k) for k in c.children))

    used: set[str] = set()
    for p in policies:
        for clause in p.clauses:
            a = clause.amount
            used |= set().union(*(walk(c) for c in clause.conditions)) if clause.conditions else set()
            used |= {f for f in (a.base, a.previous, a.field, a.uplift[0] if a.uplift else "") if f}
    return used


def _groups(policy: Policy) -> dict[str, str]:
    """Each clause code in a non-stacking set → the set's name (its first clause's code)."""
    parent = {c.code: c.code for c in policy.clauses}

    def root(code: str) -> str:
        while parent[code] != code:
            code = parent[code]
        return code

    for clause in policy.clauses:
        for other in clause.non_stacking:
            a, b = sorted((root(clause.code), root(other)), key=[c.code for c in policy.clauses].index)
            parent[b] = a
    stacked = {c.code for c in policy.clauses if c.non_stacking} | {
        o for c in policy.clauses for o in c.non_stacking
    }
    return {code: f"{policy.code}:{root(code)}" for code in stacked}


def _source(policy: Policy, clause: Clause, res: Resolver) -> str:
    refs = [r for r in res.refs if r != f"{policy.doc_no} {clause.article}"]
    more = "；参数依据：" + "、".join(refs) if refs else ""
    return f"（{policy.doc_no} {clause.article}{more}）" + ("" if clause.verified else " ⚠ 金额未核实")


def _not_applied(firms: pl.LazyFrame, policy: Policy, clause: Clause, year: int, why: str) -> pl.LazyFrame:
    return firms.select(
        "uscc",
        eligible=pl.lit(False),
        amount=pl.lit(0.0),
        schedule=pl.lit(None, dtype=_SCHEDULE),
        unmet=pl.lit([why], dtype=pl.List(pl.Utf8)),
        near_miss=pl.lit(False),
        gap=pl.lit(None, dtype=pl.Utf8),
        trace=pl.lit(f"{year}年{clause.title}：不适用，{why}（{policy.doc_no}）"),
    )


def _clause_rows(firms: pl.LazyFrame, policy: Policy, clause: Clause, year: int, keep: str) -> pl.LazyFrame:
    res = Resolver(policy, year)
    if not policy.in_force(res.day):
        return _not_applied(firms, policy, clause, year, f"政策在 {year} 年 1 月 1 日不在施行期内")
    met = [condition_expr(c, res).alias(f"_met{i}") for i, c in enumerate(clause.conditions)]
    raw = amount_expr(clause.amount, res)
    minimum = res.num(clause.amount.minimum)
    if res.missing:
        names = "、".join(res.missing)
        return _not_applied(firms, policy, clause, year, f"参数 {names} 在 {year} 年 1 月 1 日未生效")
    flags = [pl.col(f"_met{i}") for i in range(len(met))]
    failed = pl.sum_horizontal([(~f).cast(pl.Int32) for f in flags]) if flags else pl.lit(0)
    low = raw.fill_null(0.0) <= 0 if minimum is None else exact(raw.fill_null(0.0)) < minimum
    rows = firms.with_columns(*met).with_columns(_failed=failed, _raw=raw.fill_null(0.0), _low=low)
    rows = rows.with_columns(
        eligible=(pl.col("_failed") == 0) & ~pl.col("_low"), near_miss=pl.col("_failed") == 1
    )
    if keep != "all":
        kept = pl.col("_failed") == 0 if keep == "eligible" else pl.col("_failed") <= 1
        rows = rows.filter(kept)
    short = f"补助额不足 {minimum:g} 万元，不予补助" if minimum is not None else "按规定计算的补助额为 0"
    unmet = pl.concat_list(
        [pl.when(~f).then(pl.lit(c.text)) for f, c in zip(flags, clause.conditions, strict=True)]
        + [pl.when(pl.col("_failed") == 0).then(pl.when(pl.col("_low")).then(pl.lit(short)))]
    )
    gap = pl.when(pl.col("near_miss")).then(
        pl.coalesce(
            [pl.when(~f).then(gap_expr(c, res)) for f, c in zip(flags, clause.conditions, strict=True)]
            + [pl.lit(None, dtype=pl.Utf8)]
        )
    )
    amount = pl.when(pl.col("eligible")).then(pl.col("_raw")).otherwise(0.0)
    return rows.with_columns(unmet=unmet.list.drop_nulls(), gap=gap, amount=amount).select(
        "uscc",
        "eligible",
        "amount",
        schedule=pl.when(pl.col("eligible")).then(schedule_expr(clause.amount, pl.col("amount"), res)),
        unmet="unmet",
        near_miss="near_miss",
        gap="gap",
        trace=pl.when(pl.col("eligible"))
        .then(_granted(policy, clause, res))
        .otherwise(
            pl.concat_str(
                [pl.lit(f"{year}年{clause.title}：不符合（"), pl.col("unmet").list.join("；"), pl.lit("）")]
            )
        ),
    )


def _granted(policy: Policy, clause: Clause, res: Resolver) -> pl.Expr:
    """The trace of an eligible firm: who, what, how much, how paid, under which article."""
    a = clause.amount
    named = pl.concat_str([pl.lit("（"), pl.col(a.field), pl.lit("）")]) if a.field else pl.lit("")
    lifted = pl.lit("")
    if a.uplift is not None:
        field, equals, factor = a.uplift
        words = f"（{FIELDS[field].label}为 {equals}，上浮 ×{res.num(factor):g}）"
        lifted = pl.when(pl.col(field) == equals).then(pl.lit(words)).otherwise(pl.lit(""))
    return pl.concat_str(
        [
            pl.lit(f"{res.year}年{clause.title}"),
            named,
            pl.lit(f" → {a.label} "),
            money_text(pl.col("amount")),
            pl.lit(" 万元"),
            lifted,
            pl.lit(_schedule_words(clause) + _source(policy, clause, res)),
        ]
    )


def _schedule_words(clause: Clause) -> str:
    a = clause.amount
    if a.installments:
        return f"，分 {len(a.installments)} 年拨付"
    if a.staged is not None:
        return f"，分期拨付，其余{a.staged[1]}拨付"
    return ""


def _non_stacking(rows: pl.DataFrame, titles: dict[str, str], year: int) -> pl.DataFrame:
    grouped = rows.filter(pl.col("stack").is_not_null())
    if grouped.is_empty():
        return rows
    winners = (
        grouped.filter("eligible")
        .sort(["amount", "order"], descending=[True, False])
        .group_by(["uscc", "stack"], maintain_order=True)
        .first()
        .select("uscc", "stack", winner="clause")
    )
    grouped = grouped.join(winners, on=["uscc", "stack"], how="left")
    loses = pl.col("eligible") & (pl.col("winner") != pl.col("clause"))
    winner_title = pl.col("winner").replace_strict(titles, default="")
    title = pl.col("clause").replace_strict(titles, default="")
    grouped = grouped.with_columns(
        eligible=pl.when(loses).then(False).otherwise("eligible"),
        amount=pl.when(loses).then(0.0).otherwise("amount"),
        schedule=pl.when(loses).then(None).otherwise("schedule"),
        unmet=pl.when(loses)
        .then(pl.concat_list([pl.concat_str([pl.lit("不与"), winner_title, pl.lit("叠加（取较高者）")])]))
        .otherwise("unmet"),
        trace=pl.when(loses)
        .then(
            pl.concat_str(
                [
                    pl.lit(f"{year}年"),
                    title,
                    pl.lit("：符合条件，但不与"),
                    winner_title,
                    pl.lit("叠加，取较高者"),
                ]
            )
        )
        .otherwise("trace"),
    ).drop("winner")
    return pl.concat([rows.filter(pl.col("stack").is_null()), grouped]).sort("order", maintain_order=True)


def match(policies: list[Policy], firms: pl.DataFrame, year: int, keep: str = "eligible") -> pl.DataFrame:
    """Each clause of `policies` over each firm of `firms` (one row per firm, facts of `year`).

    ``keep="eligible"`` keeps the rows meeting every condition (eligible, or refused by a
    minimum or by non-stacking); ``"near"`` adds the near misses (one condition short);
    ``"all"`` keeps every firm × clause (for a few firms or one clause).
    """
    if keep not in KEEP:
        raise ValueError(f"keep 应为 {'、'.join(KEEP)} 之一")
    missing = sorted((_needed(policies) | {"uscc"}) - set(firms.columns))
    if missing:
        labels = "、".join(f"{m}（{FIELDS[m].label}）" if m in FIELDS else m for m in missing)
        raise ValueError(f"企业表缺少条款用到的列：{labels}")
    lazy = firms.lazy()
    parts, titles, order = [], {}, 0
    for policy in policies:
        stacks = _groups(policy)
        for clause in policy.clauses:
            titles[clause.code] = clause.title
            parts.append(
                _clause_rows(lazy, policy, clause, year, keep).with_columns(
                    policy=pl.lit(policy.code),
                    clause=pl.lit(clause.code),
                    order=pl.lit(order, dtype=pl.Int32),
                    stack=pl.lit(stacks.get(clause.code), dtype=pl.Utf8),
                )
            )
            order += 1
    if not parts:
        return pl.DataFrame()
    rows = pl.concat(pl.collect_all(parts))
    rows = _non_stacking(rows, titles, year)
    return rows.select(
        "uscc", "policy", "clause", "eligible", "amount", "schedule", "unmet", "near_miss", "gap", "trace"
    )
