"""位次变化 against the previous period, and 红黄蓝 marks as Shandong's cities publish them.

``rank_change``: the previous period's rank beside this one's and the change in places
(previous − current: positive moved up, negative fell back; null when the unit was not
ranked before). ``marks``: within each band of n ranked units, 蓝牌 for ranks 1…``blue``,
红牌 for the last ``red`` places (rank > n − red) and 黄牌 for the ``yellow`` places above
them. Units tied on a total take every place their tie spans (ranks 2, 2 span places 2–3)
and get a mark when any of those places has it: two units tied for last both get 红牌, two
tied for third of ``blue`` = 3 both get 蓝牌. Where a small band makes the ranges overlap
the better mark wins. Units without a rank get no mark.
"""

from __future__ import annotations

import polars as pl

MARK_LABELS = {"blue": "蓝牌", "yellow": "黄牌", "red": "红牌"}


def rank_change(current: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """`current` (unit, rank, …) with previous_rank and change (previous − current)."""
    earlier = previous.select("unit", pl.col("rank").alias("previous_rank"))
    return current.join(earlier, on="unit", how="left").with_columns(
        (pl.col("previous_rank") - pl.col("rank")).alias("change")
    )


def marks(ranked: pl.DataFrame, blue: int = 3, yellow: int = 0, red: int = 3) -> pl.DataFrame:
    """`ranked` (unit, band, rank, …) with ``mark``: "blue", "yellow", "red" or null."""
    if min(blue, yellow, red) < 0:
        raise ValueError("红黄蓝牌的名额不能为负")
    rank = pl.col("rank")
    n = rank.count().over("band")
    last_place = rank + rank.count().over("band", "rank") - 1
    mark = (
        pl.when(rank.is_null()).then(None)
        .when(rank <= blue).then(pl.lit("blue"))
        .when(last_place > n - red).then(pl.lit("red"))
        .when(last_place > n - red - yellow).then(pl.lit("yellow"))
    )
    return ranked.with_columns(mark.alias("mark"))
