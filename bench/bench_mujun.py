"""Benchmark: 亩产效益 evaluation of 1,000,000 synthetic firms with shandong-default.

Target (the issue): `qiangshi.engine.mujun.evaluate.evaluate` under 3 s on this machine, and faster
than both an idiomatic vectorised pandas implementation (groupby/transform, no per-row
Python) and a DuckDB SQL implementation (window functions) of the same method. All three
must give the same class to every firm; the script also compares totals, ranks, years in
D and the electricity surcharge, and fails on any mismatch.

The two baselines are written independently from the method text (docs/mujun-method.md),
with the shandong-default parameters below; the script checks that those parameters still
match the packaged method. The engine does more than the baselines: it also builds the
rule list, the benchmark columns and the "what would lift this firm" sentence. Each
implementation starts from its own native tables: polars frames for the engine, pandas
frames for pandas, tables already loaded into DuckDB's storage for the SQL (loading them
is not timed; scanning the pandas frames directly instead adds roughly 0.1–0.2 s).

The data are synthetic and deterministic (numpy, fixed seed): 13 Jinan regions, 20 %
规上, industries 06–46 plus a few utilities and non-industrial firms, missing energy,
emission and R&D figures, three years of class history and a few thousand overrides.

Run: `python bench/bench_mujun.py` (or `make bench`). DuckDB is optional: without it the
script says so and runs the pandas baseline only.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd
import polars as pl
import polars.selectors

from qiangshi.engine.mujun.evaluate import evaluate
from qiangshi.reference.documents import packaged_method

SEED = 20240601
N_FIRMS = 1_000_000
TARGET_SECONDS = 3.0
REPEATS = 3
YEAR = 2024
REGIONS = [
    "370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115", "370116",
    "370117", "370124", "370126", "370171",
]

# shandong-default as the baselines implement it (checked against the packaged method below)
#        key                   numerator     denominator   ×      weight  missing rule
SPEC_ABOVE = [
    ("tax_per_mu", "tax", "land_mu", 1.0, 40.0, "zero"),
    ("rev_per_energy", "revenue", "energy_tce", 1.0, 20.0, "zero"),
    ("rev_per_emission", "revenue", "emissions_t", 1.0, 15.0, "group_mean_score"),
    ("rd_intensity", "rd_expense", "revenue", 100.0, 15.0, "zero"),
    ("labour_productivity", "revenue", "employees", 1.0, 10.0, "zero"),
]
SPEC_BELOW = [("tax_per_mu", "tax", "land_mu", 1.0, 100.0, "zero")]
MIN_LAND_BELOW = 3.0
MIN_AGE = 2
EXCLUDED_DIVISIONS = ("44", "45", "46")
CUM_SHARES = (0.20, 0.60, 0.95)  # A, A+B, A+B+C
SURCHARGE = (0.05, 0.10, 0.15)
CLASS_ORDER = {"A": 1, "B": 2, "C": 3, "D": 4}


def check_spec(method) -> None:
    """Stop if the packaged shandong-default no longer matches what the baselines implement."""
    for group, spec in (("规上", SPEC_ABOVE), ("规下", SPEC_BELOW)):
        got = [(i.key, i.weight, i.missing.rule, i.benchmark.mode) for i in method.group(group).indicators]
        want = [(k, w, m, "mean") for k, _, _, _, w, m in spec]
        if got != want:
            sys.exit(f"FAIL: shandong-default {group} changed ({got}); update the baselines in this script")
    c = method.classification
    if (dict(c.shares), c.count_rounding, c.ties, method.scoring.benchmark_within, c.rank_within) != (
        {"A": 20.0, "B": 40.0, "C": 35.0, "D": 5.0}, "round", "better_class", "group_region", "group_region"
    ):
        sys.exit("FAIL: shandong-default classification changed; update the baselines in this script")


# ---------------------------------------------------------------- synthetic data


def make_data(seed: int = SEED, n: int = N_FIRMS) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = rng.permutation(n)
    above = rng.random(n) < 0.20
    divisions = rng.choice(np.arange(6, 47), size=n)
    special = rng.random(n)
    divisions = np.where(special < 0.02, rng.choice([44, 45, 46], size=n), divisions)
    divisions = np.where(special > 0.985, 51, divisions)  # non-industrial
    industry = divisions * 100 + rng.integers(10, 100, n)
    land = np.where(above, rng.lognormal(np.log(40), 0.9, n), rng.lognormal(np.log(6), 0.9, n)).round(2)
    revenue = np.where(above, rng.lognormal(np.log(30000), 1.0, n), rng.lognormal(np.log(900), 1.0, n))
    revenue = revenue.round(1)
    revenue = np.where(rng.random(n) < 0.005, 0.0, revenue)
    energy = revenue / rng.lognormal(np.log(8), 0.6, n)
    emissions = revenue / rng.lognormal(np.log(700), 1.0, n)
    rd = revenue * rng.uniform(0, 0.05, n)
    data = {
        "uscc_num": ids,
        "region": np.array(REGIONS)[rng.integers(0, len(REGIONS), n)],
        "industry_num": industry,
        "above_scale": above,
        "founded_year": rng.integers(1985, YEAR + 1, n),
        "land_mu": np.where(rng.random(n) < 0.01, np.nan, land),
        "tax": (revenue * rng.uniform(0.005, 0.08, n)).round(2),
        "revenue": revenue,
        "main_revenue": (revenue * rng.uniform(0.85, 1.0, n)).round(1),
        "value_added": (revenue * rng.uniform(0.15, 0.35, n)).round(1),
        "profit": (revenue * rng.uniform(-0.05, 0.15, n)).round(1),
        "energy_tce": np.where(rng.random(n) < 0.03, np.nan, energy.round(2)),
        "emissions_t": np.where(rng.random(n) < 0.10, np.nan, emissions.round(3)),
        "electricity_kwh": (energy * rng.uniform(5000, 9000, n)).round(0),
        "employees": np.maximum(1, revenue / rng.lognormal(np.log(60), 0.5, n)).round(0),
        "rd_expense": np.where(rng.random(n) < 0.15, np.nan, rd.round(2)),
        "new_product_sales": (revenue * rng.uniform(0, 0.3, n)).round(1),
        "other_surcharge_kwh": np.where(rng.random(n) < 0.01, rng.choice([0.08, 0.3], size=n), np.nan),
    }
    # history 2021–2023 for a quarter of the firms, D-heavy so that runs of 1–3 years occur
    with_history = np.flatnonzero(rng.random(n) < 0.25)
    years = np.repeat([[2021, 2022, 2023]], len(with_history), axis=0)
    classes = np.where(rng.random(years.shape) < 0.45, "D", rng.choice(["A", "B", "C"], size=years.shape))
    data["hist_uscc_num"] = np.repeat(ids[with_history], 3)
    data["hist_year"] = years.ravel()
    data["hist_class"] = classes.ravel()
    # overrides: vetoes, exemptions and forced classes for distinct firms
    chosen = rng.choice(n, size=6000, replace=False)
    data["ov_uscc_num"] = ids[chosen]
    data["ov_kind"] = np.array(["veto_d"] * 3000 + ["exempt_t"] * 2000 + ["force_class"] * 1000)
    data["ov_class"] = np.where(data["ov_kind"] == "force_class", rng.choice(["A", "B", "C", "D"], 6000), "")
    codes = rng.choice(["SAFETY", "ENVIRONMENT", "CREDIT"], 6000)
    data["ov_code"] = np.where(data["ov_kind"] == "veto_d", codes, "REVIEW")
    return data


def to_polars(data: dict[str, np.ndarray]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    def uscc(column: str) -> pl.Expr:
        return pl.format("91370100{}", pl.col(column).cast(pl.String).str.zfill(10))

    base = {k: v for k, v in data.items() if not k.startswith(("hist_", "ov_"))}
    facts = (
        pl.DataFrame(base)
        .with_columns(
            uscc("uscc_num").alias("uscc"),
            pl.format("企业{}", pl.col("uscc_num")).alias("name"),
            pl.col("industry_num").cast(pl.String).str.zfill(4).alias("industry_code"),
            pl.col("founded_year").cast(pl.Int64),
            pl.selectors.float().fill_nan(None),
        )
        .drop("uscc_num", "industry_num")
    )
    history = pl.DataFrame(
        {"uscc_num": data["hist_uscc_num"], "year": data["hist_year"], "class": data["hist_class"]}
    ).select(uscc("uscc_num").alias("uscc"), pl.col("year").cast(pl.Int64), "class")
    overrides = pl.DataFrame(
        {"uscc_num": data["ov_uscc_num"], "kind": data["ov_kind"], "class": data["ov_class"],
         "reason_code": data["ov_code"]}
    ).select(uscc("uscc_num").alias("uscc"), "kind", pl.col("class").replace("", None), "reason_code")
    return facts, history, overrides


def to_pandas(facts: pl.DataFrame, history: pl.DataFrame, overrides: pl.DataFrame):
    """pandas frames with numpy columns (no pyarrow needed), built once and not timed."""

    def convert(frame: pl.DataFrame) -> pd.DataFrame:
        columns = {}
        for name, series in frame.to_dict().items():
            if series.dtype == pl.String:
                columns[name] = pd.array(series.to_list(), dtype=object)
            elif series.dtype == pl.Boolean:
                columns[name] = series.to_numpy()
            else:
                floats = series.null_count() > 0  # NaN for null, as pandas does
                columns[name] = series.cast(pl.Float64).to_numpy() if floats else series.to_numpy()
        return pd.DataFrame(columns)

    return convert(facts), convert(history), convert(overrides)


# ---------------------------------------------------------------- pandas baseline


def _round2(x):
    """四舍五入 to 2 decimals (half away from zero), as the method says."""
    return np.sign(x) * np.floor(np.abs(x) * 100.0 + 0.5) / 100.0


def pandas_evaluate(facts: pd.DataFrame, history: pd.DataFrame, overrides: pd.DataFrame) -> pd.DataFrame:
    d = facts[["uscc", "region", "industry_code", "above_scale", "founded_year", "land_mu", "tax", "revenue",
               "energy_tce", "emissions_t", "employees", "rd_expense", "other_surcharge_kwh"]].copy()
    ov = overrides.assign(
        exempt=overrides["kind"].eq("exempt_t"), veto=overrides["kind"].eq("veto_d"),
        force_rank=overrides["class"].where(overrides["kind"].eq("force_class")).map(CLASS_ORDER),
    ).groupby("uscc").agg(exempt=("exempt", "any"), veto=("veto", "any"), force_rank=("force_rank", "max"))
    d = d.join(ov, on="uscc")
    d["exempt"] = d["exempt"].fillna(False).astype(bool)
    d["veto"] = d["veto"].fillna(False).astype(bool)
    division = d["industry_code"].str.slice(0, 2)
    in_scope = (
        division.between("06", "46") & ~division.isin(EXCLUDED_DIVISIONS)
        & ~(~d["above_scale"] & ~(d["land_mu"] >= MIN_LAND_BELOW))
        & ~((YEAR - d["founded_year"]) < MIN_AGE)
        & ~(d["revenue"] <= 0)
        & ~d["exempt"]
    )
    d["evaluated"] = in_scope
    d["group"] = np.where(in_scope, np.where(d["above_scale"], "规上", "规下"), None)
    d["veto"] = d["veto"] & in_scope
    unit = [d["group"], d["region"]]
    total = pd.Series(0.0, index=d.index)
    for group, spec in (("规上", SPEC_ABOVE), ("规下", SPEC_BELOW)):
        mine = d["group"].eq(group)
        for key, num, den, scale, weight, missing in spec:
            value = (d[num] / d[den].where(d[den] > 0) * scale).where(mine)
            benchmark = value.groupby(unit).transform("mean")
            scored = _round2(value / benchmark.where(benchmark > 0) * weight)
            if missing == "group_mean_score":
                fill = _round2(scored.groupby(unit).transform("mean")).fillna(0.0)
            else:
                fill = 0.0
            score = scored.fillna(0.0).where(value.notna(), fill).where(mine, 0.0)
            total = total + score
            if key == "tax_per_mu":
                d["tb_" + group] = value
    d["total"] = _round2(total).where(in_scope)
    d["tie_value"] = d["tb_规上"].fillna(d["tb_规下"])
    ranked = in_scope & ~d["veto"]
    d["rank_group"] = d["group"].where(ranked)
    r = d[ranked].sort_values(
        ["rank_group", "region", "total", "tie_value", "uscc"], ascending=[True, True, False, False, True],
        na_position="last",
    )
    by_unit = r.groupby(["rank_group", "region"], sort=False)
    r_rank = by_unit.cumcount() + 1
    r_size = by_unit["uscc"].transform("size")
    r_tie = r.groupby(["rank_group", "region"])["total"].rank(method="min", ascending=False)
    d["rank"] = r_rank.reindex(d.index)
    d["rank_of"] = r_size.reindex(d.index)
    tie_rank = r_tie.reindex(d.index)
    cuts = [np.floor(d["rank_of"] * share + 0.5 + 1e-9) for share in CUM_SHARES]
    score_class = np.select([tie_rank <= cut for cut in cuts], ["A", "B", "C"], "D")
    forced = d["force_rank"].map({1: "A", 2: "B", 3: "C", 4: "D"})
    d["class"] = np.where(
        ~in_scope, "T", np.where(d["veto"], "D", np.where(forced.notna() & in_scope, forced, score_class))
    )
    # consecutive years in D
    h = history[history["class"].eq("D") & (history["year"] < YEAR)].drop_duplicates(["uscc", "year"])
    h = h.assign(gap=(YEAR - 1) - h["year"]).sort_values(["uscc", "gap"])
    h["in_run"] = h["gap"].eq(h.groupby("uscc").cumcount())
    prior = h.groupby("uscc")["in_run"].sum()
    is_d = d["class"].eq("D")
    d["d_years"] = np.where(is_d, 1 + d["uscc"].map(prior).fillna(0), 0).astype(np.int64)
    tiers = np.select([d["d_years"] >= 3, d["d_years"] == 2], [SURCHARGE[2], SURCHARGE[1]], SURCHARGE[0])
    own = np.where(is_d, tiers, 0.0)
    d["surcharge_kwh"] = np.maximum(own, d["other_surcharge_kwh"].fillna(0.0))
    return d[["uscc", "class", "total", "rank", "d_years", "surcharge_kwh"]]


# ---------------------------------------------------------------- DuckDB baseline

DUCKDB_SQL = """
WITH ov AS (
    SELECT uscc, bool_or(kind = 'exempt_t') AS exempt, bool_or(kind = 'veto_d') AS veto,
           max(CASE WHEN kind = 'force_class' THEN class END) AS forced
    FROM overrides GROUP BY uscc
), scoped AS (
    SELECT f.*, coalesce(ov.veto, false) AS veto0, ov.forced,
           CASE WHEN above_scale THEN '规上' ELSE '规下' END AS group0,
           (substr(industry_code, 1, 2) BETWEEN '06' AND '46'
            AND substr(industry_code, 1, 2) NOT IN ('44', '45', '46')
            AND (above_scale OR coalesce(land_mu >= {min_land}, false))
            AND NOT coalesce({year} - founded_year < {min_age}, false)
            AND NOT coalesce(revenue <= 0, false)
            AND NOT coalesce(ov.exempt, false)) AS evaluated
    FROM facts f LEFT JOIN ov USING (uscc)
), valued AS (
    SELECT *, CASE WHEN evaluated THEN group0 END AS grp, veto0 AND evaluated AS veto,
           CASE WHEN evaluated AND land_mu > 0 THEN tax / land_mu END AS v_tax,
           CASE WHEN evaluated AND above_scale AND energy_tce > 0 THEN revenue / energy_tce END AS v_energy,
           CASE WHEN evaluated AND above_scale AND emissions_t > 0 THEN revenue / emissions_t END
               AS v_emission,
           CASE WHEN evaluated AND above_scale AND revenue > 0 THEN rd_expense / revenue * 100 END AS v_rd,
           CASE WHEN evaluated AND above_scale AND employees > 0 THEN revenue / employees END AS v_labour
    FROM scoped
), scored AS (
    SELECT *,
        round(v_tax / avg(v_tax) OVER u * CASE WHEN grp = '规上' THEN 40 ELSE 100 END, 2) AS s_tax,
        round(v_energy / avg(v_energy) OVER u * 20, 2) AS s_energy,
        round(v_emission / avg(v_emission) OVER u * 15, 2) AS s_emission,
        round(v_rd / avg(v_rd) OVER u * 15, 2) AS s_rd,
        round(v_labour / avg(v_labour) OVER u * 10, 2) AS s_labour
    FROM valued
    WINDOW u AS (PARTITION BY grp, region)
), totals AS (
    SELECT *,
        CASE WHEN evaluated THEN round(
            coalesce(s_tax, 0) + coalesce(s_energy, 0) + coalesce(s_rd, 0) + coalesce(s_labour, 0)
            + CASE WHEN grp = '规上' THEN coalesce(s_emission, round(avg(s_emission) OVER u, 2), 0)
                   ELSE 0 END,
        2) END AS total,
        CASE WHEN evaluated AND NOT veto THEN grp END AS rank_group
    FROM scored
    WINDOW u AS (PARTITION BY grp, region)
), ranked AS (
    SELECT *,
        row_number() OVER (PARTITION BY rank_group, region
                           ORDER BY total DESC, v_tax DESC NULLS LAST, uscc) AS rnk,
        rank() OVER (PARTITION BY rank_group, region ORDER BY total DESC) AS tie_rnk,
        count(*) OVER (PARTITION BY rank_group, region) AS n
    FROM totals
), prior AS (
    SELECT uscc, count(*) FILTER (WHERE gap = idx) AS prior_d FROM (
        SELECT uscc, {year} - 1 - year AS gap,
               row_number() OVER (PARTITION BY uscc ORDER BY year DESC) - 1 AS idx
        FROM (SELECT DISTINCT uscc, year FROM history WHERE class = 'D' AND year < {year})
    ) GROUP BY uscc
), classed AS (
    SELECT r.uscc, r.total, r.other_surcharge_kwh,
        CASE WHEN rank_group IS NOT NULL THEN rnk END AS rank,
        CASE WHEN rank_group IS NOT NULL THEN n END AS rank_of,
        CASE WHEN NOT evaluated THEN 'T' WHEN veto THEN 'D' WHEN forced IS NOT NULL THEN forced
             WHEN tie_rnk <= floor(n * {a} + 0.5 + 1e-9) THEN 'A'
             WHEN tie_rnk <= floor(n * {b} + 0.5 + 1e-9) THEN 'B'
             WHEN tie_rnk <= floor(n * {c} + 0.5 + 1e-9) THEN 'C' ELSE 'D' END AS class,
        p.prior_d
    FROM ranked r LEFT JOIN prior p USING (uscc)
)
SELECT uscc, class, total, rank,
    CASE WHEN class = 'D' THEN 1 + coalesce(prior_d, 0) ELSE 0 END AS d_years,
    greatest(
        CASE WHEN class <> 'D' THEN 0.0 WHEN coalesce(prior_d, 0) >= 2 THEN {s3}
             WHEN prior_d = 1 THEN {s2} ELSE {s1} END,
        coalesce(other_surcharge_kwh, 0.0)) AS surcharge_kwh
