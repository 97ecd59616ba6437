"""``evaluate(facts, method)``: the steps of the evaluation in order, each over the whole table."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import polars as pl

from . import classes, lift, prices, scope, scoring
from .exprs import GROUP_CODES, Specs, nulls
from .inputs import overrides_table, prepare_facts
from .rules import Rules
from .schema import Method, MethodInvalid

MUJUN_VERSION = "mujun-1"


def evaluate(
    facts: pl.DataFrame,
    method: Method,
    *,
    history: pl.DataFrame | None = None,
    overrides: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Evaluate every firm of `facts` (one row each, the method's year) under `method`.

    Returns one row per input firm, in input order: uscc, name, region, industry_code,
    group, evaluated, value_<key>, benchmark_<key>, score_<key> (every indicator of any
    group), adj_<key> (bonus/deduction items), total, rank, rank_of, class, class_name,
    policy, rules, d_years, surcharge_kwh, surcharge_<key> (local prices), lift, lift_gap.
    Raises FactsInvalid for unusable input tables.
    """
    if not isinstance(method, Method):
        got = type(method).__name__
        raise MethodInvalid([f"method 应为已解析的评价方法（parse_method 的结果），实为 {got}"])
    # a second worker runs independent, mostly single-threaded parts (the "most room" columns, the
    # rule lists) beside the main sequence; polars releases the GIL
    with ThreadPoolExecutor(max_workers=2) as pool:
        return _evaluate(facts, method, history, overrides, pool)


def _evaluate(
    facts: pl.DataFrame,
    method: Method,
    history: pl.DataFrame | None,
    overrides: pl.DataFrame | None,
    pool: ThreadPoolExecutor,
) -> pl.DataFrame:
    df = prepare_facts(facts, method)
    keys = method.indicator_keys()
    specs: Specs = {}
    for group in method.groups:
        for spec in group.indicators:
            specs.setdefault(spec.key, []).append((group.name, spec))
    rules = Rules()
    c = method.classification
    table = overrides_table(overrides, method)

    # 1. overrides, scope and group
    df = scope.place(df, method, table, specs, rules, _ov_text(table, "_exempt_text"))
    # 2.–3. indicator values, benchmarks, sub-scores, missing data, bonus and deduction items
    df = scoring.score(df, method, specs, rules)
    if keys:
        columns = (f"{p}_{k}" for k in keys for p in ("score", "benchmark"))
        room_job = pool.submit(lift.most_room, df.select("_g", *columns), specs)
    # 4. total
    df = scoring.total(df, method, keys)
    # 5.–6. rank, class and overrides
    df = classes.classify(df, method, rules, _ov_text(table, "_veto_text"), _ov_text(table, "_force_text"))
    # 7. consecutive years in D, differentiated prices
    df = prices.price(df, method, history, rules)
    # 8. rules, class names, lift (the rule lists are built beside the lift sentences)
    policies = dict(c.policies)
    rules_job = pool.submit(rules.column, df)
    lifted = lift.lift(df, method, specs, room_job.result()) if keys else pl.DataFrame(
        {"lift": nulls(df.height, pl.String()), "lift_gap": nulls(df.height, pl.Float64())}
    )
    rule_lists = rules_job.result()
    cls = pl.col("class")
    return df.hstack(lifted).with_columns(rule_lists).select(
        "uscc", "name", "region", "industry_code",
        pl.col("_g").replace_strict({v: k for k, v in GROUP_CODES.items()}, default=None,
                                    return_dtype=pl.String).alias("group"),
        "evaluated",
        *(f"value_{k}" for k in keys),
        *(f"benchmark_{k}" for k in keys),
        *(f"score_{k}" for k in keys),
        *(f"adj_{a.key}" for a in method.scoring.adjustments),
        "total",
        pl.col("_rank").alias("rank"),
        pl.col("_rank_of").alias("rank_of"),
        cls.cast(pl.String).alias("class"),
        pl.col("_score_class").cast(pl.String).alias("class_by_score"),
        cls.replace_strict(dict(c.names), default=None, return_dtype=pl.String).alias("class_name"),
        cls.replace_strict(policies, default=None, return_dtype=pl.String).alias("policy")
        if policies else pl.lit(None, dtype=pl.String).alias("policy"),
        "rules", "d_years",
        "surcharge_kwh",
        *(f"surcharge_{s.key}" for s in method.local_prices),
        "lift", "lift_gap",
    )


def _ov_text(table: pl.DataFrame, column: str) -> pl.Expr:
    """An override's rule text, looked up by the firm's row in the overrides table."""
    if not table.height:
        return pl.lit(None, dtype=pl.String)
    return pl.col("_ov").replace_strict(table["_ov"], table[column], default=None, return_dtype=pl.String)
