"""Uncertainty analysis: each unit's rank interval over plausible alternatives (OECD/JRC step 7).

The unit is re-scored under N draws; each draw picks a normalisation from a declared set, an
aggregation (arithmetic or geometric) and perturbs every indicator weight and every group
weight by a factor drawn uniformly from [1 − r, 1 + r] (renormalised, as in the assessment,
over the items a unit has). Coverage, imputation, 加分/减分 and 一票否决 stay as the
assessment declared them. For each unit the ranks of the draws give ``rank_low`` and
``rank_high`` (by default the 5th and 95th percentiles, the lower and the higher order
statistic so that they are ranks a draw produced) and ``rank_median``; "第 3 位（2–5）".

A :class:`DrawPlan` fixes the draws: :func:`random_plan` (seeded, reproducible) or
:func:`enumerated_plan` (every normalisation × aggregation with the weights as given, for
small cases checked by hand). Vectorised: one matrix product per group and alternative over
all units and the draws of that alternative (numpy), ranks by comparison within each band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from qiangshi.engine.assessment.composite import Assessment, Options, Prepared, item_scores
from qiangshi.engine.assessment.inputs import NORMALISATIONS

DEFAULT_SEED = 20231101


@dataclass(frozen=True)
class Alternatives:
    """The declared set of plausible alternatives and how they are drawn."""

    normalisations: tuple[str, ...] = ("scheme", "minmax", "zscore", "rank")
    aggregations: tuple[str, ...] = ("arithmetic", "geometric")
    weight_range: float = 0.25
    draws: int = 1000
    seed: int = DEFAULT_SEED
    low_quantile: float = 0.05
    high_quantile: float = 0.95

    def problems(self) -> list[str]:
        checks = [
            (all(n in ("scheme", *NORMALISATIONS) for n in self.normalisations) and self.normalisations,
             "备选标准化方法无法识别"),
            (all(a in ("arithmetic", "geometric") for a in self.aggregations) and self.aggregations,
             "备选加总方式无法识别"),
            (0 <= self.weight_range < 1, "权重扰动幅度应在 0 到 1 之间"),
            (self.draws >= 1, "抽样次数至少为 1"),
            (0 <= self.low_quantile <= self.high_quantile <= 1, "位次区间的分位数应满足 0 ≤ 下限 ≤ 上限 ≤ 1"),
        ]
        return [message for ok, message in checks if not ok]


@dataclass(frozen=True)
class DrawPlan:
    """Per draw: index into the normalisations and the aggregations, weight factors per
    indicator (draws × indicators, in the order of the indicator table's normal rows) and
    per group (draws × groups, in the order of the group table)."""

    normalisation: np.ndarray
    aggregation: np.ndarray
    indicator_factors: np.ndarray
    group_factors: np.ndarray


def random_plan(alternatives: Alternatives, n_indicators: int, n_groups: int) -> DrawPlan:
    """`alternatives.draws` draws from a generator seeded with `alternatives.seed`."""
    rng = np.random.default_rng(alternatives.seed)
    n, r = alternatives.draws, alternatives.weight_range
    return DrawPlan(
        rng.integers(0, len(alternatives.normalisations), n),
        rng.integers(0, len(alternatives.aggregations), n),
        rng.uniform(1 - r, 1 + r, (n, n_indicators)),
        rng.uniform(1 - r, 1 + r, (n, n_groups)),
    )


def enumerated_plan(alternatives: Alternatives, n_indicators: int, n_groups: int) -> DrawPlan:
    """One draw per normalisation × aggregation, weights as given."""
    n_aggregations = len(alternatives.aggregations)
    pairs = [(k, a) for k in range(len(alternatives.normalisations)) for a in range(n_aggregations)]
    n = len(pairs)
    return DrawPlan(
        np.array([k for k, _ in pairs]), np.array([a for _, a in pairs]),
        np.ones((n, n_indicators)), np.ones((n, n_groups)),
    )


def _weighted(scores: np.ndarray, present: np.ndarray, weights: np.ndarray, geometric: bool, floor: float):
    """Units × draws weighted means of `scores` (units × items) under `weights` (draws × items)."""
    denominator = present @ weights.T
    if geometric:
        logs = np.where(present, np.log(np.maximum(np.nan_to_num(scores), floor)), 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.exp((logs @ weights.T) / denominator), denominator > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.where(present, scores, 0.0) @ weights.T) / denominator, denominator > 0


def draw_totals(prepared: Prepared, options: Options, alternatives: Alternatives, plan: DrawPlan | None):
    """Units (scored or vetoed) × draws composite totals; units and bands in that row order."""
    cells = prepared.cells
    normal = cells.filter(pl.col("kind") == "normal")
    indicators = normal.select("indicator", "group", "weight").unique("indicator", maintain_order=True)
    groups = prepared.groups.filter(pl.col("group").is_in(indicators["group"].implode()))
    units = cells.select("unit", "band").unique("unit", maintain_order=True)
    if plan is None:
        plan = random_plan(alternatives, indicators.height, groups.height)
    equal = options.weighting == "equal"
    item_w = np.ones(indicators.height) if equal else indicators["weight"].to_numpy()
    group_w = np.ones(groups.height) if equal else groups["weight"].to_numpy()
    member = [np.flatnonzero((indicators["group"] == g).to_numpy()) for g in groups["group"]]
    totals = np.full((units.height, len(plan.normalisation)), np.nan)
    if not member:
        return units, totals
    for k, name in enumerate(alternatives.normalisations):
        wide = (
            normal.select("unit", "indicator", item_scores(normal, name).alias("score"))
            .pivot(on="indicator", index="unit", values="score")
        )
        wide = units.select("unit").join(wide, on="unit", how="left")
        scores = wide.select(indicators["indicator"].to_list()).to_numpy().astype(float)
        present = ~np.isnan(scores)
        for a, aggregation in enumerate(alternatives.aggregations):
            draws = np.flatnonzero((plan.normalisation == k) & (plan.aggregation == a))
            if not len(draws):
                continue
            geometric = aggregation == "geometric"
            item_weights = item_w * plan.indicator_factors[draws]
            floor = options.geometric_floor
            group_scores, group_present = zip(*(
                _weighted(scores[:, cols], present[:, cols], item_weights[:, cols], geometric, floor)
                for cols in member
            ), strict=True)
            weights = group_w * plan.group_factors[draws]  # draws × groups
            stacked, has = np.stack(group_scores, axis=2), np.stack(group_present, axis=2)
            denominator = (has * weights[None, :, :]).sum(axis=2)
            if geometric:
                logs = np.where(has, np.log(np.maximum(np.nan_to_num(stacked), options.geometric_floor)), 0.0)
                value = np.exp((logs * weights[None, :, :]).sum(axis=2) / denominator)
            else:
                value = (np.where(has, stacked, 0.0) * weights[None, :, :]).sum(axis=2) / denominator
            totals[:, draws] = value
    return units, totals


def rank_intervals(
    assessment: Assessment, alternatives: Alternatives = Alternatives(), plan: DrawPlan | None = None
) -> pl.DataFrame:
    """unit, band, rank (the assessment's), rank_low, rank_high, rank_median, draws.

    Units not scored for low coverage get nulls; vetoed units follow the assessment's veto
    rule (ranked last in every draw, or no interval).
    """
    problems = alternatives.problems()
    if problems:
        raise ValueError("；".join(problems))
    options, reference = assessment.options, assessment.units
    prepared = assessment.prepared
    row_units, totals = draw_totals(prepared, options, alternatives, plan)
    status = row_units.join(reference.select("unit", "status", "bonus", "deduction"), on="unit", how="left")
    offsets = (status["bonus"] - status["deduction"]).to_numpy()[:, None]
    vetoed = (status["status"] == "vetoed").to_numpy()
    # A draw in which a unit has no score ranks it last, as a veto does.
    totals = np.nan_to_num(np.round(totals + offsets, 6), nan=-np.inf)
    totals[vetoed] = -np.inf
    ranks = np.zeros(totals.shape, dtype=np.int64)
    bands = row_units["band"].to_numpy()
    for band in np.unique(bands):
        rows = np.flatnonzero(bands == band)
        block = totals[rows]
        ranks[rows] = 1 + (block[None, :, :] > block[:, None, :]).sum(axis=1)
    ranked = (status["status"] == "scored").to_numpy()
    keep = ranked | (vetoed & (options.veto == "last"))
    kept = ranks[keep]
    result = pl.DataFrame({
        "unit": row_units["unit"].filter(pl.Series(keep)),
        "rank_low": np.quantile(kept, alternatives.low_quantile, axis=1, method="lower").astype(np.int64),
        "rank_high": np.quantile(kept, alternatives.high_quantile, axis=1, method="higher").astype(np.int64),
        "rank_median": np.median(kept, axis=1),
        "draws": np.full(int(keep.sum()), totals.shape[1], dtype=np.int64),
    })
    return reference.select("unit", "band", "rank").join(result, on="unit", how="left")
