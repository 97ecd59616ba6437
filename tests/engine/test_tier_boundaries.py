"""Tier thresholds and bands meet a computed measure exactly: a value that sits on a boundary
but comes out of floating point a hair off it (115 / 100 − 1 = 0.1499999…) takes the band the
boundary belongs to, for every boundary of every packaged rule."""

import math

import polars as pl
import pytest

from qiangshi.engine import tier_rules
from qiangshi.engine.tiers import outcome, rules_from, scale_points
from qiangshi.reference.documents import tier_documents
from tests.engine.test_tiers import one

PACKAGED = rules_from(tier_documents())


def _noisy(value: float) -> list[float]:
    """The boundary a few last bits below and above (the noise of a ratio or a root)."""
    step = 4 * math.ulp(value)
    return [value - step, value + step]


def _numeric_tests():
    for rule in PACKAGED:
        tests = [t for c in rule.conditions for b in c.branches for t in b]
        tests += [t for r in rule.direct for b in r.branches for t in b]
        for test in dict.fromkeys(tests):
            if test.op != "true":
                name = f"{rule.tier}@{rule.version}:{test.metric}{test.op}{test.value:g}"
                yield pytest.param(test, id=name)


def _scales():
    for rule in PACKAGED:
        for item in (rule.score.items if rule.score else ()):
            for scale in item.scales:
                for cut in scale.cuts:
                    yield pytest.param(scale, cut, id=f"{rule.tier}@{rule.version}:{item.key}@{cut:g}")


@pytest.mark.parametrize("test", list(_numeric_tests()))
def test_each_packaged_threshold_treats_float_noise_as_the_boundary(test: tier_rules.Test):
    frame = pl.DataFrame({f"m__{test.metric}": [test.value, *_noisy(test.value)]})
    exact, below, above = frame.select(outcome(test).alias("o"))["o"].to_list()
    assert below == exact and above == exact


@pytest.mark.parametrize(("scale", "cut"), list(_scales()))
def test_each_packaged_band_boundary_treats_float_noise_as_the_boundary(scale, cut):
    frame = pl.DataFrame({f"m__{scale.metric}": [cut, *_noisy(cut)]})
    exact, below, above = frame.select(scale_points(scale, scale.points).alias("p"))["p"].to_list()
    assert below == exact and above == exact


def test_growth_of_exactly_15_percent_earns_the_15_percent_band():
    # 主营 11500 / 10000 − 1 = 0.15, which binary floating point gives as 0.1499999…: the
    # 创新型 growth band "15 % and above" is worth 20 points, the band below 15.
    at = one("innovative_sme", main_revenue_y0=11500, main_revenue_y1=10000)
    below = one("innovative_sme", main_revenue_y0=11499, main_revenue_y1=10000)
    assert at["score"] - below["score"] == 5


def test_compound_growth_of_exactly_20_percent_meets_the_gazelle_line():
    # 营业收入 5000 → 7200 over two years: √1.44 − 1 = 0.2, computed as 0.19999999999999996.
    # The 2000 万–1 亿元 band asks 20 % (鲁工信发〔2020〕8号); 7199 is short of it.
    at = one("gazelle", revenue_y0=7200, revenue_y1=6000, revenue_y2=5000, net_profit_y2=900)
    below = one("gazelle", revenue_y0=7199, revenue_y1=6000, revenue_y2=5000, net_profit_y2=900)
    assert "近两年营业收入或净利润复合增长率" not in " ".join(at["failed"])
    assert "近两年营业收入或净利润复合增长率" in " ".join(below["failed"])


def test_exact_value_is_rounded_half_away_from_zero_to_the_declared_decimals():
    from qiangshi.engine.exact import DECIMALS, exact

    values = pl.Series([14.999999999999991, 0.1 + 0.2, 2.0000004, 2.0000005, -2.0000005])
    assert pl.select(exact(pl.lit(values))).to_series().to_list() == [
        15.0, 0.3, 2.0, 2.000001, -2.000001]
    assert DECIMALS == 6


OPEN = "⚠ 原文未写明档位边界归属，本规则按“下限含、上限不含”"


@pytest.mark.parametrize(("liabilities", "points"), [(6599, 10), (6600, 5), (8999, 5), (9000, 0)])
def test_debt_band_left_open_by_the_source_takes_the_stated_reading(liabilities, points):
    # 创新型 资产负债率 "<55 % → 10；55 %–75 % → 5；>75 % → 0" (63号文) does not say where 55 %
    # and 75 % belong; the rule reads each cut as the lower bound of the band above it. Assets
    # 12000: 6600 is 55 %, 9000 is 75 %.
    result = one("innovative_sme", total_liabilities_y0=liabilities)
    [debt] = [i for i in result["items"] if i["label"].startswith("上年度资产负债率")]
    assert debt["points"] == points
    assert debt["label"] == f"上年度资产负债率（{OPEN}）"


def test_a_band_the_source_states_carries_no_warning():
    # 科技型 (国科发政〔2017〕115号) writes "（含）" on each band.
    items = one("tech_sme")["items"]
    assert not any("⚠" in i["label"] for i in items)
