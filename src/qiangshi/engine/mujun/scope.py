"""Step 1: who is evaluated, in which group and ranking unit, and who is put in T with which rule."""

from __future__ import annotations

import polars as pl

from . import wording
from .exprs import GROUP_CODES, Specs, add
from .rules import Rules
from .schema import Method


def place(df: pl.DataFrame, method: Method, overrides: pl.DataFrame, specs: Specs,
          rules: Rules, exempt_text: pl.Expr) -> pl.DataFrame:
    """evaluated, _g (group code), _veto, _force, _bunit (benchmark unit) and _runit (ranking unit),
    with the T rules added to `rules`; `overrides` is the table of ``inputs.overrides_table``."""
    # joined on the key column only: a join over the wide frame would copy every column
    df = df.hstack(
        df.select("uscc").join(overrides.select("uscc", "_ov", "_flags", "_force"), on="uscc", how="left",
                               maintain_order="left").drop("uscc")
    )
    industry_digits = sorted({spec.benchmark.industry_digits for parts in specs.values() for _, spec in parts
                              if spec.scoring == "ratio" and spec.benchmark.mode == "industry_mean"})
    df = add(
        df,
        pl.when(pl.col("above_scale")).then(pl.lit(0, pl.Int8))
        .when(pl.col("above_scale").not_()).then(pl.lit(1, pl.Int8)).alias("_g0"),
        ((pl.col("_flags").fill_null(0) & 1) > 0).alias("_exempt"),
        *(pl.col("industry_code").str.slice(0, n).alias(f"_ind{n}") for n in industry_digits),
    )
    _scope_rules(method, rules)
    df = rules.fold(df)
    rules.add_variable(pl.col("_exempt"), exempt_text)
    out_of_scope = pl.any_horizontal([pl.col(m) != 0 for m in rules.masks()])
    df = add(df, evaluated=pl.col("_g0").is_not_null() & ~out_of_scope & ~pl.col("_exempt"))
    veto = ((pl.col("_flags").fill_null(0) & 2) > 0) & pl.col("evaluated")
    region = pl.col("region").cast(pl.Categorical).to_physical().cast(pl.Int64).fill_null(-1)
    units = {"group": pl.lit(0, pl.Int64), "group_region": region}
    return add(
        df,
        _g=pl.when(pl.col("evaluated")).then(pl.col("_g0")),
        _veto=veto,
        _force=pl.when(pl.col("evaluated") & ~veto).then(pl.col("_force")),
        _bunit=pl.when(pl.col("evaluated"))
        .then(pl.col("_g0").cast(pl.Int64) * (1 << 32) + units[method.scoring.benchmark_within]),
        _runit=pl.when(pl.col("evaluated") & (pl.lit(method.overrides.vetoed_in_ranking) | ~veto))
        .then(pl.col("_g0").cast(pl.Int64) * (1 << 32) + units[method.classification.rank_within]),
    )


def _scope_rules(method: Method, rules: Rules) -> None:
    """The T rules that keep a firm out of the evaluation (conditions over _g0, the would-be group)."""
    scope = method.scope
    code = pl.col("industry_code")
    group = pl.col("_g0")
    rules.add(pl.col("above_scale").is_null(), wording.NO_SIZE)
    slices = {n: code.str.slice(0, n) for n in (2, 3, 4)}

    def prefixed(codes: tuple[str, ...]) -> pl.Expr:
        hits = [slices[n].is_in([c for c in codes if len(c) == n]) for n in (2, 3, 4)
                if any(len(c) == n for c in codes)]
        return pl.any_horizontal(hits).fill_null(False)

    if scope.include or scope.exclusions:
        rules.add(code.is_null(), wording.NO_INDUSTRY)
    if scope.include:
        rules.add(code.is_not_null() & ~prefixed(scope.include), scope.include_rule)
    for exclusion in scope.exclusions:
        rules.add(prefixed(exclusion.codes), exclusion.rule)
    names = [g.name for g in method.groups]
    for name in GROUP_CODES:
        if name not in names:
            rules.add(group == GROUP_CODES[name], wording.group_not_evaluated(name))
    for g in method.groups:
        if g.min_land_mu is not None:
            land = pl.col("land_mu")
            short = (land.is_null() | (land < g.min_land_mu)) & (group == GROUP_CODES[g.name])
            rules.add(short, wording.land_short(g.name, g.min_land_mu))
    if scope.min_age_years:
        young = (method.year - pl.col("founded_year")) < scope.min_age_years
        rules.add(young, wording.too_young(scope.min_age_years))
    if scope.no_revenue_t:
        rules.add(pl.col("revenue") <= 0, wording.NO_REVENUE)
    for flag in scope.flags:
        rules.add(pl.col(flag.column), flag.rule)
