"""A firm that fails a tier is told every unmet condition with its own gap, never a negative
one; a firm that passes by a direct route is told which route decided it."""

import pytest

from tests.engine.test_tiers import one


def _no_negative_gap(gaps: list[str]) -> None:
    assert not any("差 -" in g or "超出 -" in g for g in gaps), gaps


def test_a_failed_group_minimum_is_named_with_its_own_gap():
    # 创新型 (63号文): 知识产权 Ⅱ类 only → 5; 研发 70 / 14000 = 0.5 % → 0: 创新能力 5 of the 20
    # required. The rest: growth 18.18 % → 20, debt 50 % → 10, 领域 5–10 (manual), 主营占比
    # 92.86 % → 20, so the total (60 to 65) reaches 60: only the group minimum fails.
    result = one("innovative_sme", ip_class1_y0=0, ip_class1_own_y0=0, ip_class2_y0=3, rd_expense_y0=70)
    assert result["eligible"] is False and (result["score"], result["score_max"]) == (60, 65)
    assert "创新能力得分 5 分，需达到 20 分，差 15 分" in result["gaps"]
    assert not any(g.startswith("评价得分") for g in result["gaps"])
    _no_negative_gap(result["gaps"])


def test_a_total_and_a_group_short_are_both_named():
    # As above with 主营 falling 14000 → 13000 (growth −7.1 % → 0): 成长性 0 + 10 = 10 < 15,
    # 创新能力 5 < 20; total 5 + 0 + 0 + 10 + (5–10) + 20 = 40 to 45 < 60.
    result = one("innovative_sme", ip_class1_y0=0, ip_class1_own_y0=0, ip_class2_y0=3, rd_expense_y0=70,
                 main_revenue_y1=14000)
    assert result["eligible"] is False
    assert "评价得分至多 45 分，需达到 60 分，差 15 分" in result["gaps"]
    assert "创新能力得分 5 分，需达到 20 分，差 15 分" in result["gaps"]
    assert "成长性得分 10 分，需达到 15 分，差 5 分" in result["gaps"]
    _no_negative_gap(result["gaps"])


def test_a_required_item_at_zero_is_named():
    # 科技型 (国科发政〔2017〕115号): 科技人员 9 / 150 = 6 % → 0 points, refused though the
    # total 0 + 50 + 30 = 80 passes 60.
    result = one("tech_sme", tech_staff_y0=9, rd_expense_y0=1000)
    assert result["eligible"] is False
    assert "评分项“科技人员占职工总数比例”得 0 分，此项须得分" in result["gaps"]
    _no_negative_gap(result["gaps"])


@pytest.mark.parametrize(("honour", "route"), [
    ("high_tech", "持有有效期内的高新技术企业证书"),
    ("innovation_demo", "国家级技术创新示范企业"),
])
def test_a_direct_route_says_which_route_decided(honour, route):
    weak = {"ip_class1_y0": 0, "ip_class2_y0": 0, "rd_expense_y0": 10, "main_revenue_y0": 5000}
    held = [{"uscc": "A", "kind": honour, "level": "national", "year_granted": 2023,
             "year_expiring": None, "rank": None}]
    result = one("innovative_sme", honours=held, **weak)
    assert result["eligible"] is True and result["route"] == route


def test_a_firm_passing_on_points_names_no_route():
    assert one("innovative_sme")["route"] is None
