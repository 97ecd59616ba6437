"""跟踪问效 on tiny panels whose answer is worked by hand."""

import polars as pl

from qiangshi.engine.policies.effect import effect


def _panel(rows):
    """rows: (id, industry, size, district, revenue 2023, revenue 2025, tax 2023, tax 2025)."""
    out = []
    for eid, industry, size, district, r0, r1, t0, t1 in rows:
        for year, revenue, tax in ((2023, r0, t0), (2024, (r0 + r1) / 2, (t0 + t1) / 2), (2025, r1, t1)):
            out.append({"enterprise_id": eid, "year": year, "industry_code": industry, "size_class": size,
                        "district": district, "revenue": revenue, "tax": tax, "rd": None})
    return pl.DataFrame(out, schema_overrides={"rd": pl.Float64})


PANEL = _panel([
    # supported, cell (36, small, 历下)
    (1, "3611", "small", "历下", 100, 160, 10, 14),
    (2, "3620", "small", "历下", 200, 250, 20, 22),
    # supported, cell (38, medium, 槐荫)
    (3, "3811", "medium", "槐荫", 500, 600, 50, 50),
    # supported but no comparable firm: left out
    (4, "2710", "large", "章丘", 900, 2000, 90, 200),
    # unsupported, cell (36, small, 历下): mean change 20 revenue, 1 tax
    (5, "3612", "small", "历下", 100, 110, 10, 10),
    (6, "3699", "small", "历下", 300, 330, 30, 32),
    # unsupported, cell (38, medium, 槐荫): change 40 revenue, 0 tax
    (7, "3812", "medium", "槐荫", 400, 440, 40, 40),
    # unsupported in another district: not comparable to anyone supported
    (8, "3611", "small", "市中", 100, 500, 10, 50),
])
SUPPORT = pl.DataFrame({"enterprise_id": [1, 2, 3, 4], "amount": [30.0, 30.0, 60.0, 100.0]})


def test_difference_in_differences_matches_the_hand_worked_answer():
    result = effect(PANEL, SUPPORT, 2024)
    assert (result.base_year, result.after_year) == (2023, 2025)
    assert (result.supported_firms, result.control_firms, result.unmatched_firms) == (3, 3, 1)
    revenue = {o.code: o for o in result.outcomes}["revenue"]
    # supported changes 60, 50, 100 → mean 70; their cells' controls 20, 20, 40 → mean 80/3
    assert revenue.supported_change == 70
    assert abs(revenue.control_change - 80 / 3) < 1e-9
    assert abs(revenue.difference - (70 - 80 / 3)) < 1e-9
    tax = {o.code: o for o in result.outcomes}["tax"]
    # tax changes 4, 2, 0 against 1, 1, 0 → (3 + 1 + 0) / 3
    assert abs(tax.difference - 4 / 3) < 1e-9


def test_money_per_extra_revenue_counts_only_matched_firms():
    result = effect(PANEL, SUPPORT, 2024)
    assert result.support_total == 120
    assert abs(result.support_per_revenue - 40 / (70 - 80 / 3)) < 1e-9
    assert "3家受支持企业" in result.summary and "万元" in result.summary


def test_an_outcome_without_data_is_left_out():
    assert [o.code for o in effect(PANEL, SUPPORT, 2024).outcomes] == ["revenue", "tax"]


def test_too_few_comparable_firms_gives_no_estimate_and_says_why():
    result = effect(PANEL.filter(pl.col("enterprise_id") != 6), SUPPORT, 2024)
    assert result.outcomes == [] and result.support_per_revenue is None
    assert "可比企业不足" in result.reason and result.summary.startswith("无法评估")


def test_the_latest_year_stands_in_for_year_plus_one():
    result = effect(PANEL.filter(pl.col("year") < 2025), SUPPORT, 2023)
    assert (result.base_year, result.after_year) == (2022, 2024)
    assert "没有受支持企业同时有2022年和2024年的数据" in result.reason  # no 2022 rows


def test_no_later_year_gives_a_reason():
    result = effect(PANEL, SUPPORT, 2025)
    assert result.after_year is None and "2025年以后" in result.reason


def test_the_assumptions_are_stated_in_chinese():
    assert any("平行趋势" in a for a in effect(PANEL, SUPPORT, 2024).assumptions)
