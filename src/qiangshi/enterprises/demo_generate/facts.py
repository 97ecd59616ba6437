"""年度数据: one row per firm and year it existed, the statistical figures of each firm-year.

Profit is calibrated to the city's 规上 total per year; R&D, staff, energy, new products and
exports follow the firm's industry profile, size and honours.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from qiangshi.enterprises.columns import FACT_FIELDS

from .calibration import ABOVE_SCALE_PROFIT, ABOVE_SCALE_THRESHOLD, DEMO_SOURCE, PROFILES, Profile
from .draws import random_stream, target_for
from .tier_facts import tier_facts


def yearly_facts(seed, years, revenue, exists, above, software, group, software_revenue, holders,
                 extra, *, honours, founded) -> pl.DataFrame:
    """年度数据: one row per firm and year it existed."""
    firms, n_years = revenue.shape
    rng = random_stream(seed, "facts")
    profile = {field: np.array([getattr(PROFILES[g], field) for g in group]) for field in Profile._fields}
    shape = (firms, n_years)
    industrial = ~software
    rev = revenue
    output = extra["output"]

    main_ratio = np.clip(rng.uniform(0.9, 1.0, (firms, 1)) + rng.normal(0, 0.005, shape), 0.9, 0.999)
    main = np.round(rev * main_ratio, 2)
    main = np.where(above, np.maximum(main, ABOVE_SCALE_THRESHOLD), main)
    va_rate = np.clip(profile["va_rate"][:, None] + rng.normal(0, 0.02, (firms, 1))
                      + rng.normal(0, 0.01, shape), 0.25, 0.35)
    value_added = np.round(output * va_rate, 2)
    estimated = np.where(np.isnan(value_added), "否",
                         np.where(~above | (rng.random((firms, 1)) < 0.15), "是", "否"))

    # Profit: industry margin + firm effect + noise; the 规上 totals calibrated per year.
    margin = np.clip(profile["margin"][:, None] + rng.normal(0, 0.05, (firms, 1))
                     + rng.normal(0, 0.02, shape), -0.25, 0.30)
    for t, year in enumerate(years):
        mask = above[:, t]
        if mask.any():
            target = target_for(ABOVE_SCALE_PROFIT, year)
            margin[mask, t] += (target - (margin[mask, t] * rev[mask, t]).sum()) / rev[mask, t].sum()
    profit = np.round(margin * rev, 2)
    for t, year in enumerate(years):
        mask = above[:, t]
        if mask.any():
            top = np.flatnonzero(mask)[np.argmax(rev[mask, t])]
            profit[top, t] = round(profit[top, t] + round(target_for(ABOVE_SCALE_PROFIT, year)
                                                          - profit[mask, t].sum(), 2), 2)
    tax = np.round(rev * rng.uniform(0.02, 0.05, (firms, 1)) * rng.uniform(0.9, 1.1, shape), 2)

    # R&D: industry base scaled by innovation; honoured firms meet their programme's threshold.
    own = extra["innovation"] - profile["tech"]  # the firm's own part, not its industry's
    rd_rate = profile["rd"] * np.exp(0.3 * own) * rng.lognormal(0, 0.2, firms)
    high_tech = np.isin(np.arange(firms), holders["高新技术企业"])
    latest = extra["latest"]
    threshold = np.where(latest <= 5_000, 0.05, np.where(latest <= 20_000, 0.04, 0.03))
    rd_rate = np.where(high_tech, np.maximum(rd_rate, threshold + rng.uniform(0, 0.008, firms)), rd_rate)
    honoured = np.isin(np.arange(firms), np.concatenate([holders[k] for k in
                       ("科技型中小企业", "创新型中小企业", "专精特新中小企业", "专精特新“小巨人”")]))
    rd_rate = np.where(honoured, np.maximum(rd_rate, rng.uniform(0.03, 0.045, firms)), rd_rate)
    rd_rate = np.clip(rd_rate, 0.001, 0.25)
    reports_rd = above.any(axis=1) | software | high_tech | honoured | (rng.random(firms) < 0.4)
    rd = np.where(reports_rd[:, None], np.round(rev * rd_rate[:, None] * rng.uniform(0.9, 1.1, shape), 2),
                  np.nan)

    # Employees from productivity: rising 3 % a year, higher for larger firms (elasticity 0.12
    # around 1 亿元), halved for the small ones.
    productivity = profile["productivity"] * rng.lognormal(0, 0.35, firms) * (latest / 10_000) ** 0.12
    productivity = np.where(above.any(axis=1) | software, productivity, productivity * 0.5)
    productivity = productivity[:, None] * 1.03 ** (years - years[0])[None, :] * rng.lognormal(0, 0.05, shape)
    employees = np.maximum(1, np.round(rev / productivity))

    # Energy, electricity, water and emissions by industry intensity, falling a little each year.
    intensity = rng.lognormal(0, 0.35, (firms, 1))
    trend = (years - years[0])[None, :]
    reports_energy = (above.any(axis=1) | (rng.random(firms) < np.where(software, 0.6, 0.5)))[:, None] | above

    def per_revenue(field, factor):
        return np.where(reports_energy, np.round(rev * profile[field][:, None] * factor, 2), np.nan)

    energy = per_revenue("tce", intensity * 0.97 ** trend)
    electricity = per_revenue("kwh", intensity * 0.98 ** trend)
    water = per_revenue("water", rng.lognormal(0, 0.4, (firms, 1)))
    emissions = np.where(reports_energy & industrial[:, None],
                         np.round(rev * profile["emissions"][:, None] * intensity * 0.94 ** trend, 2), np.nan)

    # New products for innovative firms; exports for some industrial firms.
    innovative = high_tech | honoured | (extra["innovation"] > 1.0)
    share = np.where(innovative, rng.uniform(0.10, 0.40, firms), rng.uniform(0.0, 0.08, firms))
    reports_new = innovative | (above.any(axis=1) & ~software)
    new_sales = np.where(reports_new[:, None],
                         np.round(rev * share[:, None] * rng.uniform(0.9, 1.1, shape), 2), np.nan)
    exporter = industrial & (rng.random(firms) < profile["export"] * 1.2)
    export_share = rng.uniform(0.05, 0.40, firms)
    base_output = np.where(np.isnan(output), rev, output)
    export = np.where(exporter[:, None], np.round(base_output * export_share[:, None]
                                                 * rng.uniform(0.85, 1.15, shape), 2),
                      np.where(above, 0.0, np.nan))

    assets = np.round(rev * profile["assets"][:, None] * rng.lognormal(0, 0.3, (firms, 1))
                      * rng.uniform(0.95, 1.05, shape), 2)
    debt = np.clip(rng.uniform(0.3, 0.7, (firms, 1)) + rng.normal(0, 0.03, shape), 0.2, 0.85)
    liabilities = np.round(assets * debt, 2)

    tier = tier_facts(seed, years, rev, exists, above, software, holders, honours, extra, founded,
                      profit=profit, rd=rd, employees=employees)
    tier_counts = [name for name in tier if FACT_FIELDS[name][1] == "count"]

    cells = exists.ravel()
    firm_index = np.repeat(np.arange(firms), n_years)[cells]
    year_index = np.tile(years, firms)[cells]

    def flat(values):
        return values.ravel()[cells]

    return pl.DataFrame({
        "_firm": firm_index,
        "uscc": extra["uscc"][firm_index],
        "year": year_index.astype(np.int32),
        "revenue": flat(rev), "main_revenue": flat(main), "output_value": flat(output),
        "value_added": flat(value_added), "profit": flat(profit), "tax_paid": flat(tax),
        "rd_expense": flat(rd), "employees": flat(employees).astype(np.int64),
        "energy_tce": flat(energy), "electricity": flat(electricity), "water": flat(water),
        "emissions": flat(emissions), "new_product_sales": flat(new_sales), "export_delivery": flat(export),
        "total_assets": flat(assets), "total_liabilities": flat(liabilities),
        "software_revenue": flat(software_revenue),
        **{name: flat(values) for name, values in tier.items()},
        "value_added_estimated": flat(estimated),
        "source": DEMO_SOURCE,
    }, nan_to_null=True).with_columns(pl.col(tier_counts).cast(pl.Int64))
