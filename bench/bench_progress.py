"""Benchmark: the progress engine against a straightforward pandas loop over series.

Target: `progress` for 10,000 indicator series × 120 monthly periods at least 20× faster
than a pandas implementation that loops over the series (`for (code, region), g in
df.groupby(...)`) computing the same level/share numbers: base, latest, seasonal
projection, CAGRs, Open SDG R and score, status. The data are synthetic and
deterministic (numpy seed). Both give the same statuses on the series the baseline
covers; the script fails if they do not.

Run: `python bench/bench_progress.py` (or `make bench`).
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import polars as pl

from qiangshi.engine.progress import (
    DEFAULT_APPROX_TOLERANCE,
    NATURAL_LIMIT_BAND,
    OPEN_SDG_HIGH,
    OPEN_SDG_LOW,
    OPEN_SDG_MED,
    ZERO_SUBSTITUTE,
    progress,
)

SEED = 20231101
N_SERIES = 10_000
FIRST_YEAR, N_YEARS = 2016, 10  # 2016–2025: 10 years × 12 monthly year-to-date values
PERIOD_START, PERIOD_END = 2024, 2026
AS_OF_YEAR, AS_OF_MONTH = 2025, 8
REGIONS = ["370100", "370102", "370103", "370104", "370112"]


def make_data(seed: int = SEED) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Synthetic indicators and observations (vectorised numpy, deterministic)."""
    rng = np.random.default_rng(seed)
    n = N_SERIES
    codes = np.array([f"B{i // len(REGIONS):05d}" for i in range(n)])
    regions = np.array([REGIONS[i % len(REGIONS)] for i in range(n)])
    # kinds per code (all regions of a code share its definition)
    code_kind = rng.choice(
        ["level", "share", "annual_flow", "cumulative", "avg_growth", "direction"],
        size=n // len(REGIONS),
        p=[0.50, 0.35, 0.04, 0.04, 0.04, 0.03],
    )
    kinds = np.repeat(code_kind, len(REGIONS))
    flow = np.where(kinds == "share", False, rng.random(n) < 0.7)
    flow = np.where(np.isin(kinds, ["annual_flow", "cumulative", "avg_growth"]), True, flow)
    flow = np.where(kinds == "direction", False, flow)

    years = np.arange(FIRST_YEAR, FIRST_YEAR + N_YEARS)
    months = np.arange(1, 13)
    # yearly level: flows grow from 100–10,000 by −4 %…+12 % a year; shares drift 5–60 %
    start = np.where(flow, rng.uniform(100, 10_000, n), rng.uniform(5, 60, n))
    growth = rng.uniform(-0.04, 0.12, n)
    trend = rng.uniform(-0.8, 1.5, n)
    noise = rng.normal(0.0, 0.02, (n, N_YEARS))
    t = np.arange(N_YEARS)[None, :]
    annual_flow_values = start[:, None] * (1 + growth[:, None]) ** t * (1 + noise)
    annual_share_values = np.clip(start[:, None] + trend[:, None] * t + noise * 20, 0.5, 99.5)
    annual = np.where(flow[:, None], annual_flow_values, annual_share_values)
    # seasonal weights per series for flows (a common shape plus noise); ytd = cumulative
    shape = np.array([0.6, 0.7, 0.9, 0.95, 1.0, 1.05, 1.0, 1.0, 1.05, 1.1, 1.2, 1.45])
    weights = shape[None, :] * rng.uniform(0.85, 1.15, (n, 12))
    weights = weights / weights.sum(axis=1, keepdims=True)
    cum_share = np.cumsum(weights, axis=1)  # (n, 12)
    ytd_noise = rng.normal(0.0, 0.01, (n, N_YEARS, 12))
    ytd_flow = annual[:, :, None] * cum_share[:, None, :] * (1 + ytd_noise)
    ytd_level = annual[:, :, None] + ytd_noise * 10
    ytd = np.where(flow[:, None, None], ytd_flow, ytd_level)

    ytd_obs = pl.DataFrame(
        {
            "code": np.repeat(codes, N_YEARS * 12),
            "region": np.repeat(regions, N_YEARS * 12),
            "year": np.tile(np.repeat(years, 12), n).astype(np.int32),
            "month": np.tile(months, n * N_YEARS).astype(np.int32),
            "period_type": "ytd",
            "value": ytd.reshape(-1),
        }
    )
    # annual values (final figures differ slightly from December ytd); ~10 % missing
    keep = rng.random((n, N_YEARS)) > 0.1
    annual_obs = (
        pl.DataFrame(
            {
                "code": np.repeat(codes, N_YEARS),
                "region": np.repeat(regions, N_YEARS),
                "year": np.tile(years, n).astype(np.int32),
                "month": np.full(n * N_YEARS, 12, dtype=np.int32),
                "period_type": "annual",
                "value": (annual * (1 + rng.normal(0, 0.005, (n, N_YEARS)))).reshape(-1),
                "_keep": keep.reshape(-1),
            }
        )
        .filter(pl.col("_keep"))
        .drop("_keep")
    )
    observations = pl.concat([ytd_obs, annual_obs])

    # targets around the 2023 level × the growth needed, so that statuses are mixed
    level_2023 = annual[:, 2023 - FIRST_YEAR]
    factor = rng.uniform(0.85, 1.5, n)
    comparator = rng.choice(["gte", "approx", "lte"], size=n, p=[0.75, 0.15, 0.10])
    target = np.where(comparator == "lte", level_2023 / factor, level_2023 * factor)
    target = np.where(kinds == "share", np.clip(target, 1, 100), target)
    comparator = np.where(kinds == "direction", "increase", comparator)
    comparator = np.where(
        np.isin(kinds, ["annual_flow", "cumulative", "avg_growth"]), "gte", comparator
    )
    target = np.where(kinds == "annual_flow", level_2023 * 1.05, target)
    target = np.where(kinds == "cumulative", level_2023 * 3.2, target)
    target = np.where(kinds == "avg_growth", 8.0, target)
    indicators_full = pl.DataFrame(
        {
            "code": codes,
            "region": regions,
            "kind": kinds,
            "comparator": comparator,
            "target_value": target,
            "target_year": np.full(n, PERIOD_END, dtype=np.int32),
            "flow": flow,
        }
    )
    # one indicator row per code (the region-0 row defines it)
    indicators = (
        indicators_full.filter(pl.col("region") == REGIONS[0])
        .drop("region")
        .with_columns(
            pl.lit(None, dtype=pl.Float64).alias("base_value"),
            pl.lit(None, dtype=pl.Int32).alias("base_year"),
            pl.lit(None, dtype=pl.Float64).alias("tolerance"),
            pl.when(pl.col("kind") == "share").then(0.0).alias("lower_limit"),
            pl.when(pl.col("kind") == "share").then(100.0).alias("upper_limit"),
            pl.lit(None, dtype=pl.String).alias("compare_to"),
            pl.lit(None, dtype=pl.Float64).alias("target_value_high"),
        )
    )
    return indicators, observations


