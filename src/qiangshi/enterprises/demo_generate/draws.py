"""The random draws and calibration steps every table uses.

Every draw comes from a stream named after what it draws (`random_stream`), so the parts do
not shift each other: adding a table or a figure leaves every other figure as it was.
"""

from __future__ import annotations

import zlib

import numpy as np

from .calibration import TARGET_GROWTH_OUTSIDE


def random_stream(seed: int, stream: str) -> np.random.Generator:
    return np.random.default_rng([seed % 2**63, zlib.crc32(stream.encode())])


def target_for(table: dict[int, tuple[float, str]], year: int) -> float:
    if year in table:
        return float(table[year][0])
    nearest = min(table, key=lambda y: abs(y - year))
    return table[nearest][0] * (1 + TARGET_GROWTH_OUTSIDE) ** (year - nearest)



def gumbel_pick(rng: np.random.Generator, score: np.ndarray, eligible: np.ndarray, k: int) -> np.ndarray:
    """Indices of `k` eligible items drawn without replacement, likelier the higher the score."""
    pool = np.flatnonzero(eligible)
    k = min(k, pool.size)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    keyed = score[pool] + rng.gumbel(size=pool.size)
    return pool[np.argsort(-keyed, kind="stable")[:k]]


def choice(rng: np.random.Generator, options: list, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(options)[rng.choice(len(options), size=size, p=p / p.sum())]


def stratified_pareto(rng: np.random.Generator, n: int, floor: float, alpha: float) -> np.ndarray:
    """Pareto draws from stratified quantiles, largest first: the tail is stable across seeds."""
    u = (np.arange(n) + 0.3 + 0.4 * rng.random(n)) / max(n, 1)
    return floor * u ** (-1.0 / alpha)


def scaled(value: float, firms: int) -> int:
    return max(1, round(value * firms / 10_000))


def calibrate(values: np.ndarray, mask: np.ndarray, target: float, floor: float,
              weight: np.ndarray | None = None) -> None:
    """In place: values[mask] = floor + s·(values − floor) with Σ weight·values = target, then
    rounded to 0.01 with the rounding residual put on the largest value."""
    if not mask.any():
        return
    w = np.ones(mask.sum()) if weight is None else weight[mask]
    v = values[mask]
    excess = (w * (v - floor)).sum()
    s = (target - floor * w.sum()) / excess if excess > 0 else -1.0
    if s <= 0:
        raise ValueError(f"无法校准：{int(mask.sum())} 家企业的下限已超过目标总额 {target:,.0f} 万元")
    v = np.round(floor + s * (v - floor), 2)
    values[mask] = v
    if weight is None:
        top = np.flatnonzero(mask)[np.argmax(v)]
        values[top] = round(values[top] + round(target - v.sum(), 2), 2)
