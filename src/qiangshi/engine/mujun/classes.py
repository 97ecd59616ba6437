"""Steps 5–6: the rank within the ranking unit, the class by rank shares or score thresholds,
then the overrides (veto → D, exemption → T, forced class)."""

from __future__ import annotations

import math

import polars as pl

from qiangshi.engine.exact import exact

from . import wording
from .exprs import add, class_lit, nulls
from .rules import Rules
from .schema import CLASSES, Method


def classify(df: pl.DataFrame, method: Method, rules: Rules, veto_text: pl.Expr,
             force_text: pl.Expr) -> pl.DataFrame:
    """_rank, _tie_rank, _rank_of, _score_class (from the total alone) and class (after overrides)."""
    c = method.classification
    df = df.hstack(_rank(df, method))
    if c.by == "rank_share":
        used = pl.col("_tie_rank") if c.ties == "better_class" else pl.col("_rank")
        df = add(df, _score_class=_share_class(used, method))
        if c.ties == "better_class":
            df = add(
                df,
                _moved=pl.when(pl.col("_score_class").ne_missing(_share_class(pl.col("_rank"), method)))
                .then(pl.col("_score_class")),
            )
            for x in CLASSES[:3]:
                rules.add(pl.col("_moved") == x, wording.tied(x))
    else:
        df = add(df, _score_class=_threshold_class(method))
    rules.add_variable(pl.col("_veto"), veto_text)
    rules.add_variable(pl.col("_force").is_not_null(), force_text)
    return add(
        df,
        pl.when(~pl.col("evaluated")).then(class_lit("T"))
        .when(pl.col("_veto")).then(class_lit("D"))
        .when(pl.col("_force").is_not_null()).then(pl.col("_force"))
        .otherwise(pl.col("_score_class"))
        .alias("class"),
    )


def _rank(df: pl.DataFrame, method: Method) -> pl.DataFrame:
    """_rank (unique: total, then the tie-break keys, then uscc), _tie_rank (best rank of the firms with
    the same total) and _rank_of (firms in the unit), null for firms not ranked; input order."""
    c = method.classification
    # one ascending key: −total, then each tie-break key (negated when descending; missing values
    # last), then uscc, which is unique, so the ordinal rank is the rank the method defines
    fields: list[pl.Expr] = [(-pl.col("total") + 0.0).alias("f0")]  # + 0.0: −0.0 → 0.0
    for n, tie in enumerate(c.tie_break[:-1], start=1):
        column = pl.col("total" if tie.key == "total" else f"value_{tie.key}")
        column = (-column + 0.0) if tie.order == "desc" else column
        fields.append(column.fill_null(math.inf).alias(f"f{n}"))
    fields.append(pl.col("uscc").alias(f"f{len(fields)}"))
    key = pl.struct(fields)
    mask = df["_runit"].is_not_null()
    columns = {"_rank": nulls(df.height, pl.Int64()), "_tie_rank": nulls(df.height, pl.Int64()),
               "_rank_of": nulls(df.height, pl.Int64())}
    if not mask.any():
        return pl.DataFrame(columns)
    # (a filter with a mask is much faster than a gather with indices)
    needed = list(dict.fromkeys(["_runit", *key.meta.root_names()]))
    ranks = df.select(needed).filter(mask).select(
        _rank=key.rank("ordinal").over("_runit").cast(pl.Int64),
        _tie_rank=pl.col("total").rank("min", descending=True).over("_runit").cast(pl.Int64),
        _rank_of=pl.len().over("_runit").cast(pl.Int64),
    )
    rows = mask.arg_true()
    return pl.DataFrame({name: column.scatter(rows, ranks[name]) for name, column in columns.items()})


def _share_class(rank: pl.Expr, method: Method) -> pl.Expr:
    """Class from the rank in a unit of _rank_of firms: cumulative counts rounded as the method says."""
    c = method.classification
    n = pl.col("_rank_of").cast(pl.Float64)
    cumulative = 0.0
    expr = None
    for cls, share in c.shares[:3]:
        cumulative += share
        # exact: n × share may land a hair off the whole number it is (10 × 30 % = 3.0000000000000004).
        x = exact(n * (cumulative / 100.0))
        if c.count_rounding == "round":
            cut = (x + 0.5).floor()
        elif c.count_rounding == "floor":
            cut = x.floor()
        else:
            cut = x.ceil()
        expr = (pl.when(rank <= cut) if expr is None else expr.when(rank <= cut)).then(class_lit(cls))
    assert expr is not None  # noqa: S101 - three shares always
    return pl.when(rank.is_not_null()).then(expr.otherwise(class_lit("D")))


def _threshold_class(method: Method) -> pl.Expr:
    expr = None
    for cls, low in method.classification.thresholds:
        cond = exact(pl.col("total")) >= low
        expr = (pl.when(cond) if expr is None else expr.when(cond)).then(class_lit(cls))
    assert expr is not None  # noqa: S101 - three thresholds always
    return pl.when(pl.col("total").is_not_null()).then(expr.otherwise(class_lit("D")))