# --- baseline: pandas, one series at a time ---------------------------------------------------


def _cagr(v1: float, v0: float, t1: float, t0: float) -> float:
    return (v1 / v0) ** (1.0 / (t1 - t0)) - 1.0


def _to_pandas(df: pl.DataFrame) -> pd.DataFrame:
    # column by column through numpy: polars' to_pandas needs pyarrow, not installed here
    return pd.DataFrame({name: df[name].to_numpy() for name in df.columns})


def baseline(indicators: pl.DataFrame, observations: pl.DataFrame) -> list[dict]:
    """Level/share progress, one series at a time, as a plain pandas implementation would."""
    ind = _to_pandas(indicators).set_index("code")
    df = _to_pandas(observations)
    df = df[df["code"].isin(ind.index[ind["kind"].isin(["level", "share"])])]
    as_of_key = AS_OF_YEAR * 12 + AS_OF_MONTH
    df = df.assign(key=df["year"] * 12 + df["month"])
    df = df[df["key"] <= as_of_key]
    rows = []
    for (code, region), g in df.groupby(["code", "region"], sort=True):
        spec = ind.loc[code]
        target_year = int(spec["target_year"])
        g = g[g["year"] <= target_year]
        g = g.assign(not_annual=g["period_type"] != "annual")
        g = g.sort_values(["key", "not_annual"]).drop_duplicates("key", keep="first")
        last = g.iloc[-1]
        latest_year, latest_month, latest = int(last["year"]), int(last["month"]), last["value"]
        complete = g[g["month"] == 12].set_index("year")["value"]
        flow = bool(spec["flow"])
        incomplete = latest_month < 12
        # seasonal projection of the current year from earlier years' shares at this month
        current = latest
        if flow and incomplete:
            ytd = g[(g["period_type"] == "ytd") & (g["month"] == latest_month)]
            ytd = ytd.set_index("year")["value"]
            shares = []
            for y, a in complete.items():
                if y < latest_year and a > 0 and y in ytd.index:
                    s = ytd[y] / a
                    if s > 0 and math.isfinite(s):
                        shares.append(s)
            current = latest / np.mean(shares) if shares else latest * 12 / latest_month
        # base: complete year at base year, else next before latest, else nearest earlier
        by = PERIOD_START - 1
        years = list(complete.index)
        after = [y for y in years if by <= y < latest_year]
        before = [y for y in years if y < by]
        anyy = [y for y in years if y >= by]
        b = min(after) if after else (max(before) if before else (min(anyy) if anyy else None))
        vb = complete[b] if b is not None else None
        # target met
        target, cmp = spec["target_value"], spec["comparator"]
        # "达到…左右" is reached from below: approx levels and shares count upwards
        d = -1 if cmp == "lte" else 1
        met_value = complete.iloc[-1] if (flow and incomplete and len(complete)) else latest
        if flow and incomplete and not len(complete):
            met_value = None
        met = False
        if met_value is not None:
            if cmp == "approx":
                tol = DEFAULT_APPROX_TOLERANCE
                met = round(met_value - target * (1 - tol), 9) >= 0
            elif d == -1:
                met = met_value <= target
            else:
                met = met_value >= target
            if (
                target in (0.0, 100.0)
                and spec["kind"] == "share"
                and abs(met_value - target) <= NATURAL_LIMIT_BAND
            ):
                met = True
        if flow and incomplete and d == 1 and cmp == "gte" and latest >= target:
            met = True
        r = score = g_o = g_r = None
        if met:
            status, score = "achieved", 5.0
        elif vb is None:
            status = "insufficient"
        elif latest_year - b <= 0:
            status = "insufficient"
        else:
            vb0 = ZERO_SUBSTITUTE if vb == 0 else vb
            vt0 = ZERO_SUBSTITUTE if target == 0 else target
            if current / vb0 < 0 or target_year - b <= 0 or vt0 / vb0 <= 0:
                status = "insufficient"
            else:
                g_o = _cagr(current, vb0, latest_year, b)
                g_r = _cagr(vt0, vb0, target_year, b)
                if g_r == 0:
                    status = "regressing"
                else:
                    sign = -1 if vb0 < 0 else 1
                    r = sign * d * g_o / abs(g_r)
                    if r >= OPEN_SDG_HIGH:
                        status = "on_track"
                    elif r >= OPEN_SDG_MED:
                        status = "accelerate"
                    elif r >= OPEN_SDG_LOW:
                        status = "lagging"
                    else:
                        status = "regressing"
                    if r >= OPEN_SDG_MED:
                        score = min(7.1429 * r - 4.2857, 5.0)
                    else:
                        score = max(4.1667 * r - 2.5, -5.0)
        rows.append(
            {
                "code": code,
                "region": region,
                "status": status,
                "ratio": r,
                "score": score,
                "current_value": current,
            }
        )
    return rows


