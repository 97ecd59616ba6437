"""Industrial chains under 链长制 (issue 15 §2, §3, §5): firms on the chain map, node figures,
strength, relatedness and the ranking of 补链 targets. Method version ``chains-1``.

``docs/chain-method.md`` has the method in words with its sources. Pure: polars tables in,
polars tables out, no Django, no files. Inputs are typed and checked by ``inputs`` (every
reason a table is refused is in Chinese in ``ChainInputInvalid.problems``).

The steps, one module each:

- ``attachment``: ``attach(firms, nodes, decisions)`` — by industry code, by keyword in name and
  main products, by the task force's confirmation or rejection (which beats the rules);
- ``figures``: ``node_figures`` and ``chain_figures`` — firms, 规上 firms, revenue, like-for-like
  growth, profit, tax, R&D, the largest firm's share, the share of the city, and the location
  quotient where a benchmark is loaded (null otherwise);
- ``strength``: ``rate_nodes`` — strong / present / weak / missing by declared rules
  (``rule_table``), and the 链主-dependency flag;
- ``relatedness``: RCA, proximity φ and density over the city's regions (Hidalgo et al. 2007);
- ``ranking``: ``rank_targets`` — weak and missing nodes by gap, adjacency to strong nodes and
  density, with weights as parameters and the reasons in Chinese;
- ``leaders``: ``propose_leaders`` — the 链主 candidates by revenue rank and share;
- ``run``: ``chain_run`` — all of it in one call, stored with ``METHOD_VERSION``.
"""

from qiangshi.engine.chains.attachment import attach
from qiangshi.engine.chains.figures import chain_figures, location_quotients, node_figures
from qiangshi.engine.chains.inputs import (
    ChainInputInvalid,
    benchmark_table,
    decision_table,
    fact_table,
    firm_table,
    node_table,
)
from qiangshi.engine.chains.leaders import propose_leaders
from qiangshi.engine.chains.ranking import Weights, neighbours, rank_targets
from qiangshi.engine.chains.relatedness import density, node_density, proximity, specialisation
from qiangshi.engine.chains.run import METHOD_VERSION, ChainRun, chain_run
from qiangshi.engine.chains.strength import rate_nodes, rule_table

__all__ = [
    "METHOD_VERSION",
    "ChainInputInvalid",
    "ChainRun",
    "Weights",
    "attach",
    "benchmark_table",
    "chain_figures",
    "chain_run",
    "decision_table",
    "density",
    "fact_table",
    "firm_table",
    "location_quotients",
    "neighbours",
    "node_density",
    "node_figures",
    "node_table",
    "propose_leaders",
    "proximity",
    "rank_targets",
    "rate_nodes",
    "rule_table",
    "specialisation",
]
