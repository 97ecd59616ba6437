"""Benchmark: the policy engine on 100,000 firms × 200 clauses (issue 17 §2).

Target: ``match`` (every clause over every firm, the relevant rows kept with their traces)
under 2 s. Baseline: the same clauses interpreted row by row in plain Python (conditions and
amount only, no traces: it does less work than the engine), timed on a slice of firms and
extrapolated linearly to the whole table, since running it on all of them takes minutes.
The data are synthetic and deterministic (numpy, fixed seed): 10 policies of 20 clauses,
each clause one of the amount patterns with its own thresholds, some of them non-stacking.

Run: `python bench/bench_policies.py` (or `make bench`).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import polars as pl

from qiangshi.engine.policies import case_firms, match, policy_read

SEED = 20261208
N_FIRMS = 100_000
N_POLICIES = 10
CLAUSES_PER_POLICY = 20
BASELINE_FIRMS = 2_000
TARGET = 2.0
REPEATS = 3
LEVELS = ["国家级", "省级", "市级"]
SCOPES = ["整线", "整车间", "整工厂"]
DISTRICTS = [f"区{i:02d}" for i in range(12)]
CHAINS = [f"chain-{i:02d}" for i in range(13)]


def _clause(p: int, i: int) -> dict:
    k = i % 8
    step = 1 + i // 8
    code = f"c{p:02d}-{i:02d}"
    base = {
        "code": code,
        "article": f"第{i + 1}条",
        "title": f"条款{p}-{i}",
        "tests": [{"firm": {}, "year": 2024, "eligible": False}],
    }
    common = [
        {"field": "dishonest", "op": "==", "value": False},
        {"field": "district", "op": "in", "value": DISTRICTS[: 6 + step]},
    ]
    kinds = [
        (
            [{"field": "zjtx_year", "op": "==", "value": "$year"}],
            {"kind": "by_level", "field": "zjtx_level", "values": {"国家级": 50, "省级": 30, "市级": 10}},
        ),
        (
            [
                {"field": "in_project_library", "op": "==", "value": True},
                {"field": "equipment_investment", "op": ">=", "value": 100.0 * step},
            ],
            {"kind": "rate", "base": "equipment_investment", "rate": "rate", "cap": 1000},
        ),
        (
            [
                {"field": "upgrade_scope", "op": "in", "value": SCOPES},
                {"field": "project_done_year", "op": "==", "value": "$year"},
            ],
            {
                "kind": "rate_by_category",
                "base": "equipment_investment",
                "field": "upgrade_scope",
                "values": {"整线": 0.12, "整车间": 0.15, "整工厂": 0.2},
                "cap": 2000,
            },
        ),
        (
            [
                {"field": "project_done_year", "op": "==", "value": "$year-1"},
                {"field": "equipment_investment", "op": ">=", "value": 500},
            ],
            {
                "kind": "rate_by_band",
                "base": "equipment_investment",
                "bands": [
                    {"from": 500, "value": 0.015},
                    {"from": 3000, "value": 0.018},
                    {"from": 5000, "value": 0.02},
                ],
                "cap": 100,
            },
        ),
        (
            [{"field": "above_scale_year", "op": "==", "value": "$year"}],
            {"kind": "fixed", "value": 60, "installments": [3, 2, 1]},
        ),
        (
            [
                {"field": "tech_firm", "op": "==", "value": True},
                {"field": "revenue", "op": "<", "value": 2000 * step},
                {"field": "rd_ratio", "op": ">=", "value": 5},
            ],
            {
                "kind": "incremental",
                "base": "rd",
                "previous": "rd_prev",
                "rate": 0.1,
                "cap": 100,
                "minimum": 1,
            },
        ),
        (
            [
                {"field": "in_project_library", "op": "==", "value": True},
                {
                    "any": [
                        {"field": "project_start_year", "op": "==", "value": "$year"},
                        {"field": "chain_codes", "op": "in", "value": CHAINS[:step]},
                    ]
                },
            ],
            {
                "kind": "interest",
                "base": "loan",
                "rate": "lpr",
                "share": 1.0,
                "cap": 300,
                "uplift": {"field": "mujun_class", "equals": "A", "factor": 1.2},
            },
        ),
        (
            [{"field": "revenue", "op": ">=", "value": 100000}],
            {
                "kind": "by_band",
                "base": "revenue",
                "previous": "revenue_max_before",
                "bands": [
                    {"from": 100000, "value": 50},
                    {"from": 300000, "value": 100},
                    {"from": 500000, "value": 200},
                ],
                "staged": {"now": 0.5, "after": "考核通过后"},
            },
        ),
    ]
    conditions, amount = kinds[k]
    out = {**base, "conditions": common + conditions, "amount": amount}
    if k == 2:
        out["non_stacking"] = [f"c{p:02d}-{i + 1:02d}"]
    return out


def policies() -> list:
    return [
        policy_read(
            {
                "code": f"p{p:02d}",
                "title": f"政策{p}",
                "doc_no": f"济政发〔2024〕{p}号",
                "issuer": "济南市人民政府",
                "in_force": {"from": "2019-01-01"},
                "category": "奖补",
                "delivery": "免申即享",
                "department": "市工信局",
                "parameters": {
                    "rate": [{"from": "2019-01-01", "value": 0.1, "ref": "第7条"}],
                    "lpr": [
                        {"from": "2019-01-01", "value": 0.0435, "ref": "LPR"},
                        {"from": "2023-01-01", "value": 0.0365, "ref": "LPR"},
                    ],
                },
                "clauses": [_clause(p, i) for i in range(CLAUSES_PER_POLICY)],
            }
        )
        for p in range(N_POLICIES)
    ]


def synthetic(rng: np.random.Generator) -> pl.DataFrame:
    n = N_FIRMS
    revenue = np.round(rng.lognormal(9, 1.6, n), 2)
    rd = np.round(revenue * rng.uniform(0, 0.1, n), 2)
    facts = {
        "uscc": [f"9137{i:014d}" for i in range(n)],
        "revenue": revenue,
        "revenue_max_before": np.round(revenue * rng.uniform(0.5, 1.1, n), 2),
        "rd": rd,
        "rd_prev": np.round(rd * rng.uniform(0.6, 1.2, n), 2),
        "rd_ratio": np.round(rd / revenue * 100, 4),
        "equipment_investment": np.round(rng.lognormal(6, 1.5, n), 2),
        "loan": np.round(rng.lognormal(6, 1.2, n), 2),
        "zjtx_level": rng.choice(LEVELS + [None] * 7, n),
        "zjtx_year": rng.integers(2018, 2025, n),
        "upgrade_scope": rng.choice(SCOPES + [None] * 9, n),
        "tech_firm": rng.random(n) < 0.1,
        "project_done_year": pl.Series(rng.integers(2015, 2025, n)),
        "project_start_year": pl.Series(rng.integers(2015, 2025, n)),
        "above_scale_year": rng.integers(2010, 2025, n),
        "in_project_library": rng.random(n) < 0.1,
        "mujun_class": rng.choice(["A", "B", "C", "D"], n),
        "district": rng.choice(DISTRICTS, n),
        "dishonest": rng.random(n) < 0.02,
        "chain_codes": [list(rng.choice(CHAINS, size=rng.integers(0, 3), replace=False)) for _ in range(n)],
    }
    facts = {
        k: v.tolist() if isinstance(v, np.ndarray) and v.dtype == object else v for k, v in facts.items()
    }
    return case_firms([]).vstack(
        pl.DataFrame(facts).select(
            [
                pl.col(c).cast(t) if c in facts else pl.lit(None, dtype=t).alias(c)
                for c, t in case_firms([]).schema.items()
            ]
        )
    )


def _meets(c, firm: dict, year: int, params: dict) -> bool:
    if c.op in ("all", "any", "not"):
        got = [_meets(k, firm, year, params) for k in c.children]
        return all(got) if c.op == "all" else any(got) if c.op == "any" else not got[0]
    v = firm[c.field]
    target = c.value
    if isinstance(target, str) and target.startswith("$year"):
        target = year + int(target[5:] or 0)
    elif isinstance(target, str):
        target = params.get(target, target)
    if c.op == "in":
        return bool(set(v) & set(target)) if isinstance(v, list) else v in target
    if c.op == "not_in":
        return not (set(v or []) & set(target)) if isinstance(v, list | type(None)) else v not in target
    if v is None:
        return c.op == "==" and target is False
    return {">=": v >= target, ">": v > target, "<=": v <= target, "<": v < target, "==": v == target}[c.op]


def _amount(a, firm: dict, params: dict) -> float:
    def num(x):
        return params.get(x, x) if isinstance(x, str) else x

    base = firm.get(a.base) or 0.0 if a.base else 0.0

    def banded() -> float:
        reached = [
            num(b.value)
            for b in a.bands
            if base >= num(b.start) and (not a.previous or (firm[a.previous] or 0) < num(b.start))
        ]
        return max(reached, default=0.0)

    raw = {
        "fixed": lambda: num(a.value),
        "by_level": lambda: num(dict(a.mapping).get(firm[a.field], 0.0)),
        "by_band": banded,
        "rate": lambda: base * num(a.rate),
        "rate_by_category": lambda: base * num(dict(a.mapping).get(firm[a.field], 0.0)),
        "rate_by_band": lambda: base * banded(),
        "incremental": lambda: max(base - (firm[a.previous] or 0.0), 0.0) * num(a.rate),
        "interest": lambda: base * num(a.rate) * num(a.share),
    }[a.kind]()
    if a.cap is not None:
        raw = min(raw, num(a.cap))
    if a.uplift and firm[a.uplift[0]] == a.uplift[1]:
        raw *= num(a.uplift[2])
    return raw


def baseline(policy_list: list, firms: pl.DataFrame, year: int) -> list[tuple]:
    out = []
    for policy in policy_list:
        params = {name: p.values[-1].value for name, p in policy.parameters.items()}
        for firm in firms.iter_rows(named=True):
            for clause in policy.clauses:
                if all(_meets(c, firm, year, params) for c in clause.conditions):
                    amount = _amount(clause.amount, firm, params)
                    if amount >= (clause.amount.minimum or 1e-9):
                        out.append((firm["uscc"], clause.code, amount))
    return out


def best_of(run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    rng = np.random.default_rng(SEED)
    firms = synthetic(rng)
    docs = policies()
    seconds, result = best_of(lambda: match(docs, firms, 2024))
    eligible = result.filter("eligible")
    start = time.perf_counter()
    slow = baseline(docs, firms.head(BASELINE_FIRMS), 2024)
    base_seconds = (time.perf_counter() - start) * N_FIRMS / BASELINE_FIRMS
    print(f"企业 {N_FIRMS:,} 家 × 条款 {sum(len(p.clauses) for p in docs)} 条")
    print(
        f"保留 {result.height:,} 行（可享受 {eligible.height:,}，金额 {eligible['amount'].sum():,.1f} 万元）"
    )
    print(f"引擎 match：{seconds:.3f} 秒（目标 < {TARGET} 秒）")
    print(
        f"逐行 Python 基线：{BASELINE_FIRMS:,} 家实测，按比例推算全部 {base_seconds:.1f} 秒"
        f"（命中 {len(slow):,} 条）"
    )
    print(f"加速比：{base_seconds / seconds:.0f} 倍")
    same = match(docs, firms.head(BASELINE_FIRMS), 2024).filter("eligible")
    fast = {(u, c): a for u, c, a in same.select("uscc", "clause", "amount").iter_rows()}
    agree = fast.keys() == {(u, c) for u, c, _ in slow} and all(
        abs(fast[(u, c)] - a) < 1e-3 for u, c, a in slow
    )
    print("基线与引擎结果一致" if agree else "基线与引擎结果不一致")
    ok = seconds < TARGET and agree
    print("达到目标" if ok else "未达到目标")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