def main() -> None:
    indicators, observations = make_data()
    n_series = observations.select("code", "region").unique().height
    n_periods = observations.filter(pl.col("period_type") == "ytd").select("year", "month").unique()
    kwargs = dict(
        as_of_year=AS_OF_YEAR,
        as_of_month=AS_OF_MONTH,
        period_start=PERIOD_START,
        period_end=PERIOD_END,
    )
    engine_times = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = progress(indicators, observations, **kwargs)
        engine_times.append(time.perf_counter() - t0)
    engine_s = min(engine_times)

    t0 = time.perf_counter()
    base = baseline(indicators, observations)
    baseline_s = time.perf_counter() - t0

    merged = pl.DataFrame(base).join(
        result.select(
            "code",
            "region",
            pl.col("status").alias("engine_status"),
            pl.col("ratio").alias("engine_ratio"),
        ),
        on=["code", "region"],
        how="left",
    )
    mismatched = merged.filter(pl.col("status") != pl.col("engine_status"))
    ratio_gap = merged.select((pl.col("ratio") - pl.col("engine_ratio")).abs().max()).item()
    print(f"series:            {n_series}")
    print(f"periods:           {n_periods.height} monthly (plus annual values)")
    print(f"observations:      {observations.height}")
    print(f"engine seconds:    {engine_s:.3f} (best of 3)")
    print(f"baseline seconds:  {baseline_s:.3f} (pandas loop over {len(base)} level/share series)")
    print(f"speed-up:          {baseline_s / engine_s:.1f}x (target ≥ 20x)")
    print(
        f"statuses compared: {merged.height}, mismatched: {mismatched.height}, "
        f"max |ΔR|: {ratio_gap:.2e}"
    )
    print("engine statuses:  ", dict(result.group_by("status").len().sort("status").iter_rows()))
    assert mismatched.height == 0, mismatched.head(10)


if __name__ == "__main__":
    main()
