"""Step 8: what would lift each firm a class: the total needed and the indicator with the most room.

The sentence depends only on the ranking unit, the class, the indicator and its benchmark, so
the few distinct sentences are built on a small table and joined back (no string work per firm).
"""

from __future__ import annotations

import polars as pl

from . import wording
from .exprs import CLASS_DTYPE, GROUP_CODES, Specs, by_group, class_lit, rounded
from .schema import CLASSES, Method


def most_room(df: pl.DataFrame, specs: Specs) -> pl.DataFrame:
    """_pick (the indicator with the most room: weight − score, the first in method order on a tie;
    null when none has room) and _bench (its benchmark), per firm."""
    keys = list(specs)
    work = df.select(
        *((by_group([(g, pl.lit(spec.weight)) for g, spec in specs[key]]) - pl.col(f"score_{key}"))
          .alias(f"_room{n}") for n, key in enumerate(keys)),
        *(pl.col(f"benchmark_{key}").alias(f"_b{n}") for n, key in enumerate(keys)),
    )
    work = work.with_columns(_best=pl.max_horizontal(pl.col(f"_room{n}") for n in range(len(keys))))
    work = work.with_columns(
        _pick=pl.when(pl.col("_best") > 0).then(
            pl.min_horizontal(
                pl.when(pl.col(f"_room{n}") == pl.col("_best")).then(n) for n in range(len(keys))
            )
        )
    )
    bench = pl.lit(None, dtype=pl.Float64)
    for n in range(len(keys)):
        bench = pl.when(pl.col("_pick") == n).then(pl.col(f"_b{n}")).otherwise(bench)
    return work.select("_pick", _bench=bench)


def lift(df: pl.DataFrame, method: Method, specs: Specs, room: pl.DataFrame) -> pl.DataFrame:
    """lift (a Chinese sentence: the total needed for the next class and the indicator with the most
    room) and lift_gap (points short of that class's cut-off), per firm.

    The sentence depends only on the ranking unit, the class, the indicator and its benchmark, so
    the few distinct sentences are built on a small table and joined back (no string work per firm)."""
    c = method.classification
    cls = pl.col("_score_class")
    better = {"B": "A", "C": "B", "D": "C"}
    texts = wording.lift_cases()
    code = pl.when(~pl.col("evaluated")).then(0).when(pl.col("_veto")).then(1)
    for n, x in enumerate(CLASSES):
        code = code.when(pl.col("_force") == x).then(2 + n)
    code = code.when(cls == "A").then(6)
    for n, x in enumerate(better):
        code = code.when(cls == x).then(7 + n)
    explained = pl.col("evaluated") & ~pl.col("_veto") & pl.col("_force").is_null()
    target = pl.lit(None, dtype=CLASS_DTYPE)
    for x, up in better.items():
        target = pl.when(explained & (cls == x)).then(class_lit(up)).otherwise(target)
    keys = list(specs)
    work = df.select(
        "_runit", "_g", "total", code.cast(pl.Int64).alias("_code"), target.alias("_target")
    ).hstack(room)
    work = work.with_columns(
        pl.when(pl.col("_target").is_not_null()).then(pl.col(c)).alias(c) for c in ("_pick", "_bench")
    )
    # the cut-off: the lowest total of the next class in the unit (or the method's threshold)
    if c.by == "rank_share":
        cuts = (
            df.select("_runit", "_score_class", "total").filter(pl.col("_score_class").is_not_null())
            .group_by("_runit", "_score_class").agg(_cut=pl.col("total").min())
            .rename({"_score_class": "_target"})
        )
        on = ["_runit", "_target"]
    else:
        cuts = pl.DataFrame(
            {"_target": [x for x, _ in c.thresholds], "_cut": [low for _, low in c.thresholds]},
            schema={"_target": CLASS_DTYPE, "_cut": pl.Float64},
        )
        on = ["_target"]
    names = {n: specs[k][0][1].name for n, k in enumerate(keys)}
    weights = {(n, GROUP_CODES[g]): wording.num(spec.weight)
               for n, k in enumerate(keys) for g, spec in specs[k]}
    combos = (
        work.filter(pl.col("_target").is_not_null())
        .select("_runit", "_g", "_target", "_pick", "_bench").unique()
        .join(cuts, on=on, how="left")
        .filter(pl.col("_cut").is_not_null())
        .with_row_index("_sid", offset=len(texts))
        .with_columns(_sentence=wording.lift_sentence(
            wording.lift_reach(c.by, c.ties), pl.col("_target"), pl.col("_cut"), pl.col("_pick"),
            pl.col("_pick").replace_strict(names, default=None, return_dtype=pl.String),
            pl.col("_bench"),
            pl.struct("_pick", "_g").replace_strict(
                [{"_pick": n, "_g": g} for n, g in weights], list(weights.values()), default=None,
                return_dtype=pl.String,
            ),
        ))
    )
    # every firm gets a text id (a fixed case, or its sentence) and the texts are looked up once
    joined = work.join(
        combos.select("_runit", "_target", "_pick", "_bench", "_sid", "_cut"),
        on=["_runit", "_target", "_pick", "_bench"], how="left", maintain_order="left", nulls_equal=True,
    )
    sentences = dict(zip(combos["_sid"].to_list(), combos["_sentence"].to_list(), strict=True))
    lookup = dict(enumerate(texts)) | sentences
    return joined.select(
        lift=pl.coalesce(pl.col("_sid").cast(pl.Int64), "_code").replace_strict(
            lookup, default=None, return_dtype=pl.String
        ),
        lift_gap=rounded(pl.col("_cut") - pl.col("total"), 2).clip(lower_bound=0.0),
    )
