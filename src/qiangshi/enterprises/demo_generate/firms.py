"""企业: the firm table (names, USCCs, zones, addresses, capital, land, listings, tags) and the
latent traits the other tables use (innovation, growth, output value)."""

from __future__ import annotations

import numpy as np
import polars as pl

from qiangshi.engine.uscc import uscc_make_many
from qiangshi.enterprises.columns import ENTERPRISE_COLUMNS
from qiangshi.reference import regions
from qiangshi.reference.classifications import industry_tree

from .calibration import EXCHANGES, LISTED, PROFILES, ROADS, TAG_COUNTS, ZONES
from .draws import choice, gumbel_pick, random_stream, scaled
from .identity import company_names, dates, listing_codes, nice, organisation_bases
from .population import EXIT, SMALL, Population


def above_scale_in(year: int) -> pl.Expr:
    """On the 企业 table: whether a firm is 规上 in `year` (纳入规上年份 ≤ year < 退出规上年份)."""
    since = pl.col(ENTERPRISE_COLUMNS["above_scale_since"])
    until = pl.col(ENTERPRISE_COLUMNS["above_scale_until"])
    return (since.is_not_null() & (since <= year) & (until.is_null() | (until > year))).fill_null(False)


def pick_zones(rng: np.random.Generator, districts: np.ndarray, software: np.ndarray) -> np.ndarray:
    zones = np.full(districts.size, None, dtype=object)
    for code, share, within in ZONES:
        eligible = np.isin(districts, within) & (zones == None)  # noqa: E711 (numpy elementwise)
        score = np.where(software, np.log(3.0), 0.0) if code == "370171" else np.zeros(districts.size)
        zones[gumbel_pick(rng, score, eligible, round(share * districts.size))] = code
    return zones


def firm_attributes(seed, kind, revenue, exists, above, division, code, group, district, software,
                    founded) -> dict:
    """Names, USCCs, zones, addresses, capital, land, listings, tags, output value and the latent
    traits the honours and facts use (innovation, growth)."""
    firms = revenue.shape[0]
    rng = random_stream(seed, "traits")
    latest = revenue[:, -1]  # every firm exists in last_year
    tech = np.array([PROFILES[g].tech for g in group])
    innovation = rng.normal(0, 1, firms) + tech
    span = np.maximum(exists.sum(axis=1) - 1, 1)
    first_seen = revenue[np.arange(firms), (~exists).sum(axis=1)]
    cagr = (latest / first_seen) ** (1 / span) - 1
    size_rank = np.argsort(np.argsort(-latest)) / firms

    # Listings: among the largest 规上 and software firms.
    rng = random_stream(seed, "listing")
    candidates = (above[:, -1] | software) & (latest >= 20_000)
    listed = gumbel_pick(rng, 0.7 * np.log(np.maximum(latest, 1)) + 0.5 * innovation, candidates,
                         scaled(LISTED, firms))
    exchange = np.full(firms, None, dtype=object)
    stock = np.full(firms, None, dtype=object)
    exchange[listed] = choice(rng, list(EXCHANGES), list(EXCHANGES.values()), listed.size)
    techy = np.isin(group, ["electronics", "instrument", "software", "pharma"])
    stock[listed] = listing_codes(rng, exchange[listed].astype(str), techy[listed])
    joint_stock = (rng.random(firms) < 0.04 + 0.25 * (size_rank < 0.05)) & (kind != SMALL)
    joint_stock[listed] = True

    names, former = company_names(random_stream(seed, "names"), division, code, joint_stock)
    bases = organisation_bases(random_stream(seed, "uscc"), founded)
    uscc = uscc_make_many(pl.Series(district), pl.Series(bases)).to_numpy().astype(str)
    zone = pick_zones(random_stream(seed, "zones"), district, software)
    names_by_code = {r.code: r.name for r in regions()}
    rng = random_stream(seed, "address")
    address = np.char.add(np.char.add(np.char.add(
        np.char.add("济南市", np.array([names_by_code[d] for d in district])),
        np.asarray(ROADS)[rng.integers(len(ROADS), size=firms)]),
        rng.integers(1, 3000, size=firms).astype(str)), "号")

    rng = random_stream(seed, "capital")
    capital = np.clip(latest * rng.lognormal(np.log(0.15), 0.8, firms), 3, 3_000_000)
    capital = nice(capital, rng)
    yield_per_mu = np.array([PROFILES[g].land_yield for g in group]) * rng.lognormal(0, 0.5, firms)
    yield_per_mu = np.where(above[:, -1], yield_per_mu, yield_per_mu * 0.5)
    land = np.clip(np.nanmax(revenue, axis=1) / yield_per_mu, 1, 30_000)
    missing = rng.random(firms) < np.where(above[:, -1], 0.15, 0.4)
    land = np.where(software | missing, np.nan, np.round(land, 2))

    # Tags: 链主 for the largest firms of the chains, 倍增库 for fast growers of mid size.
    rng = random_stream(seed, "tags")
    tags = np.full(firms, None, dtype=object)
    chain = gumbel_pick(rng, 2 * np.log(np.maximum(latest, 1)),
                        (above[:, -1] | software) & (latest >= 100_000), scaled(TAG_COUNTS["链主"], firms))
    doubling = gumbel_pick(rng, 8 * cagr + 0.3 * innovation,
                           (above[:, -1] | software) & (latest >= 10_000) & (latest <= 500_000),
                           scaled(TAG_COUNTS["倍增库"], firms))
    tags[chain] = "链主"
    tags[doubling] = np.where(tags[doubling] == None, "倍增库", "链主；倍增库")  # noqa: E711
    # Output value: 工业总产值 ≈ 1.0–1.1 × 营业收入 for industrial firms (70 % of the small ones
    # report it).
    rng = random_stream(seed, "output")
    output_ratio = rng.uniform(1.0, 1.1, firms)[:, None] * rng.uniform(0.995, 1.005, revenue.shape)
    reports_output = ~software & (above[:, -1] | (kind == EXIT) | (rng.random(firms) < 0.7))
    reports_output = reports_output[:, None] | above
    output = np.where(reports_output & exists, np.round(revenue * output_ratio, 2), np.nan)
    return {"uscc": uscc, "name": names, "former": former, "zone": zone, "address": address,
            "capital": capital, "land": land, "exchange": exchange, "stock": stock, "tags": tags,
            "innovation": innovation, "cagr": cagr, "latest": latest, "listed": listed, "output": output}