FROM classed
"""


def duckdb_connect(duckdb, facts: pd.DataFrame, history: pd.DataFrame, overrides: pd.DataFrame):
    """An in-memory DuckDB with the three tables loaded into its own storage (not timed), so the
    timed part is the SQL itself, as the engine's timed part starts from polars frames."""
    con = duckdb.connect()
    for name, frame in (("facts", facts), ("history", history), ("overrides", overrides)):
        con.register(f"{name}_pandas", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_pandas")  # noqa: S608 - fixed names
        con.unregister(f"{name}_pandas")
    return con


def duckdb_evaluate(con) -> dict:
    sql = DUCKDB_SQL.format(
        year=YEAR, min_land=MIN_LAND_BELOW, min_age=MIN_AGE,
        a=CUM_SHARES[0], b=CUM_SHARES[1], c=CUM_SHARES[2], s1=SURCHARGE[0], s2=SURCHARGE[1], s3=SURCHARGE[2],
    )
    return con.sql(sql).fetchnumpy()


# ---------------------------------------------------------------- compare and run


def best_of(repeats: int, run):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def mismatches(engine: pl.DataFrame, other: pl.DataFrame, label: str) -> list[str]:
    joined = engine.select("uscc", "class", "total", "rank", "d_years", "surcharge_kwh").join(
        other, on="uscc", how="full", suffix="_o"
    )
    problems = []
    if joined.height != engine.height or joined["uscc"].null_count() or joined["uscc_o"].null_count():
        problems.append(f"{label}: firm sets differ")
    checks = {
        "class": pl.col("class").ne_missing(pl.col("class_o")),
        "total": pl.col("total").ne_missing(pl.col("total_o"))
        & ~(pl.col("total") - pl.col("total_o")).abs().le(1e-9),
        "rank": pl.col("rank").cast(pl.Int64).ne_missing(pl.col("rank_o").cast(pl.Int64)),
        "d_years": pl.col("d_years").cast(pl.Int64).ne_missing(pl.col("d_years_o").cast(pl.Int64)),
        "surcharge_kwh": (pl.col("surcharge_kwh") - pl.col("surcharge_kwh_o")).abs() > 1e-12,
    }
    for name, condition in checks.items():
        bad = joined.filter(condition.fill_null(True) if name != "total" else condition.fill_null(False))
        if bad.height:
            example = bad.row(0, named=True)
            problems.append(f"{label}: {bad.height} firms differ on {name}, e.g. {example}")
    return problems


def main() -> int:
    method = packaged_method("shandong-default")
    check_spec(method)
    t0 = time.perf_counter()
    data = make_data()
    facts, history, overrides = to_polars(data)
    pd_facts, pd_history, pd_overrides = to_pandas(facts, history, overrides)
    print(f"firms: {facts.height:,}  history rows: {history.height:,}  overrides: {overrides.height:,}  "
          f"(data built in {time.perf_counter() - t0:.1f} s)")

    engine_s, result = best_of(REPEATS, lambda: evaluate(facts, method, history=history, overrides=overrides))
    counts = result.group_by("class").len().sort("class")
    print("classes:", "  ".join(f"{c} {n:,}" for c, n in counts.iter_rows()))
    print(f"engine (polars {pl.__version__}): {engine_s:.3f} s (best of {REPEATS})")

    pandas_s, pd_result = best_of(2, lambda: pandas_evaluate(pd_facts, pd_history, pd_overrides))
    pd_frame = pl.DataFrame({
        "uscc": pd_result["uscc"].astype(str).to_numpy(), "class": pd_result["class"].astype(str).to_numpy(),
        "total": pd_result["total"].to_numpy(dtype=float), "rank": pd_result["rank"].to_numpy(dtype=float),
        "d_years": pd_result["d_years"].to_numpy(),
        "surcharge_kwh": pd_result["surcharge_kwh"].to_numpy(dtype=float),
    }).with_columns(pl.col("total", "rank").fill_nan(None)).with_columns(pl.col("rank").cast(pl.Int64))
    print(f"pandas {pd.__version__} (groupby/transform): {pandas_s:.3f} s (best of 2)  "
          f"engine is {pandas_s / engine_s:.1f}× faster")
    problems = mismatches(result, pd_frame, "pandas")

    duckdb_s = None
    try:
        import duckdb
    except ImportError:
        print("duckdb: not installed (pip install duckdb) — DuckDB baseline skipped")
    else:
        con = duckdb_connect(duckdb, pd_facts, pd_history, pd_overrides)
        duckdb_s, dd = best_of(REPEATS, lambda: duckdb_evaluate(con))
        con.close()
        dd_frame = pl.DataFrame({
            "uscc": dd["uscc"].astype(str), "class": dd["class"].astype(str),
            "total": np.ma.filled(dd["total"].astype(float), np.nan),
            "rank": np.ma.filled(dd["rank"].astype(float), np.nan),
            "d_years": np.asarray(dd["d_years"]),
            "surcharge_kwh": np.asarray(dd["surcharge_kwh"], dtype=float),
        }).with_columns(pl.col("total", "rank").fill_nan(None)).with_columns(pl.col("rank").cast(pl.Int64))
        print(f"duckdb {duckdb.__version__} (SQL window functions): {duckdb_s:.3f} s (best of {REPEATS})  "
              f"engine is {duckdb_s / engine_s:.1f}× faster")
        problems += mismatches(result, dd_frame, "duckdb")

    for problem in problems:
        print("MISMATCH", problem)
    if not problems:
        print("agreement: engine, pandas" + (", duckdb" if duckdb_s else "") + " give the same class, total, "
              "rank, years in D and surcharge to every firm")
    beats_duckdb = duckdb_s is None or engine_s < duckdb_s
    ok = not problems and engine_s < TARGET_SECONDS and engine_s < pandas_s and beats_duckdb
    print(f"{'PASS' if ok else 'FAIL'}: engine {engine_s:.3f} s vs target {TARGET_SECONDS:.0f} s"
          + ("" if engine_s < pandas_s else "; slower than pandas")
          + ("" if duckdb_s is None or engine_s < duckdb_s else "; slower than duckdb"))
    assert not problems, problems
    return 0 if ok else 1


if __name__ == "__main__":
    main()
