"""Benchmark: the assessment engine, 200 units × 60 indicators × 1,000 uncertainty draws.

Target (issue 14 §4): the whole run — assessment, rank intervals over 1,000 draws (four
normalisations × two aggregations × weights ± 25 %), 位次变化, marks and what would move each
unit up — under 2 s. Synthetic, deterministic data (numpy seed): six groups of ten
indicators, a mix of the scheme methods and normalisations, 3 % of values missing, three
bands, one bonus and one deduction item.

Run: `python bench/bench_assessment.py` (or `make bench`).
"""

from __future__ import annotations

import time

import numpy as np
import polars as pl

from qiangshi.engine.assessment import (
    Alternatives,
    Options,
    assessment_run,
    indicator_table,
    unit_table,
    value_table,
)

SEED = 20231101
N_UNITS, N_INDICATORS, N_DRAWS = 200, 60, 1_000
TARGET_SECONDS = 2.0
METHODS = ["efficacy", "linear", "completion", "minmax", "target", "zscore", "rank", "rank_points"]


def make_data(seed: int = SEED) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    indicators = [
        {
            "indicator": f"I{i:02d}", "group": f"G{i // 10}", "weight": float(rng.uniform(0.5, 2.0)),
            "direction": -1 if i % 7 == 0 else 1, "method": METHODS[i % len(METHODS)],
            "low": 0.0 if i % 7 else 20.0, "high": 20.0 if i % 7 else 0.0,
        }
        for i in range(N_INDICATORS)
    ]
    indicators += [
        {"indicator": "BONUS", "method": "count", "kind": "bonus", "per_count": 1.0, "cap": 5.0},
        {"indicator": "DEDUCT", "method": "count", "kind": "deduction", "per_count": 0.3},
    ]
    codes = [f"U{u:03d}" for u in range(N_UNITS)]
    units = unit_table([{"unit": code, "band": f"{u % 3 + 1}档"} for u, code in enumerate(codes)])
    n = N_UNITS * N_INDICATORS
    values = np.where(rng.random(n) < 0.03, np.nan, rng.normal(10.0, 5.0, n))
    frame = pl.DataFrame({
        "unit": np.repeat(codes, N_INDICATORS),
        "indicator": np.tile([row["indicator"] for row in indicators[:N_INDICATORS]], N_UNITS),
        "value": values,
    }).with_columns(pl.col("value").fill_nan(None))
    events = pl.DataFrame({
        "unit": codes * 2,
        "indicator": ["BONUS"] * N_UNITS + ["DEDUCT"] * N_UNITS,
        "value": rng.integers(0, 4, 2 * N_UNITS).astype(float),
    })
    return value_table(pl.concat([frame, events])), indicator_table(indicators), units


def main() -> None:
    values, indicators, units = make_data()
    options, alternatives = Options(imputation="band_mean"), Alternatives(draws=N_DRAWS)
    started = time.perf_counter()
    run = assessment_run(values, indicators, units, options=options, alternatives=alternatives)
    seconds = time.perf_counter() - started
    assert run.units.height == N_UNITS and run.units["rank_low"].null_count() == 0
    width = (run.units["rank_high"] - run.units["rank_low"]).mean()
    print(
        f"assessment_run: {N_UNITS} 单位 × {N_INDICATORS} 指标 × {N_DRAWS:,} 次抽样 {seconds:.2f} s "
        f"(目标 < {TARGET_SECONDS:.0f} s; 位次区间平均宽度 {width:.1f}; "
        f"上移一位的建议 {run.move_up.height:,} 条)"
    )
    if seconds >= TARGET_SECONDS:
        raise SystemExit(f"慢于目标：{seconds:.2f} s ≥ {TARGET_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
