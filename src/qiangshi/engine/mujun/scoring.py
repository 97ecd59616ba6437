"""Steps 2–4: indicator values, benchmarks, sub-scores with the missing-data rule, bonus and
deduction items, and the total."""

from __future__ import annotations

import polars as pl

from . import wording
from .exprs import GROUP_CODES, Specs, add, by_group, rounded
from .formula import compile_formula, ratio_parts
from .rules import Rules
from .schema import Indicator, Method


def score(df: pl.DataFrame, method: Method, specs: Specs, rules: Rules) -> pl.DataFrame:
    """value_<key>, benchmark_<key>, score_<key> for every indicator and adj_<key> for every item."""
    keys = list(specs)
    decimals = method.scoring.round_scores
    if keys:
        df = add(df, [
            by_group([(g, compile_formula(spec.formula)) for g, spec in specs[key]])
            .cast(pl.Float64).alias(f"value_{key}")
            for key in keys
        ])
        df = add(df, [
            by_group([(g, _benchmark(spec)) for g, spec in specs[key]])
            .cast(pl.Float64).alias(f"benchmark_{key}")
            for key in keys
        ])
        df = add(df, [
            by_group([(g, _scored(spec, decimals)) for g, spec in specs[key]]).cast(pl.Float64)
            .alias(f"_scored_{key}")
            for key in keys
        ])
        df = add(df, [
            by_group([(g, _score(spec, decimals)) for g, spec in specs[key]])
            .cast(pl.Float64).alias(f"score_{key}")
            for key in keys
        ]).drop(f"_scored_{key}" for key in keys)
    for key in keys:
        for g, spec in specs[key]:
            _indicator_rules(spec, g, rules)
    for adj in method.scoring.adjustments:
        points = pl.col(adj.column).fill_null(0.0).clip(lower_bound=0.0)
        if adj.max is not None:
            points = points.clip(upper_bound=adj.max)
        points = pl.when(pl.col("_g").is_in([GROUP_CODES[g] for g in adj.groups])).then(points)
        df = add(df, points.cast(pl.Float64).alias(f"adj_{adj.key}"))
        column = pl.col(f"adj_{adj.key}")
        rules.add_variable(column > 0, wording.adjustment(adj.name, adj.kind, column))
    return df


def total(df: pl.DataFrame, method: Method, keys: list[str]) -> pl.DataFrame:
    """total = Σ sub-scores + bonus − deduction, rounded; null for firms not evaluated."""
    parts = [pl.col(f"score_{key}").fill_null(0.0) for key in keys]
    for adj in method.scoring.adjustments:
        sign = 1.0 if adj.kind == "bonus" else -1.0
        parts.append(sign * pl.col(f"adj_{adj.key}").fill_null(0.0))
    summed = rounded(pl.sum_horizontal(parts), method.scoring.round_total) if parts else pl.lit(0.0)
    return add(df, total=pl.when(pl.col("evaluated")).then(summed.cast(pl.Float64)))


def _benchmark(spec: Indicator) -> pl.Expr:
    """The benchmark of one indicator as specified for one group (windows over _bunit)."""
    v = pl.col(f"value_{spec.key}")
    b = spec.benchmark
    if spec.scoring == "minmax":
        return v.max().over("_bunit") if spec.direction == "positive" else v.min().over("_bunit")
    if b.mode == "fixed":
        return pl.lit(b.value, dtype=pl.Float64)
    if b.mode == "mean":
        return v.mean().over("_bunit") * b.k
    if b.mode == "max":
        return v.max().over("_bunit") * b.k
    if b.mode == "aggregate":
        numerator, denominator = ratio_parts(spec.formula)
        present = v.is_not_null()
        total = pl.when(present).then(denominator).sum().over("_bunit")
        return pl.when(total > 0).then(pl.when(present).then(numerator).sum().over("_bunit") / total * b.k)
    by_industry = ["_bunit", f"_ind{b.industry_digits}"]  # industry_mean
    return (
        pl.when(v.count().over(by_industry) >= b.min_firms)
        .then(v.mean().over(by_industry))
        .otherwise(v.mean().over("_bunit"))
        * b.k
    )


def _scored(spec: Indicator, decimals: int | None) -> pl.Expr:
    """The sub-score of a firm with a value (null: no value or no valid benchmark)."""
    v = pl.col(f"value_{spec.key}")
    benchmark = pl.col(f"benchmark_{spec.key}")
    if spec.scoring == "minmax":
        lo, hi = v.min().over("_bunit"), v.max().over("_bunit")
        gain = (v - lo) if spec.direction == "positive" else (hi - v)
        fraction = pl.when(hi > lo).then(gain / (hi - lo)).otherwise(pl.lit(1.0))
        return rounded(spec.weight * (20.0 + 80.0 * fraction) / 100.0, decimals)
    ratio = v / benchmark
    if spec.direction == "negative":
        ratio = (2.0 - ratio).clip(lower_bound=0.0)
    if spec.floor is not None:
        ratio = ratio.clip(lower_bound=spec.floor)
    if spec.cap is not None:
        ratio = ratio.clip(upper_bound=spec.cap)
    return rounded(pl.when(benchmark > 0).then(ratio * spec.weight), decimals)


def _score(spec: Indicator, decimals: int | None) -> pl.Expr:
    """The sub-score with the missing-data rule applied (reads _scored_<key>)."""
    scored = pl.col(f"_scored_{spec.key}")
    if spec.missing.rule == "group_mean_score":
        fill = rounded(scored.mean().over("_bunit"), decimals).fill_null(0.0)
    elif spec.missing.rule == "penalty":
        fill = pl.lit(-spec.missing.penalty)
    else:
        fill = pl.lit(0.0)
    return pl.when(pl.col(f"value_{spec.key}").is_null()).then(fill).otherwise(scored.fill_null(0.0))


def _indicator_rules(spec: Indicator, group: str, rules: Rules) -> None:
    v = pl.col(f"value_{spec.key}")
    mine = pl.col("_g") == GROUP_CODES[group]
    rules.add(mine & v.is_null(), wording.missing_value(spec))
    if spec.scoring == "ratio" and not (spec.benchmark.mode == "fixed"):
        invalid = ~(pl.col(f"benchmark_{spec.key}") > 0).fill_null(False)
        rules.add(mine & v.is_not_null() & invalid, wording.no_benchmark(spec))
