"""``generate``: the population, then one generator per table, in the published order."""

from __future__ import annotations

import numpy as np
import polars as pl

from qiangshi.enterprises.columns import FACT_COLUMNS, HONOUR_COLUMNS, MONTHLY_COLUMNS

from .draws import random_stream
from .facts import yearly_facts
from .firms import enterprise_table, firm_attributes
from .honours import honour_rows
from .monthly import monthly_facts
from .population import population


def generate(*, seed: int, firms: int = 10_000, above_scale: int = 3_000, first_year: int = 2020,
             last_year: int = 2025) -> dict[str, pl.DataFrame]:
    """The four tables keyed by sheet name: "企业", "荣誉资质", "年度数据", "月度数据", with
    exactly the import templates' Chinese headers (`ENTERPRISE_COLUMNS` …)."""
    p = population(seed=seed, firms=firms, above_scale=above_scale, first_year=first_year,
                   last_year=last_year)
    extra = firm_attributes(seed, p.kind, p.revenue, p.exists, p.above, p.division, p.code, p.group,
                            p.district, p.software, p.founded)
    honours, holders = honour_rows(seed, p.years, p.above, p.software, p.group, p.founded, extra)
    facts = yearly_facts(seed, p.years, p.revenue, p.exists, p.above, p.software, p.group, p.software_revenue,
                         holders, extra, honours=honours, founded=p.founded)
    uscc = extra["uscc"]
    # the firms are drawn largest 规上 first; the tables list them in a random order
    order = random_stream(seed, "order").permutation(firms)
    position = np.empty(firms, dtype=np.int64)
    position[order] = np.arange(firms)
    # The demo 核定s no yearly land: its evaluations divide by the registry's 用地面积.
    facts = facts.with_columns(pl.Series("_order", position[facts["_firm"].to_numpy()]),
                               pl.lit(None, dtype=pl.Float64).alias("land_area")) \
        .sort("_order", "year").drop("_order", "_firm")
    monthly = monthly_facts(seed, p.years, p.revenue, facts_output=extra["output"], above=p.above,
                            uscc=uscc, order=position)
    honours = honours.with_columns(pl.Series("_order", position[honours["_firm"].to_numpy()]),
                                   pl.Series("uscc", uscc[honours["_firm"].to_numpy()])) \
        .sort("_order", "year_granted", "kind", "level").drop("_order", "_firm")
    return {
        "企业": enterprise_table(seed, p, extra, order),
        "荣誉资质": honours.select(list(HONOUR_COLUMNS)).rename(HONOUR_COLUMNS),
        "年度数据": facts.select(list(FACT_COLUMNS)).rename(FACT_COLUMNS),
        "月度数据": monthly.select(list(MONTHLY_COLUMNS)).rename(MONTHLY_COLUMNS),
    }
