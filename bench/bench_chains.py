"""Benchmark: the chain engine on 100,000 firms × 20 chains × 400 nodes (issue 15 §5).

Targets: attachment and node figures under 1 s; relatedness (RCA, proximity and density) over
all 4-digit industries × 15 regions under 2 s. The data are synthetic and deterministic
(numpy, fixed seed): 1,400 industry codes (about as many 小类 as GB/T 4754-2017 has), 400
nodes of 1–3 codes and 2 keywords each out of a 5,000-word vocabulary, firms whose names and
main products carry three words of that vocabulary, a few hundred manual decisions.

Run: `python bench/bench_chains.py` (or `make bench`).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import polars as pl

from qiangshi.engine.chains import (
    attach,
    chain_figures,
    decision_table,
    density,
    fact_table,
    firm_table,
    node_density,
    node_figures,
    node_table,
    proximity,
    rate_nodes,
    rule_table,
)

SEED = 20261207
N_FIRMS = 100_000
N_CHAINS = 20
NODES_PER_CHAIN = 20
N_CODES = 1_400
N_REGIONS = 15
ATTACH_TARGET = 1.0
RELATED_TARGET = 2.0
REPEATS = 3
SEGMENTS = ["上游", "中游", "下游", "支撑"]


def synthetic(rng: np.random.Generator):
    codes = np.array([f"{1000 + i * 6:04d}" for i in range(N_CODES)])
    words = np.array([f"词{i:04d}" for i in range(5000)])
    n_nodes = N_CHAINS * NODES_PER_CHAIN
    nodes = node_table(
        pl.DataFrame(
            {
                "chain": [f"链{i // NODES_PER_CHAIN:02d}" for i in range(n_nodes)],
                "node": [f"节点{i:03d}" for i in range(n_nodes)],
                "segment": [SEGMENTS[i % 4] for i in range(n_nodes)],
                "codes": [
                    list(rng.choice(codes[:600], size=rng.integers(1, 4), replace=False))
                    for _ in range(n_nodes)
                ],
                "keywords": [list(rng.choice(words, size=2, replace=False)) for _ in range(n_nodes)],
            }
        )
    )
    ids = [f"E{i:06d}" for i in range(N_FIRMS)]
    picks = rng.choice(words, size=(N_FIRMS, 3))
    firms = firm_table(
        pl.DataFrame(
            {
                "enterprise_id": ids,
                "name": [f"{a}科技有限公司" for a in picks[:, 0]],
                "industry_code": rng.choice(codes, size=N_FIRMS),
                "products": [f"{b}、{c}" for b, c in zip(picks[:, 1], picks[:, 2], strict=True)],
            }
        )
    )
    revenue = np.round(rng.lognormal(8, 1.5, N_FIRMS), 2)
    facts = fact_table(
        pl.DataFrame(
            {
                "enterprise_id": ids,
                "revenue": revenue,
                "prior_revenue": np.round(revenue / rng.uniform(0.8, 1.3, N_FIRMS), 2),
                "profit": revenue * 0.06,
                "tax": revenue * 0.03,
                "rd": revenue * 0.02,
                "above_scale": revenue > 2000,
            }
        )
    )
    sample = nodes.sample(300, seed=SEED, with_replacement=True)
    decisions = decision_table(
        pl.DataFrame(
            {
                "enterprise_id": rng.choice(ids, size=300, replace=False),
                "chain": sample["chain"],
                "node": sample["node"],
                "decision": rng.choice(["confirmed", "rejected"], size=300),
            }
        ),
        nodes,
    )
    registry = firms.join(facts, on="enterprise_id").select(
        pl.Series("region", [f"R{r:02d}" for r in rng.integers(0, N_REGIONS, N_FIRMS)]),
        "industry_code",
        "revenue",
    )
    return firms, nodes, decisions, facts, registry


def best_of(run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    firms, nodes, decisions, facts, registry = synthetic(np.random.default_rng(SEED))
    rules = rule_table()

    def figures():
        attachments = attach(firms, nodes, decisions)
        rated = rate_nodes(node_figures(attachments, firms, facts, nodes), rules)
        return attachments, rated, chain_figures(attachments, facts)

    def relatedness():
        phi = proximity(registry)
        strong = registry.group_by("industry_code").agg(pl.col("revenue").sum()).top_k(100, by="revenue")
        return phi, node_density(nodes, density(phi, strong["industry_code"]))

    attach_seconds, (attachments, rated, _) = best_of(figures)
    related_seconds, (phi, _) = best_of(relatedness)
    basis = attachments["basis"].value_counts().sort("basis").rows()
    print(
        f"企业 {firms.height:,} 家，产业链 {N_CHAINS} 条，节点 {nodes.height:,} 个，"
        f"人工判定 {decisions.height} 条"
    )
    print(f"挂接 {attachments.height:,} 行（{'，'.join(f'{b} {n:,}' for b, n in basis)}）")
    print(f"节点强弱：{dict(rated['rating'].value_counts().sort('rating').rows())}")
    print(f"挂接 + 节点数据 + 强弱：{attach_seconds:.3f} 秒（目标 < {ATTACH_TARGET} 秒）")
    print(f"行业 {registry['industry_code'].n_unique():,} 个 × 区域 {N_REGIONS} 个，邻近度 {phi.height:,} 对")
    print(f"关联度（RCA + 邻近度 + 密度）：{related_seconds:.3f} 秒（目标 < {RELATED_TARGET} 秒）")
    ok = attach_seconds < ATTACH_TARGET and related_seconds < RELATED_TARGET
    print("达到目标" if ok else "未达到目标")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
