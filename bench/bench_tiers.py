"""Benchmark: enterprise tier assessment (`qiangshi.engine.tiers.assess`).

Target: 100,000 firms against every tier rule in force, under 5 s (best of 3). The firms are
synthetic and deterministic (numpy seed): three years of figures with some gaps, IP counts,
staff splits, and honours for about a fifth of them.

Run: `python bench/bench_tiers.py` (or `make bench`).
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import polars as pl

from qiangshi.engine.tier_metrics import FIRM_SCHEMA, YEARLY, YEARS
from qiangshi.engine.tier_rules import rules_in_force
from qiangshi.engine.tiers import HELD_KINDS, HONOUR_SCHEMA, assess, rules_from
from qiangshi.reference.documents import tier_documents

SEED = 20250630
N_FIRMS = 100_000
AS_OF = date(2025, 6, 30)
TARGET_SECONDS = 5.0


def make_data(seed: int = SEED) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = N_FIRMS
    revenue = rng.lognormal(8.0, 1.3, n)
    columns: dict[str, np.ndarray | pl.Series] = {
        "uscc": pl.Series([f"F{i:08d}" for i in range(n)]),
        "founded": pl.Series(np.datetime64("2000-01-01") + rng.integers(0, 9000, n).astype("timedelta64[D]"))
        .cast(pl.Date),
        "listed": rng.random(n) < 0.02,
        "above_scale": revenue > 2000,
        # nine in ten manufacturing (13–43), the rest software (6511)
        "industry_code": np.where(rng.random(n) < 0.9, rng.integers(1300, 4400, n).astype(str), "6511"),
    }
    for k, year in enumerate(YEARS):
        scale = revenue / (1.08 ** k) * rng.uniform(0.85, 1.15, n)
        employees = np.maximum(1, scale / rng.uniform(40, 120, n))
        values = {
            "revenue": scale, "main_revenue": scale * rng.uniform(0.5, 1.0, n),
            "profit": scale * rng.normal(0.06, 0.05, n), "net_profit": scale * rng.normal(0.045, 0.04, n),
            "rd_expense": scale * rng.uniform(0, 0.08, n), "employees": employees,
            "total_assets": scale * rng.uniform(0.6, 1.8, n),
            "high_tech_revenue": scale * rng.uniform(0, 1, n),
            "cost_expense": scale * rng.uniform(0.6, 0.95, n), "equity_financing": rng.exponential(200, n),
            "rd_staff": employees * rng.uniform(0, 0.3, n), "tech_staff": employees * rng.uniform(0, 0.4, n),
            "ip_class1": rng.poisson(1.0, n), "ip_class2": rng.poisson(4.0, n),
            "invention_patents": rng.poisson(1.0, n), "utility_software": rng.poisson(5.0, n),
            "niche_years": rng.integers(0, 20, n), "market_share": rng.uniform(0, 20, n),
            "market_rank": rng.integers(1, 50, n), "digital_level": rng.integers(1, 5, n),
            "valuation": rng.uniform(0, 15, n), "credit_score": rng.uniform(55, 95, n),
        }
        values["total_liabilities"] = values["total_assets"] * rng.uniform(0.2, 0.9, n)
        values["domestic_rd"] = values["rd_expense"] * rng.uniform(0.5, 1.0, n)
        values["ip_class1_own"] = np.minimum(values["ip_class1"], rng.poisson(0.8, n))
        values["ip_class1_high_value"] = np.minimum(values["ip_class1_own"], rng.poisson(0.3, n))
        for field in YEARLY:
            data = np.where(rng.random(n) < 0.1, np.nan, values[field])  # a tenth unreported
            columns[f"{field}_{year}"] = pl.Series(data).fill_nan(None)
    firms = pl.DataFrame(columns).cast(FIRM_SCHEMA, strict=False)
    holders = rng.choice(n, n // 5, replace=False)
    honours = pl.DataFrame({
        "uscc": firms["uscc"].gather(holders),
        "kind": np.array([*HELD_KINDS, "science_award", "tech_center"])[rng.integers(0, len(HELD_KINDS) + 2,
                                                                                     holders.size)],
        "level": np.array(["national", "provincial", "municipal"])[rng.integers(0, 3, holders.size)],
        "year_granted": rng.integers(2019, 2026, holders.size),
        "year_expiring": rng.integers(2024, 2029, holders.size),
        "rank": rng.integers(1, 10, holders.size),
    }, schema_overrides=HONOUR_SCHEMA)
    return firms, honours


def main() -> int:
    firms, honours = make_data()
    rules = rules_in_force(rules_from(tier_documents()), AS_OF)
    times, result = [], None
    for _ in range(3):
        start = time.perf_counter()
        result = assess(firms, honours, rules, as_of=AS_OF)
        times.append(time.perf_counter() - start)
    assert result is not None
    best = min(times)
    counts = result.group_by("tier").agg(
        pl.col("eligible").eq(True).sum().alias("eligible"),
        pl.col("eligible").is_null().sum().alias("undecided"),
        pl.col("near").sum().alias("near")).sort("tier")
    print(f"firms           {firms.height:>12,}")
    print(f"honours         {honours.height:>12,}")
    print(f"rules in force  {len(rules):>12}")
    print(f"result rows     {result.height:>12,}")
    for tier, eligible, undecided, near in counts.iter_rows():
        print(f"  {tier:<20}eligible {eligible:>8,}  undecided {undecided:>8,}  near {near:>8,}")
    print(f"assess (best of 3) {best:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in times)})")
    ok = best < TARGET_SECONDS
    print(f"{'PASS' if ok else 'FAIL'}: {best:.3f} s {'<' if ok else '≥'} {TARGET_SECONDS:.0f} s "
          f"({best / TARGET_SECONDS:.2f} of the target)")
    return 0 if ok else 1


if __name__ == "__main__":
    main()
