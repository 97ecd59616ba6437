"""Benchmark: project stall detection (`qiangshi.engine.projects.stalls`).

Target: 100,000 projects with 36 months of investment progress each (3.6 M progress rows)
in under 1 s (best of 3). The data are synthetic and deterministic (numpy seed): stages
spread over the whole pipeline, stage dates consistent with the stage, some dates after
as_of, revenues around the 纳统 threshold.

Run: `python bench/bench_stalls.py` (or `make bench`).
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import polars as pl

from qiangshi.engine.projects import RULE_LABELS, STAGES, stalls

SEED = 20240601
N_PROJECTS = 100_000
N_MONTHS = 36  # 2023-01 … 2025-12
FIRST_YEAR = 2023
AS_OF = date(2025, 6, 20)
TARGET_SECONDS = 1.0
REGIONS = ["370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115", "370116"]
UNITS = ["市发改委", "市工信局", "市投促局", "市住建局", "市统计局"]


def make_data(seed: int = SEED) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = N_PROJECTS
    ids = np.arange(1, n + 1, dtype=np.int64)
    stage_idx = rng.integers(0, len(STAGES), n)
    as_of = np.datetime64(AS_OF, "D")
    # each stage date follows the one before by 0–400 days; a few land after as_of
    signed = as_of - rng.integers(0, 1200, n).astype("timedelta64[D]")
    started = signed + rng.integers(0, 300, n).astype("timedelta64[D]")
    completed = started + rng.integers(100, 500, n).astype("timedelta64[D]")
    producing = completed + rng.integers(0, 200, n).astype("timedelta64[D]")
    counted = producing + rng.integers(0, 500, n).astype("timedelta64[D]")
    registered = started + rng.integers(0, 90, n).astype("timedelta64[D]")
    has_registered = (stage_idx >= 3) & (rng.random(n) < 0.6)

    def reached(dates: np.ndarray, stage: str) -> pl.Series:
        keep = stage_idx >= STAGES.index(stage)
        return pl.Series(np.where(keep, dates, np.datetime64("NaT"))).cast(pl.Date)

    projects = pl.DataFrame({
        "project_id": ids,
        "name": pl.Series([f"项目{i}" for i in ids]),
        "unit": np.array(UNITS)[rng.integers(0, len(UNITS), n)],
        "region": np.array(REGIONS)[rng.integers(0, len(REGIONS), n)],
        "stage": np.array(STAGES)[stage_idx],
        "planned_investment": rng.uniform(100, 50_000, n).round(1),
        "signed_on": reached(signed, "signed"),
        "started_on": reached(started, "started"),
        "registered_on": pl.Series(np.where(has_registered, registered, np.datetime64("NaT"))).cast(pl.Date),
        "completed_on": reached(completed, "completed"),
        "producing_on": reached(producing, "producing"),
        "counted_on": reached(counted, "counted"),
        "owner_above_scale": rng.random(n) < 0.3,
        "owner_revenue": pl.Series(np.where(rng.random(n) < 0.2, np.nan, rng.uniform(0, 5000, n)))
        .fill_nan(None),
        "year_plan": np.where(rng.random(n) < 0.8, rng.uniform(100, 20_000, n).round(1), 0.0),
    })
    months = np.arange(N_MONTHS)
    progress = pl.DataFrame({
        "project_id": np.repeat(ids, N_MONTHS),
        "year": pl.Series(np.tile(FIRST_YEAR + months // 12, n), dtype=pl.Int32),
        "month": pl.Series(np.tile(months % 12 + 1, n), dtype=pl.Int32),
        "invested_month": rng.uniform(0, 1500, n * N_MONTHS).round(1),
    })
    return projects, progress


def main() -> int:
    projects, progress = make_data()
    times = []
    result = None
    for _ in range(3):
        start = time.perf_counter()
        result = stalls(projects, progress, as_of=AS_OF)
        times.append(time.perf_counter() - start)
    assert result is not None
    best = min(times)
    counts = dict(result.group_by("rule").len().iter_rows())
    print(f"projects        {projects.height:>12,}")
    print(f"progress rows   {progress.height:>12,}")
    print(f"as_of           {AS_OF.isoformat():>12}")
    for rule, label in RULE_LABELS.items():
        print(f"  {label:<8}{rule:<26}{counts.get(rule, 0):>10,}")
    print(f"stalls total    {result.height:>12,}")
    print(f"stalls (best of 3) {best:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in times)})")
    ok = best < TARGET_SECONDS
    print(f"{'PASS' if ok else 'FAIL'}: {best:.3f} s {'<' if ok else '≥'} {TARGET_SECONDS:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    main()
