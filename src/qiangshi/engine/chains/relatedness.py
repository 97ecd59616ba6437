"""Relatedness of industries from the city's own registry (Hidalgo et al. 2007, Science 317).

Two industries are related when the same regions (区县 and 功能区) specialise in both. With x
the revenue of industry i in region r:

- RCA(r, i) = (x_ri / x_r) / (x_i / x): region r specialises in i when RCA ≥ 1 (exact);
- ubiquity u_i = the number of regions specialising in i;
- proximity φ(i, j) = (regions specialising in both) / max(u_i, u_j) = min(P(i|j), P(j|i));
- density of industry i towards a set S of industries the city is strong in:
  Σ_{j∈S, j≠i} φ(i, j) / Σ_{j≠i} φ(i, j) — the share of i's relatedness that lands on S.

With 15 regions every φ is one of a few fractions (k / u with u ≤ 15), many pairs tie, and
one firm can decide a region's RCA in a thin industry; φ says "found together here", not
"linked by supply". The ranking therefore gives density a declared weight beside the gap and
the chain's own upstream/downstream links, and docs/chain-method.md says so.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from qiangshi.engine.exact import exact


def specialisation(registry: pl.DataFrame) -> pl.DataFrame:
    """region, industry_code, rca from a registry of (region, industry_code, revenue) rows."""
    cells = (
        registry.group_by("region", "industry_code")
        .agg(pl.col("revenue").sum())
        .filter(pl.col("revenue") > 0)
    )
    total = cells["revenue"].sum()
    return (
        cells.with_columns(
            (
                (pl.col("revenue") / pl.col("revenue").sum().over("region"))
                / (pl.col("revenue").sum().over("industry_code") / total)
            ).alias("rca")
        )
        .select("region", "industry_code", "rca")
        .sort("region", "industry_code")
    )


def proximity(registry: pl.DataFrame) -> pl.DataFrame:
    """industry_i, industry_j, phi for every pair i ≠ j found together in some region (φ > 0).

    The co-occurrence counts are one product of the region × industry 0/1 matrix with itself
    (regions are few, industries about 1,400), which is far cheaper than joining pairs per region.
    """
    present = specialisation(registry).filter(exact(pl.col("rca")) >= 1).select("region", "industry_code")
    industries = present["industry_code"].unique().sort()
    regions = present["region"].unique().sort()
    rows = _positions(present["region"], regions)
    columns = _positions(present["industry_code"], industries)
    specialised = np.zeros((len(regions), len(industries)))
    specialised[rows, columns] = 1.0
    together = specialised.T @ specialised
    ubiquity = np.diagonal(together)
    phi = together / np.maximum.outer(ubiquity, ubiquity)
    np.fill_diagonal(phi, 0.0)
    i, j = np.nonzero(phi)
    return pl.DataFrame(
        {
            "industry_i": industries.gather(i),
            "industry_j": industries.gather(j),
            "phi": phi[i, j],
        }
    )


def _positions(values: pl.Series, sorted_unique: pl.Series) -> np.ndarray:
    return sorted_unique.search_sorted(values).to_numpy()


def density(phi: pl.DataFrame, strong_industries: pl.Series | list[str]) -> pl.DataFrame:
    """industry_code, density: the share of each industry's relatedness that lands on the
    industries the city is strong in. An industry related to nothing has no row."""
    strong = pl.DataFrame({"industry_j": pl.Series(list(strong_industries), dtype=pl.Utf8)}).unique()
    towards = pl.col("phi").filter(pl.col("industry_j").is_in(strong["industry_j"].implode()))
    return (
        phi.group_by("industry_i")
        .agg((towards.sum() / pl.col("phi").sum()).alias("density"))
        .rename({"industry_i": "industry_code"})
        .sort("industry_code")
    )


def node_density(nodes: pl.DataFrame, industry_density: pl.DataFrame) -> pl.DataFrame:
    """chain, node, density: the mean density of the node's codes that the registry knows
    (null when it knows none of them, so the ranking says so instead of scoring a zero)."""
    codes = (
        nodes.select("chain", "node", pl.col("codes").alias("industry_code"))
        .explode("industry_code")
        .drop_nulls()
    )
    known = (
        codes.join(industry_density, on="industry_code")
        .group_by("chain", "node")
        .agg(pl.col("density").mean())
    )
    return nodes.select("chain", "node").join(known, on=["chain", "node"], how="left")
