"""Conditions and amounts of a clause as polars expressions, for one evaluation year.

Parameters are resolved once per clause and year (:class:`Resolver`): the value in force on
1 January of the year evaluated. Every comparison of a fact with a threshold goes through
:func:`qiangshi.engine.exact.exact`, so a firm exactly on a threshold or a band edge is on the
side the document says ("500 万元及以上" includes 500).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ..exact import exact
from .fields import FIELDS, FLAG, LIST, NUM, YEAR
from .schema import Amount, Condition, Number, Policy

MONEY_DECIMALS = 4  # 万元 to the yuan


class Resolver:
    """Numbers of one policy for one year; names not in force are collected in ``missing``."""

    def __init__(self, policy: Policy, year: int):
        self.policy = policy
        self.day = dt.date(year, 1, 1)
        self.year = year
        self.missing: list[str] = []
        self.refs: list[str] = []

    def num(self, value: Number | None) -> float | None:
        if value is None or isinstance(value, float):
            return value
        found = self.policy.parameters[value].on(self.day)
        if found is None:
            if value not in self.missing:
                self.missing.append(value)
            return None
        if found.ref not in self.refs:
            self.refs.append(found.ref)
        return found.value


def _year(value: object, year: int) -> int:
    if isinstance(value, str):
        return year + int(value[5:] or 0)
    return int(value)  # type: ignore[call-overload]


def condition_expr(c: Condition, res: Resolver) -> pl.Expr:
    """True where the firm meets `c`; a missing fact never meets a condition (flags count as 否)."""
    if c.op == "all":
        return pl.all_horizontal([condition_expr(k, res) for k in c.children])
    if c.op == "any":
        return pl.any_horizontal([condition_expr(k, res) for k in c.children])
    if c.op == "not":
        return ~condition_expr(c.children[0], res)
    kind = FIELDS[c.field].kind
    col = pl.col(c.field)
    if kind == FLAG:
        return col.fill_null(False) == pl.lit(c.value)
    if kind == LIST:
        hit = col.list.eval(pl.element().is_in(list(c.value))).list.any()  # type: ignore[arg-type]
        return (hit if c.op == "in" else ~hit).fill_null(c.op == "not_in")
    if c.op in ("in", "not_in"):
        hit = col.is_in(list(c.value))  # type: ignore[arg-type]
        return (hit if c.op == "in" else ~hit).fill_null(False)
    if kind == YEAR:
        left, right = col, pl.lit(_year(c.value, res.year))
    elif kind == NUM:
        threshold = res.num(c.value)  # type: ignore[arg-type]
        left, right = exact(col), exact(pl.lit(threshold if threshold is not None else float("nan")))
    else:
        left, right = col, pl.lit(c.value)
    compared = {
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
        "==": left == right,
    }[c.op]
    return compared.fill_null(False)


def gap_expr(c: Condition, res: Resolver) -> pl.Expr:
    """How far a firm is from a numeric threshold, in words ("营业收入差 1,234 万元"); else null."""
    if c.children or FIELDS[c.field].kind != NUM or c.op not in (">=", ">", "<=", "<"):
        return pl.lit(None, dtype=pl.Utf8)
    f = FIELDS[c.field]
    threshold = res.num(c.value)  # type: ignore[arg-type]
    if threshold is None:
        return pl.lit(None, dtype=pl.Utf8)
    below = c.op in (">=", ">")
    gap = (pl.lit(threshold) - pl.col(f.name)) if below else (pl.col(f.name) - pl.lit(threshold))
    word = "差" if below else "超出"
    return pl.concat_str([pl.lit(f"{f.label}{word} "), money_text(gap), pl.lit(f" {f.unit}")])


def money_text(expr: pl.Expr) -> pl.Expr:
    """A number as people write it: thousands separated, no trailing zeros (1,234.5)."""
    value = expr.cast(pl.Float64).round(MONEY_DECIMALS, mode="half_away_from_zero")
    whole = value.abs().floor()
    digits = whole.cast(pl.Int64).cast(pl.Utf8)
    grouped = (
        digits.str.reverse().str.replace_all(r"(\d{3})", "${1},").str.reverse().str.strip_chars_start(",")
    )
    fraction = ((value.abs() - whole) * 10**MONEY_DECIMALS).round(0).cast(pl.Int64).cast(pl.Utf8)
    fraction = fraction.str.zfill(MONEY_DECIMALS).str.strip_chars_end("0")
    sign = pl.when(value < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    tail = pl.when(fraction.str.len_chars() > 0).then(pl.lit(".") + fraction).otherwise(pl.lit(""))
    return pl.concat_str([sign, grouped, tail])


def _lookup(field: str, mapping: tuple[tuple[str, Number], ...], res: Resolver) -> pl.Expr:
    keys = [k for k, _ in mapping]
    values = [res.num(v) for _, v in mapping]
    return pl.col(field).replace_strict(keys, values, default=None, return_dtype=pl.Float64)


def _banded(base: pl.Expr, a: Amount, res: Resolver) -> pl.Expr:
    """The value of the highest band whose start the base reaches (and, with `previous`, had
    not reached before: a first crossing)."""
    out = pl.lit(None, dtype=pl.Float64)
    for band in a.bands:  # lowest first, so the highest reached band wins
        start = res.num(band.start)
        reached = base >= exact(pl.lit(start))
        if a.previous:
            reached = reached & (exact(pl.col(a.previous)).fill_null(0.0) < exact(pl.lit(start)))
        out = pl.when(reached).then(pl.lit(res.num(band.value))).otherwise(out)
    return out


def amount_expr(a: Amount, res: Resolver) -> pl.Expr:
    """The amount in 万元 before any minimum (null where the pattern gives none)."""
    base = exact(pl.col(a.base)) if a.base else None
    rate = pl.lit(res.num(a.rate), dtype=pl.Float64)
    if a.kind == "fixed":
        raw = pl.lit(res.num(a.value), dtype=pl.Float64)
    elif a.kind == "by_level":
        raw = _lookup(a.field, a.mapping, res)
    elif a.kind == "by_band":
        raw = _banded(base, a, res)
    elif a.kind == "rate":
        raw = base * rate
    elif a.kind == "rate_by_category":
        raw = base * _lookup(a.field, a.mapping, res)
    elif a.kind == "rate_by_band":
        raw = base * _banded(base, a, res)
    elif a.kind == "incremental":
        raw = (base - exact(pl.col(a.previous))).clip(lower_bound=0.0) * rate
    else:  # interest: loan × reference rate × share
        raw = base * rate * pl.lit(res.num(a.share), dtype=pl.Float64)
    if a.cap is not None:
        raw = raw.clip(upper_bound=pl.lit(res.num(a.cap), dtype=pl.Float64))  # keeps a null (no band) null
    if a.uplift is not None:
        field, equals, factor = a.uplift
        raw = pl.when(pl.col(field) == equals).then(raw * pl.lit(res.num(factor))).otherwise(raw)
    # Through exact() first: 2999.99 × 1.5 % is 44.99984999… in binary and must round to 44.9999.
    return exact(raw).round(MONEY_DECIMALS, mode="half_away_from_zero")


def schedule_expr(a: Amount, amount: pl.Expr, res: Resolver) -> pl.Expr:
    """The payments of an amount: one now, yearly shares, or a share now and the rest later."""

    def part(period: str, value: pl.Expr) -> pl.Expr:
        return pl.struct(pl.lit(period).alias("period"), value.alias("amount"))

    if a.installments:
        total = sum(a.installments)
        shares = [
            (amount * (w / total)).round(MONEY_DECIMALS, mode="half_away_from_zero")
            for w in a.installments[:-1]
        ]
        last = amount - pl.sum_horizontal(shares)
        parts = [part(f"{res.year + i}年", s) for i, s in enumerate(shares)]
        return pl.concat_list([*parts, part(f"{res.year + len(shares)}年", last)])
    if a.staged is not None:
        now = (amount * pl.lit(res.num(a.staged[0]))).round(MONEY_DECIMALS, mode="half_away_from_zero")
        return pl.concat_list([part(f"{res.year}年（首期）", now), part(a.staged[1], amount - now)])
    return pl.concat_list([part(f"{res.year}年", amount)])
