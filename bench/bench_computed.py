"""Benchmark: every enterprise-based indicator of the Jinan plan, for every place and year,
over 100,000 firms.

Target (issue): under 2 s. The firm-year panel (100,000 firms × 2020–2025, honours,
industry tags from the GB/T 4754 classification) is built by `engine.aggregate.firm_panel`
and the plan's 21 formulas are evaluated by `engine.aggregate.compute`; both are timed,
best of three. Inputs are synthetic and deterministic; no database is involved (loading
from the database is timed separately by the import benchmark).
"""

import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
import polars as pl
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from qiangshi.engine.aggregate import compute, firm_panel
from qiangshi.engine.classify import classify
from qiangshi.reference import classifications

SEED = 11
FIRMS = 100_000
YEARS = list(range(2020, 2026))
LIMIT_SECONDS = 2.0
PLACES = ["370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115",
          "370116", "370117", "370124", "370126"]
ZONES = ["370171", "370100Z01", "370100Z03", "370100Z04"]
FACT_FIELDS = ["revenue", "profit", "rd_expense", "new_product_sales", "software_revenue",
               "employees"]
HONOURS = ["high_tech", "tech_sme", "innovative_sme", "specialized", "little_giant", "champion",
           "gazelle", "unicorn", "green_factory", "smart_factory"]


def inputs():
    rng = np.random.default_rng(SEED)
    tree = classifications.industry_tree()
    small = tree.filter(pl.col("level") == "小类")["code"].to_numpy()
    codes = rng.choice(small, FIRMS)
    since = np.where(rng.random(FIRMS) < 0.3, rng.integers(2015, 2025, FIRMS), -1)
    firms = pl.DataFrame({
        "enterprise_id": np.arange(FIRMS), "city": ["370100"] * FIRMS,
        "region": rng.choice(PLACES, FIRMS),
        "zone": np.where(rng.random(FIRMS) < 0.2, rng.choice(ZONES, FIRMS), ""),
        "industry_code": codes, "above_scale": since > 0, "above_scale_since": since,
        "listed": rng.random(FIRMS) < 0.005,
    }).with_columns(
        pl.when(pl.col("zone") != "").then("zone").alias("zone"),
        pl.when(pl.col("above_scale_since") > 0).then("above_scale_since").cast(pl.Int32)
        .alias("above_scale_since"),
        pl.lit(None, dtype=pl.Int32).alias("above_scale_until"),
    )
    n = FIRMS * len(YEARS)
    revenue = rng.lognormal(8, 1.5, n)
    facts = pl.DataFrame({
        "enterprise_id": np.repeat(np.arange(FIRMS), len(YEARS)),
        "year": np.tile(YEARS, FIRMS).astype(np.int32), "revenue": revenue,
        "profit": revenue * rng.uniform(-0.05, 0.12, n), "rd_expense": revenue * 0.02,
        "new_product_sales": revenue * 0.15, "software_revenue": revenue * 0.01,
        "employees": np.maximum(revenue / 80, 1),
    })
    held = rng.random(FIRMS) < 0.3
    honours = pl.DataFrame({
        "enterprise_id": np.flatnonzero(held), "kind": rng.choice(HONOURS, held.sum()),
        "level": rng.choice(["national", "provincial", "municipal"], held.sum()),
        "year_granted": rng.integers(2018, 2025, held.sum()).astype(np.int32),
        "year_expiring": rng.integers(2021, 2028, held.sum()).astype(np.int32),
    })
    industries = classify(pl.Series(np.unique(codes)), tree=tree,
                          hightech=classifications.hightech_table(),
                          digital_core=classifications.digital_core_table(),
                          groups=classifications.industry_groups()).select(
        pl.col("code").alias("industry_code"), "section", "hightech_mfg", "digital_core",
        "equipment_mfg", "pillar", "advanced_mfg")
    return firms, facts, honours, industries


def formulas() -> dict:
    text = resources.files("qiangshi.reference").joinpath(
        "plans", "jinan-2023-2025.yaml").read_text(encoding="utf-8")
    # Pipeline formulas (source: projects) count projects, not firms: bench_stalls covers them.
    return {i["code"]: i["formula"] for i in yaml.safe_load(text)["indicators"]
            if i.get("formula") and i["formula"].get("source") != "projects"}


def main() -> None:
    firms, facts, honours, industries = inputs()
    plan_formulas = formulas()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        panel = firm_panel(firms, facts, honours, industries)
        built = time.perf_counter()
        result = compute(panel, plan_formulas)
        timings.append((built - started, time.perf_counter() - built))
    panel_s, compute_s = min(t[0] for t in timings), min(t[1] for t in timings)
    total = min(sum(t) for t in timings)
    print(f"firms:             {FIRMS:,} × {len(YEARS)} years = {panel.height:,} firm-years, "
          f"{honours.height:,} honours")
    print(f"formulas:          {len(plan_formulas)} (Jinan plan), {result.height:,} values "
          f"for {result['region'].n_unique()} places × {len(YEARS)} years")
    print(f"panel build:       {panel_s:.2f} s (best of 3)")
    print(f"formulas:          {compute_s:.2f} s (best of 3)")
    print(f"total:             {total:.2f} s = {total / LIMIT_SECONDS:.2f} × limit "
          f"({LIMIT_SECONDS:.0f} s)  {'PASS' if total < LIMIT_SECONDS else 'FAIL'}")


if __name__ == "__main__":
    main()
