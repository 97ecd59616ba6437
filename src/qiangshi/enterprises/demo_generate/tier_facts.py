"""The figures the tier rules test (培育指标) in 年度数据: high-tech revenue, staff, IP, niche
years, market position, digital level, valuations, credit scores."""

from __future__ import annotations

import numpy as np

from .calibration import RD_INSTITUTION
from .draws import choice, gumbel_pick, random_stream, scaled
from .honours import first_grant


def tier_facts(seed, years, revenue, exists, above, software, holders, honours, extra, founded, *,
               profit, rd, employees) -> dict[str, np.ndarray]:
    """The figures the tier rules test (培育指标), firm × year with NaN for not reported.

    Drawn from their own stream, so every statistical figure stays as it was. Holders of a
    tier meet what it requires; firms with no tier report little (a small firm keeps no
    ledger of IP or R&D staff), and what they report spreads across the thresholds so that
    some firms sit just below them."""
    rng = random_stream(seed, "tier_facts")
    firms, n_years = revenue.shape
    shape = (firms, n_years)
    last_year = int(years[-1])
    innovation, latest = extra["innovation"], extra["latest"]

    def held(*kinds):
        return np.isin(np.arange(firms), np.concatenate([holders[k] for k in kinds]))

    high_tech = held("高新技术企业")
    specialised = held("专精特新中小企业", "专精特新“小巨人”")
    giant = held("专精特新“小巨人”")
    champion = held("制造业单项冠军")
    unicorn = held("独角兽企业")
    cultivated = high_tech | specialised | champion | held(
        "科技型中小企业", "创新型中小企业", "企业技术中心", RD_INSTITUTION)
    reporter = cultivated | (rng.random(firms) < np.where(above.any(axis=1), 0.45, 0.12))
    reported = exists & reporter[:, None]
    techy = innovation > 0.3

    def firm_noise(sigma):
        return rng.lognormal(0, sigma, shape)

    net_profit = np.where(profit > 0, np.round(profit * rng.uniform(0.72, 0.78, shape), 2), profit)

    # 高企: 高新技术产品（服务）收入 ≥ 60 % of revenue (the 0.605 floor survives rounding).
    ht_share = np.where(high_tech, rng.uniform(0.65, 0.95, firms), rng.uniform(0.30, 0.70, firms))
    ht_share = np.clip(ht_share[:, None] + rng.normal(0, 0.03, shape), 0.0, 0.99)
    ht_share = np.where(high_tech[:, None], np.maximum(ht_share, 0.605), ht_share)
    reports_ht = (high_tech | (reporter & techy & (rng.random(firms) < 0.6)))[:, None] & exists
    high_tech_revenue = np.where(reports_ht, np.round(revenue * ht_share, 2), np.nan)

    domestic = np.where(high_tech, rng.uniform(0.85, 1.0, firms), rng.uniform(0.5, 1.0, firms))
    domestic_rd = np.where(reported, np.round(rd * domestic[:, None], 2), np.nan)
    cost_expense = np.where(reported, np.round((revenue - profit) * rng.uniform(0.99, 1.03, shape), 2),
                            np.nan)

    # Equity rounds: young research-minded unlisted firms now and then, unicorns often and big.
    listed = np.isin(np.arange(firms), extra["listed"])
    investable = (~listed & (innovation > 1.0) & (founded >= last_year - 10)) | unicorn
    raised = investable[:, None] & (rng.random(shape) < np.where(unicorn, 0.5, 0.06)[:, None])
    amount = np.where(unicorn[:, None], rng.lognormal(np.log(80_000), 0.6, shape),
                      np.maximum(rng.lognormal(np.log(3_000), 1.1, shape), 100))
    equity_financing = np.where(raised, np.round(amount, 2),
                                np.where((reporter | investable)[:, None], 0.0, np.nan))
    equity_financing = np.where(exists, equity_financing, np.nan)

    # Staff: 高企 need 科技人员 ≥ 10 % of the workforce; 研发人员 are part of them.
    tech_share = np.where(high_tech, rng.uniform(0.12, 0.45, firms), rng.uniform(0.02, 0.25, firms))
    tech_share = np.where(software, np.maximum(tech_share, rng.uniform(0.2, 0.7, firms)), tech_share)
    tech_share = np.clip(tech_share[:, None] * firm_noise(0.05), 0.0, 1.0)
    tech_share = np.where(high_tech[:, None], np.maximum(tech_share, 0.10), tech_share)
    tech_staff = np.where(reported, np.minimum(np.ceil(employees * tech_share), employees), np.nan)
    rd_staff = np.round(tech_staff * rng.uniform(0.5, 0.9, firms)[:, None])

    # IP: a stock that grows over the years. Most 高企 and 专精特新 hold Ⅰ类 (a 小巨人 at least
    # two); other firms mostly hold none.
    scale = np.clip(np.exp(0.5 * innovation) * (np.maximum(latest, 1) / 5_000) ** 0.3, 0.05, 30)
    class1_floor = np.select([giant, (high_tech | specialised) & (rng.random(firms) < 0.9)], [2, 1], 0)
    class1 = np.maximum(rng.poisson(np.where(cultivated, 3.0, 0.4) * scale), class1_floor)
    class2 = np.maximum(rng.poisson(np.where(cultivated, 8.0, 1.5) * scale),
                        np.where(high_tech & (class1 == 0), 5, 0))
    age = 0.88 ** (last_year - years)[None, :]

    def stock(final, floor):
        return np.where(reported, np.maximum(np.round(final[:, None] * age), floor[:, None]), np.nan)

    ip_class1 = stock(class1, class1_floor)
    ip_class2 = stock(class2, np.zeros(firms))
    ip_class1_own = np.round(ip_class1 * rng.uniform(0.6, 1.0, firms)[:, None])
    ip_class1_high_value = np.floor(ip_class1 * rng.uniform(0.0, 0.4, firms)[:, None])
    invention_patents = ip_class1 - np.floor(ip_class1 * rng.uniform(0.0, 0.15, firms)[:, None])
    utility_software = ip_class2 - np.floor(ip_class2 * rng.uniform(0.0, 0.2, firms)[:, None])

    # Niche years: 专精特新 need 2 from the year they were first recognised, 小巨人 3,
    # 单项冠军 10.
    start = founded + np.floor(rng.exponential(1.5, firms))
    for kind, years_needed in (("专精特新中小企业", 2), ("专精特新“小巨人”", 3), ("制造业单项冠军", 10)):
        start = np.minimum(start, first_grant([honours], kind, firms) - years_needed)
    niche_years = np.where(reported, np.maximum(years[None, :] - start[:, None], 0), np.nan)

    # Market position: shares of the leading product's domestic niche, the rank following.
    share = np.select([champion, giant, specialised],
                      [rng.uniform(20, 60, firms), rng.uniform(10, 35, firms),
                       rng.lognormal(np.log(6), 0.6, firms)], rng.lognormal(np.log(2), 0.8, firms))
    share = np.clip(share, 0.05, 80)[:, None] * firm_noise(0.05)
    share = np.where(giant[:, None], np.maximum(share, 10.0), share)  # the 小巨人 line
    in_market = (specialised | champion | (reporter & techy & (rng.random(firms) < 0.3)))[:, None] & exists
    market_share = np.where(in_market, np.round(np.minimum(share, 100), 2), np.nan)
    rank = np.clip(np.round(25 / share * firm_noise(0.2)), 1, 300)
    market_rank = np.where(in_market, np.where(champion[:, None], 1, rank), np.nan)

    # 中小企业数字化水平评测 level, one per firm; 专精特新 at 二级 or 三级.
    level = np.select([giant, specialised],
                      [np.where(rng.random(firms) < 0.7, 3, 2), np.where(rng.random(firms) < 0.45, 3, 2)],
                      choice(rng, [1, 2, 3, 4], [0.45, 0.35, 0.17, 0.03], firms))
    digital_level = np.where(reported & (specialised | (rng.random(firms) < 0.5))[:, None],
                             level[:, None], np.nan)

    # Valuations (亿美元) only for unicorns and a handful of young fast growers, rising yearly.
    growers = gumbel_pick(rng, 6 * extra["cagr"] + innovation,
                          ~listed & ~unicorn & (founded >= last_year - 12) & (latest >= 1_000),
                          scaled(15, firms))
    valued = unicorn | np.isin(np.arange(firms), growers)
    final = np.where(unicorn, rng.uniform(10.5, 40, firms), rng.uniform(1, 9.5, firms))
    valuation = final[:, None] / (1 + rng.uniform(0.2, 0.6, firms)[:, None]) ** (last_year - years)[None, :]
    valuation = np.where(valued[:, None] & exists, np.round(valuation, 2), np.nan)

    # Third-party credit scores for 规上 firm-years: better for cultivated firms.
    credit = 74 + rng.normal(0, 6, firms) + 4 * cultivated + 2 * np.clip(innovation, -1, 2)
    credit_score = np.where(above, np.round(np.clip(credit[:, None] + rng.normal(0, 2, shape), 60, 95), 1),
                            np.nan)

    return {"net_profit": net_profit, "high_tech_revenue": high_tech_revenue, "domestic_rd": domestic_rd,
            "cost_expense": cost_expense, "equity_financing": equity_financing, "rd_staff": rd_staff,
            "tech_staff": tech_staff, "ip_class1": ip_class1, "ip_class1_own": ip_class1_own,
            "ip_class1_high_value": ip_class1_high_value, "ip_class2": ip_class2,
            "invention_patents": invention_patents, "utility_software": utility_software,
            "niche_years": niche_years, "market_share": market_share, "market_rank": market_rank,
            "digital_level": digital_level, "valuation": valuation, "credit_score": credit_score}
