"""All of the chain method in one call, as a service stores it with ``METHOD_VERSION``."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qiangshi.engine.chains.attachment import attach
from qiangshi.engine.chains.figures import chain_figures, node_figures
from qiangshi.engine.chains.ranking import DEFAULT_WEIGHTS, Weights, rank_targets
from qiangshi.engine.chains.relatedness import density, node_density, proximity
from qiangshi.engine.chains.strength import DOMINANCE_SHARE, rate_nodes

METHOD_VERSION = "chains-1"


@dataclass(frozen=True)
class ChainRun:
    attachments: pl.DataFrame  # enterprise_id, chain, node, basis, reason
    nodes: pl.DataFrame  # node figures, lq, rating, dependent, reason
    chains: pl.DataFrame  # chain totals and share of the city
    proximity: pl.DataFrame  # industry_i, industry_j, phi
    targets: pl.DataFrame  # weak and missing nodes ranked, with reasons


def chain_run(
    firms: pl.DataFrame,
    nodes: pl.DataFrame,
    facts: pl.DataFrame,
    registry: pl.DataFrame,
    rules: pl.DataFrame,
    decisions: pl.DataFrame | None = None,
    benchmark: pl.DataFrame | None = None,
    edges: pl.DataFrame | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    dominance_share: float = DOMINANCE_SHARE,
) -> ChainRun:
    """Attach, figure, rate, relate and rank. The industries the city is strong in, for the
    density, are the codes of its strong nodes: the chain map's own judgement, which needs no
    outside benchmark."""
    attachments = attach(firms, nodes, decisions)
    rated = rate_nodes(node_figures(attachments, firms, facts, nodes, benchmark), rules, dominance_share)
    phi = proximity(registry)
    strong_codes = (
        rated.filter(pl.col("rating") == "strong").select(pl.col("codes").explode()).drop_nulls()["codes"]
    )
    densities = node_density(nodes, density(phi, strong_codes))
    targets = rank_targets(rated, densities, edges, weights)
    return ChainRun(attachments, rated, chain_figures(attachments, facts), phi, targets)