def main_products(codes: np.ndarray) -> pl.Series:
    """A firm's main products as its 小类 names them, without the trailing 制造 (半导体分立器件)."""
    tree = industry_tree().filter(pl.col("level") == "小类")
    names = dict(zip(tree["code"], tree["name"].str.strip_suffix("制造"), strict=True))
    return pl.Series(codes.tolist(), dtype=pl.String).replace_strict(names, default="")


def enterprise_table(seed: int, p: Population, extra: dict, order: np.ndarray) -> pl.DataFrame:
    """The 企业 rows in the published order, with the template's Chinese headers."""
    enterprises = pl.DataFrame({
        "uscc": extra["uscc"], "name": extra["name"], "former_names": extra["former"].tolist(),
        "region": p.district, "zone": extra["zone"].tolist(),
        "address": extra["address"], "main_products": main_products(p.code),
        "industry_code": p.code, "founded": dates(random_stream(seed, "dates"), p.founded),
        "registered_capital": extra["capital"], "land_area": extra["land"],
        "listing_exchange": extra["exchange"].tolist(),
        "listing_code": extra["stock"].tolist(),
        "above_scale": np.where(p.above[:, -1], "是", "否"),
        "above_scale_since": p.since, "above_scale_until": p.until,
        "tags": extra["tags"].tolist(),
    }, schema_overrides={"former_names": pl.String, "zone": pl.String, "listing_exchange": pl.String,
                         "listing_code": pl.String, "tags": pl.String}, nan_to_null=True).with_columns(
        [pl.when(pl.col(c) > 0).then(pl.col(c)).cast(pl.Int32).alias(c)
         for c in ("above_scale_since", "above_scale_until")])
    return enterprises[order].rename(ENTERPRISE_COLUMNS)
