"""荣誉资质: the honours, titles and awards each firm holds, with the years granted and expiring.

Each kind goes to the eligible firms with the best score (plus Gumbel noise); the awards
behind the tier rules' 直通 conditions come from their own stream after the others.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .calibration import (
    DEMO_SOURCE,
    FIRST_HONOUR_YEAR,
    HONOUR_START,
    HONOURS,
    PROFILES,
    RD_INSTITUTION,
    TIER_HONOURS,
)
from .draws import choice, gumbel_pick, random_stream, scaled


def honour_rows(seed, years, above, software, group, founded, extra):
    """Honour rows and, per kind, the firms that ever held it. Each kind goes to the eligible
    firms with the best score (plus Gumbel noise); programmes with a validity are renewed when
    they expire (85 %, 科技型中小企业 92 % a year)."""
    firms = above.shape[0]
    rng = random_stream(seed, "honours")
    last_year = int(years[-1])
    latest, innovation, cagr = extra["latest"], extra["innovation"], extra["cagr"]
    log_size = np.log(np.maximum(latest, 1))
    listed = np.zeros(firms, dtype=bool)
    listed[extra["listed"]] = True
    employees_guess = latest / np.array([PROFILES[g].productivity for g in group])
    sme = (employees_guess < 1000) | (latest < 40_000)
    small = (employees_guess <= 500) & (latest <= 20_000)
    industrial_above = above.any(axis=1) & ~software
    heavy = np.isin(group, ["steel", "building", "chemical", "power", "nonferrous", "paper", "petro"])
    smart = np.isin(group, ["machinery", "vehicle", "electronics", "electrical", "instrument", "pharma"])
    rules = {
        "高新技术企业": (innovation, founded <= last_year - 1),
        "科技型中小企业": (innovation, small),
        "创新型中小企业": (innovation, sme & (latest >= 100)),
        "专精特新中小企业": (innovation + 0.3 * log_size, sme & (latest >= 1_000)),
        "制造业单项冠军": (innovation + log_size, industrial_above & (latest >= 10_000)),
        "瞪羚企业": (6 * cagr + 0.5 * innovation, ~listed & (latest >= 1_000) & (founded <= last_year - 3)),
        "独角兽企业": (innovation + 3 * cagr, ~listed & (founded >= last_year - 12) & (latest >= 20_000)
                     & (software | np.isin(group, ["electronics", "pharma", "vehicle"]))),
        "绿色工厂": (0.5 * log_size + heavy, industrial_above),
        "智能工厂": (0.5 * log_size + smart, industrial_above),
        "企业技术中心": (innovation + 0.7 * log_size, (industrial_above | software) & (latest >= 2_000)),
    }
    holders: dict[str, np.ndarray] = {}
    rows = []
    for kind, level, count, validity in HONOURS:
        if kind == "专精特新“小巨人”":  # chosen among the 专精特新 firms picked above
            score = innovation + log_size
            eligible = np.isin(np.arange(firms), holders["专精特新中小企业"]) & (latest >= 5_000)
        else:
            score, eligible = rules[kind]
        if kind == "制造业单项冠军" and level == "国家级":
            eligible = eligible & (latest >= 40_000)
        taken = holders.get(kind, np.empty(0, dtype=np.int64))
        eligible = eligible & ~np.isin(np.arange(firms), taken)
        picked = gumbel_pick(rng, score, eligible, scaled(count, firms))
        earliest = np.maximum(founded[picked] + 1, HONOUR_START.get(kind, FIRST_HONOUR_YEAR))
        if kind == "专精特新“小巨人”":  # a 小巨人 is already a 专精特新中小企业
            earliest = np.maximum(earliest, first_grant(rows, "专精特新中小企业", firms)[picked] + 1)
        keep = earliest <= last_year
        picked, earliest = picked[keep], earliest[keep]
        holders[kind] = np.concatenate([taken, picked])
        granted = earliest + np.floor(rng.random(picked.size) * (last_year - earliest + 1)).astype(int)
        step = validity or 0
        while picked.size:
            expiring = granted + validity if validity else np.full(picked.size, -1)
            rows.append(pl.DataFrame({"_firm": picked, "kind": kind, "level": level,
                                      "year_granted": granted, "year_expiring": expiring}))
            if not step:
                break
            renew = rng.random(picked.size) < (0.92 if step == 1 else 0.85)
            picked, granted = picked[renew], granted[renew] + step
            picked, granted = picked[granted <= last_year], granted[granted <= last_year]
    tech_center = np.isin(np.arange(firms), holders["企业技术中心"])
    rows += tier_honour_rows(seed, last_year, founded, holders, {
        "科技奖励": (innovation + 0.5 * log_size, industrial_above | software | (innovation > 0.5)),
        # R&D institutions grow out of a 企业技术中心 or a strongly research-minded firm.
        RD_INSTITUTION: (innovation + 0.7 * log_size + 1.5 * tech_center, tech_center | (innovation > 1.0)),
        "知识产权优势/示范企业": (innovation + 0.3 * log_size, innovation > 0),
        "技术创新示范企业": (innovation + log_size, industrial_above),
        "创客中国大赛获奖": (innovation + 3 * cagr, sme & ~listed & (founded >= last_year - 10)),
    }, latest)
    frame = pl.concat(rows, how="diagonal").with_columns(
        pl.col("year_granted").cast(pl.Int32),
        pl.when(pl.col("year_expiring") > 0).then(pl.col("year_expiring")).cast(pl.Int32)
        .alias("year_expiring"),
        pl.when(pl.col("rank") > 0).then(pl.col("rank")).cast(pl.Int32).alias("rank"),
        pl.lit(DEMO_SOURCE).alias("source"),
    )
    return frame, holders


def tier_honour_rows(seed, last_year, founded, holders, rules, latest) -> list[pl.DataFrame]:
    """TIER_HONOURS rows (no expiry, granted once), adding their firms to `holders`. Each kind
    goes to the eligible firms with the best score; better ranks are likelier (∝ 1/√rank)."""
    rng = random_stream(seed, "tier_honours")
    firms = founded.size
    rows = []
    for kind, level, count, least, ranks in TIER_HONOURS:
        score, eligible = rules[kind]
        taken = holders.get(kind, np.empty(0, dtype=np.int64))
        eligible = eligible & (latest >= least) & ~np.isin(np.arange(firms), taken)
        picked = gumbel_pick(rng, score, eligible, scaled(count, firms))
        earliest = np.maximum(founded[picked] + 1, FIRST_HONOUR_YEAR)
        picked, earliest = picked[earliest <= last_year], earliest[earliest <= last_year]
        holders[kind] = np.concatenate([taken, picked])
        if not picked.size:
            continue
        granted = earliest + np.floor(rng.random(picked.size) * (last_year - earliest + 1)).astype(int)
        if ranks:
            options = np.arange(ranks[0], ranks[1] + 1)
            rank = choice(rng, options, options ** -0.5, picked.size)
        else:
            rank = np.full(picked.size, -1)
        rows.append(pl.DataFrame({"_firm": picked, "kind": kind, "level": level, "year_granted": granted,
                                  "year_expiring": np.full(picked.size, -1), "rank": rank}))
    return rows


def first_grant(rows: list[pl.DataFrame], kind: str, firms: int) -> np.ndarray:
    """Per firm, the first year it was granted `kind` in the rows made so far (a far future
    year when never)."""
    granted = pl.concat(rows).filter(pl.col("kind") == kind)
    first = np.full(firms, 9999)
    np.minimum.at(first, granted["_firm"].to_numpy(), granted["year_granted"].to_numpy())
    return first
