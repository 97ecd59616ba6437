"""The scoring methods of the assessment schemes found (reference §B2), as polars expressions.

Each function takes the value and the parameters as expressions (columns of the long table
joined with the indicator table) and returns the item's score; a null value gives a null
score. Bounds are the scheme's own: ``floor`` and ``cap`` clip when given.

- 功效系数法 (efficacy coefficient method, the standard form used in 目标管理考评):
  ``base + span × (x − 不允许值) / (满意值 − 不允许值)``, 60 + 40 × … by default, so the
  不允许值 scores 60 and the 满意值 100. A 满意值 below the 不允许值 scores "lower is better"
  with the same formula.
- linear between 基数值 and 目标值 (宁波工业经济发展评价): ``full × (x − 基数值) / (目标值 −
  基数值)`` clipped to [0, full].
- target completion with points per percentage point: ``at_target × full + per_point ×
  direction × (x − 目标)``, 80 % of the 标准分 at the target and ±0.5 per point by default,
  clipped to [floor or 0, cap or full].
- rank to points (赋分, 济宁 观摩评比): the first of its band gets ``full``, each place
  ``step`` less (100, 97, 94 …), never below ``floor`` or 0; ties share the better place.
- counts: ``per_count × x`` (每新增 1 家规上企业 +1 分), clipped at ``cap``.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.assessment.inputs import SCHEME_METHODS

BAND_KEYS = ["indicator", "band"]


def clip(score: pl.Expr, floor: pl.Expr, cap: pl.Expr) -> pl.Expr:
    """`score` raised to `floor` and lowered to `cap` where they are not null."""
    score = pl.when(floor.is_not_null() & (score < floor)).then(floor).otherwise(score)
    return pl.when(cap.is_not_null() & (score > cap)).then(cap).otherwise(score)


def efficacy(x: pl.Expr, low: pl.Expr, high: pl.Expr, base: pl.Expr, span: pl.Expr) -> pl.Expr:
    """功效系数法 before the scheme's bounds: base at 不允许值, base + span at 满意值."""
    return base + span * (x - low) / (high - low)


def linear(x: pl.Expr, low: pl.Expr, high: pl.Expr, full: pl.Expr) -> pl.Expr:
    """0 at the 基数值, `full` at the 目标值, clipped between."""
    return clip(full * (x - low) / (high - low), pl.lit(0.0), full)


def completion(
    x: pl.Expr, target: pl.Expr, direction: pl.Expr, full: pl.Expr, at_target: pl.Expr, per_point: pl.Expr
) -> pl.Expr:
    """`at_target` × 标准分 at the target, ± `per_point` per percentage point (x in %)."""
    return at_target * full + per_point * direction.cast(pl.Float64) * (x - target)


def rank_points(x: pl.Expr, direction: pl.Expr, full: pl.Expr, step: pl.Expr) -> pl.Expr:
    """赋分: `full` for the first of the indicator's band, `step` less per place (ties share)."""
    place = (x * direction.cast(pl.Float64)).rank("min", descending=True).over(BAND_KEYS)
    return pl.when(x.is_null()).then(None).otherwise(full - step * (place.cast(pl.Float64) - 1))


def count(x: pl.Expr, per_count: pl.Expr) -> pl.Expr:
    """Points per unit counted."""
    return per_count * x


def scheme_score() -> pl.Expr:
    """Each row's score by its indicator's own scheme method, with the declared bounds.

    Reads the columns of the long table joined with the indicator table; rows whose method
    is a normalisation get null here (``normalise`` scores them).
    """
    x, c = pl.col("value"), pl.col
    linear_floor, full_cap = pl.lit(0.0), c("full")
    raw = (
        pl.when(c("method") == "efficacy")
        .then(efficacy(x, c("low"), c("high"), c("base"), c("span")))
        .when(c("method") == "linear")
        .then(linear(x, c("low"), c("high"), c("full")))
        .when(c("method") == "completion")
        .then(clip(
            completion(x, c("high"), c("direction"), c("full"), c("at_target"), c("per_point")),
            c("floor").fill_null(linear_floor), c("cap").fill_null(full_cap),
        ))
        .when(c("method") == "rank_points")
        .then(clip(rank_points(x, c("direction"), c("full"), c("step")), c("floor").fill_null(0.0), c("cap")))
        .when(c("method") == "count")
        .then(count(x, c("per_count")))
    )
    return pl.when(c("method").is_in(SCHEME_METHODS)).then(clip(raw, c("floor"), c("cap")))
