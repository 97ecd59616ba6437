"""The latent population every table is drawn from: which firms are 规上 when, their 大类,
小类 and district, founding years and revenue paths calibrated to the city totals.

What it makes (defaults: 10,000 firms, 3,000 规上):
* 80 % industrial firms (GB/T 4754 门类 B/C/D) drawn from Jinan's structure (`DIVISIONS`), 20 %
  software and IT-service firms (大类 65), which are never 规上工业.
* Exactly `above_scale` industrial firms are 规上 in `last_year`; some entered during the
  period (纳入规上年份 = the first year counted), some left (退出规上年份 = the first year no
  longer counted). A firm is 规上 in a year exactly when its 主营业务收入 that year is at least
  2,000 万元 (the NBS threshold since 2011).
* Revenue of 规上 firms is Pareto-tailed (α = 1.2, stratified so the tail is stable across
  seeds): at full size about ten firms above 100 亿元 and about 150 above 10 亿元.
* City totals are calibrated per year to `ABOVE_SCALE_REVENUE`, `EQUIPMENT_REVENUE` and
  `SOFTWARE_REVENUE`. The totals do not depend on `firms`: a small data set has the same city
  totals carried by fewer, larger firms.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import polars as pl

from qiangshi.reference.classifications import industry_groups, industry_tree

from .calibration import (
    ABOVE_SCALE_REVENUE,
    ANCHORS,
    DISTRICT_AFFINITY,
    DISTRICT_WEIGHTS,
    DIVISIONS,
    ENTRY_RATE,
    EQUIPMENT_REVENUE,
    EXIT_RATE,
    FLOOR,
    GROWTH,
    PARETO_ALPHA,
    PREFERRED,
    PROFILE_OVERRIDES,
    PROFILES,
    SMALL_CAP,
    SOFTWARE_ALPHA,
    SOFTWARE_FLOOR,
    SOFTWARE_REVENUE,
    SOFTWARE_SHARE,
    TARGET_GROWTH_OUTSIDE,
)
from .draws import calibrate, choice, random_stream, stratified_pareto, target_for

STAY, ENTER, EXIT, SMALL, SOFT = range(5)


class Population(NamedTuple):
    """Per firm (rows, largest 规上 first) and, for the panels, per year (columns)."""

    years: np.ndarray
    kind: np.ndarray  # STAY, ENTER, EXIT, SMALL or SOFT
    since: np.ndarray  # 纳入规上年份, -1 never
    until: np.ndarray  # 退出规上年份, -1 still 规上
    division: np.ndarray
    code: np.ndarray
    group: np.ndarray  # the profile group
    district: np.ndarray
    software: np.ndarray
    founded: np.ndarray
    exists: np.ndarray  # firm × year
    revenue: np.ndarray  # firm × year, NaN before founding
    above: np.ndarray  # firm × year: 规上
    software_revenue: np.ndarray  # firm × year


def industry_tables() -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], set[str], set[str]]:
    """大类 → (小类 codes, weights), the industrial 小类 (门类 B/C/D) and the equipment ones."""
    tree = industry_tree().filter(pl.col("level") == "小类")
    codes = dict(zip(tree["code"].to_list(), tree["section"].to_list(), strict=True))
    by_division: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for division in DIVISIONS:
        sub = np.array(sorted(c for c in codes if c[:2] == division))
        if sub.size == 0:
            raise ValueError(f"GB/T 4754 树中没有大类 {division} 的小类")
        by_division[division] = (sub, np.array([PREFERRED.get(c, 1.0) for c in sub]))
    for code, _ in ANCHORS:
        if code not in codes:
            raise ValueError(f"GB/T 4754 树中没有小类 {code}")
    industrial = {c for c, section in codes.items() if section in ("B", "C", "D")}
    prefixes = tuple(industry_groups()["equipment_manufacturing"]["include"])
    return by_division, industrial, {c for c in codes if c.startswith(prefixes)}


def pick_divisions(rng: np.random.Generator, z: np.ndarray) -> np.ndarray:
    """A 大类 per industrial firm, leaning towards heavy industries the larger the firm."""
    divisions = [d for d in DIVISIONS if DIVISIONS[d][1] > 0]
    log_w = np.log([DIVISIONS[d][1] for d in divisions])
    beta = np.array([PROFILES[DIVISIONS[d][0]].size for d in divisions])
    keyed = log_w[None, :] + z[:, None] * beta[None, :] + rng.gumbel(size=(z.size, len(divisions)))
    return np.asarray(divisions)[np.argmax(keyed, axis=1)]


def pick_codes(rng: np.random.Generator, divisions: np.ndarray,
               tables: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    codes = np.empty(divisions.size, dtype=object)
    for division in np.unique(divisions):
        rows = np.flatnonzero(divisions == division)
        sub, weights = tables[division]
        codes[rows] = choice(rng, list(sub), weights, rows.size)
    return codes.astype(str)


def pick_districts(rng: np.random.Generator, divisions: np.ndarray) -> np.ndarray:
    out = np.empty(divisions.size, dtype=object)
    for division in np.unique(divisions):
        rows = np.flatnonzero(divisions == division)
        base = DISTRICT_WEIGHTS["soft" if division == "65" else "ind"]
        affinity = DISTRICT_AFFINITY.get(division, {})
        out[rows] = choice(rng, list(base), [w * affinity.get(c, 1) for c, w in base.items()], rows.size)
    return out.astype(str)


def population(*, seed: int, firms: int, above_scale: int, first_year: int, last_year: int) -> Population:
    """The population of `firms` firms, `above_scale` of them 规上 in `last_year`."""
    if first_year > last_year:
        raise ValueError("first_year 不能晚于 last_year")
    n_soft = round(firms * SOFTWARE_SHARE)
    n_ind = firms - n_soft
    if firms < 10 or not 1 <= above_scale <= n_ind:
        raise ValueError(f"企业数 {firms} 时规上企业数应在 1–{n_ind} 之间")
    years = np.arange(first_year, last_year + 1)
    n_years = years.size
    tables, industrial_codes, equipment_codes = industry_tables()

    # Status: 0..above_scale-1 are 规上 in last_year (largest first), then the other industrial
    # firms, then the software firms.
    rng = random_stream(seed, "status")
    kind = np.full(firms, SMALL)
    kind[:above_scale] = STAY
    kind[n_ind:] = SOFT
    since = np.full(firms, -1)
    until = np.full(firms, -1)
    transitions = years[1:]
    per_year = round(ENTRY_RATE * above_scale) if transitions.size else 0
    entry_pool = np.arange(round(0.4 * above_scale), above_scale)
    entrants = rng.choice(entry_pool, size=min(per_year * transitions.size, entry_pool.size), replace=False)
    kind[entrants] = ENTER
    since[entrants] = np.resize(transitions, entrants.size) if transitions.size else -1
    exit_pool = np.arange(above_scale, n_ind)
    n_exit = min(round(EXIT_RATE * above_scale) * transitions.size, exit_pool.size // 2)
    exiters = rng.choice(exit_pool, size=n_exit, replace=False)
    kind[exiters] = EXIT
    until[exiters] = np.resize(transitions, n_exit) if n_exit else -1
    old_hands = (kind == STAY) | (kind == EXIT)
    counted = np.minimum(np.maximum(first_year - np.floor(rng.exponential(4.0, firms)), 2011), first_year)
    since[old_hands] = counted[old_hands]

    # Revenue in last_year: Pareto for 规上 and software, lognormal below the threshold.
    rng = random_stream(seed, "size")
    level = np.empty(firms)
    level[:above_scale] = stratified_pareto(rng, above_scale, FLOOR, PARETO_ALPHA)
    level[above_scale:n_ind] = np.clip(rng.lognormal(np.log(500), 0.9, n_ind - above_scale), 10, SMALL_CAP)
    level[n_ind:] = rng.permutation(stratified_pareto(rng, n_soft, SOFTWARE_FLOOR * 1.1, SOFTWARE_ALPHA))
    level[exiters] = FLOOR * (1 + rng.exponential(0.6, n_exit))  # their first_year size
    z = np.zeros(firms)  # standardised log size among the 规上 and among the software firms
    for rows in (slice(0, above_scale), slice(n_ind, firms)):
        log_size = np.log(level[rows])
        z[rows] = (log_size - log_size.mean()) / (log_size.std() or 1.0)

    # Industries and districts.
    rng = random_stream(seed, "industry")
    division = np.empty(firms, dtype=object)
    division[:n_ind] = pick_divisions(rng, z[:n_ind])
    division[n_ind:] = "65"
    division = division.astype(str)
    code = pick_codes(rng, division, tables)
    district = pick_districts(random_stream(seed, "district"), division)
    n_anchor = min(len(ANCHORS), max(1, above_scale // 300))
    code[:n_anchor] = [c for c, _ in ANCHORS[:n_anchor]]
    division[:n_anchor] = [c[:2] for c, _ in ANCHORS[:n_anchor]]
    district[:n_anchor] = [d for _, d in ANCHORS[:n_anchor]]
    group = np.array([PROFILE_OVERRIDES.get(c, DIVISIONS[d][0]) for c, d in zip(code, division, strict=True)])
    software = kind == SOFT
    equipment = np.isin(code, list(equipment_codes))
    if not np.isin(code[:n_ind], list(industrial_codes)).all():
        raise ValueError("工业企业的行业代码必须属于门类 B、C、D")

    # Founding years: 规上 firms before they were counted, bigger ones older; 15 % of the small
    # and software firms founded during the period.
    rng = random_stream(seed, "founded")
    gap = np.floor(rng.exponential(8.0, firms) + 6 * np.clip(z, 0, None))
    founded = np.where(since > 0, since - 1 - gap, first_year - 1 - np.floor(rng.exponential(9.0, firms))
                       - np.floor(4 * np.clip(z, 0, None)))
    young = ((kind == SMALL) | software) & (rng.random(firms) < 0.15)
    founded = np.where(young, rng.integers(first_year, last_year + 1, firms), founded)
    founded = np.clip(founded, np.where(software, 1992, 1952), None).astype(int)
    founded = np.minimum(founded, np.where(since > 0, since - 1, last_year))
    exists = years[None, :] >= founded[:, None]

    # Revenue paths: backwards from last_year (forwards from first_year for the firms that
    # leave 规上), growth by industry and year plus firm trend and noise.
    rng = random_stream(seed, "growth")
    mean = np.stack([np.array([GROWTH.get(g, GROWTH["default"]).get(y, TARGET_GROWTH_OUTSIDE) for y in years])
                     for g in np.unique(group)])
    mean = mean[np.searchsorted(np.unique(group), group)]
    mean[kind == ENTER] += 0.12
    mean[kind == EXIT] -= 0.15
    noise = np.where(kind[:, None] == STAY, 0.08, 0.15)
    growth = np.clip(1 + mean + rng.normal(0, 0.04, (firms, 1)) + rng.normal(0, 1, (firms, n_years)) * noise,
                     0.5, 2.2)
    log_growth = np.log(growth)
    log_growth[:, 0] = 0.0  # growth into first_year is not used
    backward = np.log(level)[:, None] - (np.cumsum(log_growth[:, ::-1], axis=1)[:, ::-1] - log_growth)
    forward = np.log(level)[:, None] + np.cumsum(log_growth, axis=1)
    revenue = np.exp(np.where((kind == EXIT)[:, None], forward, backward))
    first_year_part = rng.uniform(0.2, 0.9, (firms, 1))
    revenue = np.where(years[None, :] == founded[:, None], revenue * first_year_part, revenue)
    above = (since[:, None] > 0) & (years[None, :] >= since[:, None]) \
        & ((until[:, None] < 0) | (years[None, :] < until[:, None])) & exists
    industrial = ~software
    revenue = np.where(above, np.maximum(revenue, FLOOR * (1 + 0.05 * rng.random((firms, n_years)))), revenue)
    below = industrial[:, None] & ~above
    cap = SMALL_CAP * rng.uniform(0.75, 0.995, (firms, n_years))
    revenue = np.where(below, np.minimum(revenue, cap), revenue)
    lowest = np.where(software, SOFTWARE_FLOOR * (1 + 0.05 * rng.random(firms)), 5.0)
    revenue = np.maximum(revenue, lowest[:, None])
    revenue = np.where(exists, revenue, np.nan)

    # Calibration, year by year.
    rng = random_stream(seed, "ratios")
    soft_ratio = np.where(software, rng.uniform(0.8, 1.0, firms), 0.0)
    for t, year in enumerate(years):
        column = revenue[:, t]
        mask = above[:, t]
        total = target_for(ABOVE_SCALE_REVENUE, year)
        if (mask & equipment).any() and (mask & ~equipment).any():
            equip_total = target_for(EQUIPMENT_REVENUE, year)
            calibrate(column, mask & equipment, equip_total, FLOOR)
            calibrate(column, mask & ~equipment, total - equip_total, FLOOR)
        else:
            calibrate(column, mask, total, FLOOR)
        calibrate(column, software & exists[:, t], target_for(SOFTWARE_REVENUE, year), SOFTWARE_FLOOR,
                  weight=soft_ratio)
        revenue[:, t] = column
    revenue = np.round(revenue, 2)
    software_revenue = np.where(software[:, None] & exists, np.round(revenue * soft_ratio[:, None], 2),
                                np.nan)
    for t, year in enumerate(years):
        mask = software & exists[:, t]
        if mask.any():
            top = np.flatnonzero(mask)[np.argmax(revenue[mask, t])]
            residual = round(target_for(SOFTWARE_REVENUE, year) - software_revenue[mask, t].sum(), 2)
            software_revenue[top, t] = round(software_revenue[top, t] + residual, 2)
    return Population(years=years, kind=kind, since=since, until=until, division=division, code=code,
                      group=group, district=district, software=software, founded=founded, exists=exists,
                      revenue=revenue, above=above, software_revenue=software_revenue)
