"""月度数据: year-to-date revenue and output of the 规上 firms."""

from __future__ import annotations

import numpy as np
import polars as pl

from .calibration import DEMO_SOURCE, SEASON
from .draws import random_stream


def monthly_facts(seed, years, revenue, *, facts_output, above, uscc, order) -> pl.DataFrame:
    """月度数据: year-to-date revenue and output of the 规上 firms, 1–2月 … 1–12月, following a
    seasonal curve with firm noise; 1–12月 equals the year's figure."""
    rng = random_stream(seed, "monthly")
    firm_index, year_index = np.nonzero(above)
    months = np.array(list(SEASON))
    steps = np.diff(np.concatenate([[0.0], np.array(list(SEASON.values()))]))
    n = firm_index.size

    def cumulative(annual):
        increments = steps[None, :] * rng.lognormal(0, 0.12, (n, months.size))
        share = np.cumsum(increments, axis=1) / increments.sum(axis=1, keepdims=True)
        values = np.round(annual[:, None] * share, 2)
        values[:, -1] = annual
        return values

    revenue_ytd = cumulative(revenue[firm_index, year_index])
    output_ytd = cumulative(facts_output[firm_index, year_index])
    year = years[year_index]
    return pl.DataFrame({
        "_order": np.repeat(order[firm_index], months.size),
        "uscc": np.repeat(uscc[firm_index], months.size),
        "_year": np.repeat(year, months.size),
        "_month": np.tile(months, n),
        "revenue_ytd": revenue_ytd.ravel(),
        "output_ytd": output_ytd.ravel(),
    }).sort("_order", "_year", "_month").with_columns(
        pl.format("{}年1-{}月", "_year", "_month").alias("period"),
        pl.lit(DEMO_SOURCE).alias("source"),
    )
