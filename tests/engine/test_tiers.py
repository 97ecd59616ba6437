"""Tier rules against hand-worked firms (criteria: 工信部企业〔2022〕63号, 国科发火〔2016〕32号/195号,
国科发政〔2017〕115号, the 2000 万元 规上 line)."""

import datetime

import polars as pl
import pytest

from qiangshi.engine.tier_metrics import firm_frame
from qiangshi.engine.tier_rules import RuleInvalid, parse_rule, rules_in_force
from qiangshi.engine.tier_wording import describe
from qiangshi.engine.tiers import HONOUR_SCHEMA, all_metrics, assess, rules_from
from qiangshi.reference.documents import tier_documents

MID_2025 = datetime.date(2025, 6, 30)


def load_rules(on: datetime.date) -> list:
    """The packaged rules in force on `on` (the documents come from the reference package)."""
    return rules_in_force(rules_from(tier_documents()), on)

# A manufacturing SME with three years of figures (万元). Hand-worked for the 2022 rules:
#   R&D share 294 / 14000 = 2.1 %; 主营 share 13000 / 14000 = 92.86 %;
#   主营 growth 13000 / 11000 − 1 = 18.18 %; debt 6000 / 12000 = 50 %.
BASE = {
    "uscc": "A", "founded": datetime.date(2015, 1, 1), "listed": False, "above_scale": True,
    "industry_code": "3411",
    "revenue_y0": 14000, "revenue_y1": 12000, "revenue_y2": 10000,
    "main_revenue_y0": 13000, "main_revenue_y1": 11000, "main_revenue_y2": 9500,
    "rd_expense_y0": 294, "rd_expense_y1": 250, "rd_expense_y2": 200,
    "employees_y0": 150, "total_assets_y0": 12000, "total_liabilities_y0": 6000,
    "net_profit_y0": 900, "niche_years_y0": 5, "ip_class1_y0": 1, "ip_class1_own_y0": 1,
    "ip_class1_high_value_y0": 0, "ip_class2_y0": 6, "digital_level_y0": 2, "rd_staff_y0": 20,
    "tech_staff_y0": 30,
}


def run(*firms: dict, on=MID_2025, honours=(), tier=None) -> pl.DataFrame:
    rules = [r for r in load_rules(on) if tier is None or r.tier == tier]
    table = pl.DataFrame(list(honours), schema=HONOUR_SCHEMA)
    firm_table = firm_frame([{**BASE, **f} for f in firms])
    return describe(assess(firm_table, table, rules, as_of=on), firm_table, table, rules, on)


def one(tier: str, on=MID_2025, honours=(), **changes) -> dict:
    return run(changes, on=on, honours=honours, tier=tier).row(0, named=True)


def test_gap_is_restated_in_the_firms_own_money():
    result = one("specialized")
    assert result["eligible"] is False
    assert ("研发费用占营业收入比重 2.1%，需达到 3%，差 0.9 个百分点 ≈ 研发费用再增加 126 万元"
            in result["gaps"])


def test_innovative_sme_points_table_worked_by_hand():
    # 知识产权: 自主研发Ⅰ类 → 15; 研发占比 2.1 % → 10; 主营增长 18.18 % → 20; 负债率 50 % → 10;
    # 领域: manual, at least 5; 主营占比 92.86 % → 20. Known total 15+10+20+10+5+20 = 80.
    result = one("innovative_sme")
    assert (result["score"], result["score_max"]) == (80, 85)
    assert result["eligible"] is True
    assert any("合规经营" in m for m in result["manual"])


def test_innovative_sme_fails_a_category_minimum_even_with_60_points():
    # No Ⅰ类, Ⅱ类 only → 5; R&D 0.5 % → 0: 创新能力 5 < 20, though the total may reach 60.
    result = one("innovative_sme", ip_class1_y0=0, ip_class2_y0=3, rd_expense_y0=70)
    assert result["eligible"] is False and result["score"] >= 50


@pytest.mark.parametrize(("rd", "points"), [(419.99, 10), (420, 15), (699.99, 15), (700, 20)])
def test_band_lower_bound_belongs_to_the_band(rd, points):
    # revenue 14000: 3 % = 420, 5 % = 700.
    base = one("innovative_sme")["score"] - 10  # the 2.1 % firm earns 10 for R&D
    assert one("innovative_sme", rd_expense_y0=rd)["score"] == base + points


def test_innovative_sme_direct_route_passes_a_low_score():
    weak = {"ip_class1_y0": 0, "ip_class2_y0": 0, "rd_expense_y0": 10, "main_revenue_y0": 5000}
    assert one("innovative_sme", **weak)["eligible"] is False
    held = [{"uscc": "A", "kind": "high_tech", "level": "national", "year_granted": 2023,
             "year_expiring": 2025, "rank": None}]
    assert one("innovative_sme", honours=held, **weak)["eligible"] is True
    expired = [{**held[0], "year_granted": 2021, "year_expiring": 2024}]
    assert one("innovative_sme", honours=expired, **weak)["eligible"] is False


@pytest.mark.parametrize(("revenue", "eligible", "near"), [
    (2000, True, False), (1999.99, False, True), (1500, False, True), (1499.99, False, False)])
def test_above_scale_line_and_the_near_band(revenue, eligible, near):
    result = one("above_scale", main_revenue_y0=revenue)
    assert (result["eligible"], result["near"]) == (eligible, near)


def test_above_scale_is_an_industrial_line():
    # 6511 软件开发 is not 工业 (门类 I): no 规上工业 whatever its revenue.
    result = one("above_scale", industry_code="6511", main_revenue_y0=5000)
    assert result["eligible"] is False and result["near"] is False
    assert "属于工业（GB/T 4754-2017 门类 B、C、D）" in result["failed"]


@pytest.mark.parametrize(("revenue", "rd_share_needed"), [(5000, 5), (5000.01, 4), (20000, 4), (20000.01, 3)])
def test_high_tech_rd_share_follows_the_revenue_band(revenue, rd_share_needed):
    # Three years of revenue equal to the latest; R&D share just under the band's line.
    share = rd_share_needed - 0.01
    firm = {f"revenue_y{k}": revenue for k in range(3)} | {
        f"rd_expense_y{k}": revenue * share / 100 for k in range(3)}
    result = one("high_tech", **firm)
    assert any(f"需达到 {rd_share_needed}%" in g for g in result["gaps"])


def test_high_tech_growth_follows_the_work_guideline_formula():
    # 净资产 y2 1000, y1 1500, y0 1800: ½ × (1.5 + 1.2) − 1 = 35 % → the top band (9–10).
    firm = {"total_assets_y2": 2000, "total_liabilities_y2": 1000, "total_assets_y1": 2500,
            "total_liabilities_y1": 1000, "total_assets_y0": 3000, "total_liabilities_y0": 1200,
            "revenue_y0": 10000, "revenue_y1": 10000, "revenue_y2": 10000}
    metrics = all_metrics(MID_2025)
    value = firm_frame([{**BASE, **firm}]).select(metrics["net_assets_growth_195"].expr).item()
    assert value == pytest.approx(35.0)
    # Expert items leave the score open: known points are a floor, not a verdict.
    result = one("high_tech", **firm)
    assert result["score"] == 7 + 9 + 0 and result["score_max"] == 8 + 10 + 0 + 72


def test_missing_data_is_reported_as_missing_not_zero():
    result = one("specialized", rd_expense_y0=None)
    assert result["eligible"] is None
    assert "上年度研发费用不低于 100 万元且占营业收入比重不低于 3%" in result["missing"]
    assert result["near"] is False
    empty = run({k: None for k in BASE if k != "uscc"}, tier="above_scale").row(0, named=True)
    assert empty["eligible"] is None and empty["failed"] == []


def test_score_left_open_by_missing_items_decides_nothing():
    # 科技型: R&D 2.1 % of revenue → 10, but the cost-based measure may still give up to 50.
    result = one("tech_sme", revenue_y0=14000, total_assets_y0=12000)
    assert result["eligible"] is None
    assert "评分项：研发投入（占销售收入或占成本费用支出，取高）" in result["missing"]
    with_cost = one("tech_sme", cost_expense_y0=1000)  # 294 / 1000 = 29.4 % → 40
    # 科技人员 30 / 150 = 20 % → 12; Ⅰ类 ≥ 1 → 30.
    assert with_cost["score"] == 12 + 40 + 30 and with_cost["eligible"] is True


def test_tech_sme_needs_a_nonzero_tech_staff_score():
    # 科技人员 9 / 150 = 6 % → 0 points: refused though 0 + 50 + 30 = 80.
    result = one("tech_sme", tech_staff_y0=9, rd_expense_y0=1000)
    assert result["score"] == 80 and result["eligible"] is False


def test_version_switch_by_assessment_date():
    before = {r.tier: r.version for r in load_rules(datetime.date(2026, 3, 31))}
    after = {r.tier: r.version for r in load_rules(datetime.date(2026, 4, 1))}
    assert before["specialized"] == "miit_2022_63" and after["specialized"] == "miit_2026_2"
    assert "tech_sme" in before and "tech_sme" not in after
    assert after["innovative_sme"] == "miit_2026_2"
    renamed = one("innovative_sme", on=datetime.date(2026, 6, 30))
    assert renamed["tier_name"] == "科技和创新型中小企业" and renamed["verified"] is False


def test_2026_specialized_requires_the_base_title_and_each_years_rd():
    result = one("specialized", on=datetime.date(2026, 6, 30), rd_expense_y0=500, rd_expense_y1=90)
    assert "已获科技和创新型中小企业称号" in result["failed"]
    assert any("较低一年" in g and "差 10 万元" in g for g in result["gaps"])


def test_little_giant_gaps_follow_the_firms_revenue_band():
    # revenue 14000 ≥ 1 亿: the 3 % band applies, not the award route.
    result = one("little_giant")
    assert any("需达到 3%" in g for g in result["gaps"])
    assert not any("科技奖励" in g for g in result["gaps"])


def test_specialized_near_within_ten_points():
    # R&D 420 = 3 % meets every condition. Flat 主营 (growth 0 → 2) and 净利润率 0.71 % (→ 0):
    # known 5+2+2+3+0+3+8+8+3+0 = 34; the open items (领域 5, 质量 5, 特色化 4+4+4+3) add 25 → 59.
    firm = {"rd_expense_y0": 420, "main_revenue_y1": 13000, "main_revenue_y2": 13000,
            "net_profit_y0": 100}
    result = one("specialized", **firm)
    assert (result["score"], result["score_max"]) == (34, 59)
    assert result["eligible"] is False and result["near"] is True
    assert "评价得分至多 59 分，需达到 60 分，差 1 分" in result["gaps"]
    weaker = {**firm, "digital_level_y0": 1, "rd_staff_y0": 0}  # 数字化 3 → 0, 研发人员 3 → 0: 53
    assert one("specialized", **weaker)["score_max"] == 53
    # Ⅰ类 not self-developed (8 → 6) and 2 years in the niche (2 → 1): 50, exactly 10 short.
    weaker |= {"ip_class1_own_y0": 0, "niche_years_y0": 2}
    assert one("specialized", **weaker)["near"] is True
    # 负债率 8000 / 12000 = 66.7 % (3 → 1): 48, 12 short.
    assert one("specialized", **weaker, total_liabilities_y0=8000)["near"] is False


def test_unknown_metric_in_a_rule_is_refused_in_chinese():
    doc = {"tier": "x", "name": "测试", "version": "1", "document": "无", "effective_from": "2025-01-01",
           "conditions": [{"key": "a", "label": "甲", "tests": [["no_such", ">=", 1]]}]}
    with pytest.raises(RuleInvalid) as error:
        parse_rule(doc, set(all_metrics(MID_2025)))
    assert "未知指标 'no_such'" in str(error.value)


# ---------------------------------------------------------------- each tier: pass, fail, boundary


@pytest.mark.parametrize(("employees", "revenue", "sme"), [
    (1000, 40000, False), (999, 40000, True), (1000, 39999.99, True)])
def test_sme_needs_both_large_thresholds_to_be_large(employees, revenue, sme):
    assert one("sme", employees_y0=employees, revenue_y0=revenue)["eligible"] is sme


@pytest.mark.parametrize(("revenue", "eligible", "near"), [
    (100000, True, False), (99999.99, False, True), (80000, False, True), (79999, False, False)])
def test_ten_yi_scale_and_its_near_band(revenue, eligible, near):
    result = one("scale_10yi", revenue_y0=revenue)
    assert (result["eligible"], result["near"]) == (eligible, near)


GAZELLE = {"revenue_y0": 1500, "revenue_y2": 960, "rd_expense_y0": 90, "rd_expense_y1": 60,
           "revenue_y1": 1200, "total_liabilities_y0": 5000, "invention_patents_y0": 2,
           "credit_score_y0": 75, "net_profit_y0": 100, "net_profit_y2": 100}  # profit flat


@pytest.mark.parametrize(("revenue_y2", "eligible"), [(960, True), (961, False)])
def test_gazelle_growth_line_of_its_revenue_band(revenue_y2, eligible):
    # 1000–2000 万元 band: (1500 / 960) ** 0.5 − 1 = 25 % exactly; from 961 it is below.
    # R&D 90 / 1500 = 6 % and 60 / 1200 = 5 % (each year ≥ 5 %); debt 5000 / 12000 < 70 %.
    result = one("gazelle", **{**GAZELLE, "revenue_y2": revenue_y2})
    assert result["eligible"] is eligible
    if not eligible:
        assert any("需达到 25%" in g for g in result["gaps"])


def test_gazelle_band_changes_the_growth_line_at_2000():
    # 2000 万元 falls in the next band: 20 % suffices. (2000 / 1389) ** 0.5 − 1 = 20.0 %.
    firm = {**GAZELLE, "revenue_y0": 2000, "revenue_y2": 1388.8, "rd_expense_y0": 100}
    assert one("gazelle", **firm)["eligible"] is True
    assert one("gazelle", **firm, listed=True)["eligible"] is False


@pytest.mark.parametrize(("valuation", "eligible"), [(10, False), (10.01, True)])
def test_unicorn_valuation_must_exceed_ten_billion_dollars(valuation, eligible):
    result = one("unicorn", founded=datetime.date(2018, 1, 1), valuation_y0=valuation,
                 credit_score_y0=80)
    assert result["eligible"] is eligible


@pytest.mark.parametrize(("main_revenue", "eligible"), [(40000, True), (39999.99, False)])
def test_national_champion_revenue_line(main_revenue, eligible):
    firm = {f"main_revenue_y{k}": main_revenue for k in range(3)} | {"niche_years_y0": 10}
    assert one("champion_national", **firm)["eligible"] is eligible


def test_little_giant_holders_are_exempt_from_the_champion_revenue_line():
    held = [{"uscc": "A", "kind": "little_giant", "level": "national", "year_granted": 2024,
             "year_expiring": 2026, "rank": None}]
    assert one("champion_national", honours=held, niche_years_y0=10)["eligible"] is True


@pytest.mark.parametrize(("rank", "eligible"), [(5, True), (6, False)])
def test_shandong_champion_ranks_in_the_national_top_five(rank, eligible):
    firm = {f"main_revenue_y{k}": 40000 for k in range(3)} | {"market_rank_y0": rank}
    assert one("champion_shandong", **firm)["eligible"] is eligible


LITTLE_GIANT = {"niche_years_y0": 3, "main_revenue_y0": 9800, "revenue_y0": 14000,
                "main_revenue_y1": 9000, "main_revenue_y2": 8600, "total_liabilities_y0": 8400,
                "market_share_y0": 10, "rd_expense_y0": 420, "rd_expense_y1": 360, "ip_class1_y0": 2}
SPECIALIZED_HELD = [{"uscc": "A", "kind": "specialized", "level": "provincial", "year_granted": 2023,
                     "year_expiring": 2026, "rank": None},
                    {"uscc": "A", "kind": "tech_center", "level": "municipal", "year_granted": 2022,
                     "year_expiring": None, "rank": None}]


def test_little_giant_2022_passes_on_the_lines_themselves():
    # 主营 share 9800 / 14000 = 70 %; growth ½(9000/8600 − 1 + 9800/9000 − 1) = 6.77 %;
    # debt 8400 / 12000 = 70 %; market share 10 %; revenue ≥ 1 亿: R&D 3 % in both years
    # (420 / 14000, 360 / 12000); a municipal 技术中心; 2 Ⅰ类.
    result = one("little_giant", honours=SPECIALIZED_HELD, **LITTLE_GIANT)
    assert result["eligible"] is True and result["failed"] == []
    assert any("自主品牌" in m for m in result["manual"])
    assert one("little_giant", honours=SPECIALIZED_HELD, **{**LITTLE_GIANT, "market_share_y0": 9.99}
               )["eligible"] is False


@pytest.mark.parametrize(("rd_y1", "eligible"), [(780, True), (779.99, False)])
def test_little_giant_2026_needs_1200_of_rd_over_two_years(rd_y1, eligible):
    firm = {**LITTLE_GIANT, "main_revenue_y0": 12600, "ip_class1_y0": 4, "rd_expense_y1": rd_y1,
            "total_liabilities_y0": 9000}  # 主营 90 %, debt 75 %; R&D 420 + 780 = 1200
    result = one("little_giant", on=datetime.date(2026, 6, 30), honours=SPECIALIZED_HELD, **firm)
    assert result["eligible"] is eligible


def test_specialized_direct_route_replaces_the_score():
    # R&D 1000 a year on average passes the score condition whatever the points.
    firm = {"rd_expense_y0": 1100, "rd_expense_y1": 900, "revenue_y0": 14000, "digital_level_y0": 1}
    result = one("specialized", **firm)
    assert result["eligible"] is True


def test_high_tech_hard_conditions_then_waits_for_the_experts():
    # 科技人员 30 / 150 = 20 %; R&D share over three years 2700 / 36000 = 7.5 % ≥ 4 %;
    # 高新收入 8400 / 14000 = 60 %; 境内研发 100 %. Expert items keep the score open.
    firm = {"rd_expense_y0": 1000, "rd_expense_y1": 900, "rd_expense_y2": 800, "domestic_rd_y0": 1000,
            "domestic_rd_y1": 900, "domestic_rd_y2": 800, "high_tech_revenue_y0": 8400,
            "total_assets_y1": 11000, "total_liabilities_y1": 6000, "total_assets_y2": 10000,
            "total_liabilities_y2": 6000}
    result = one("high_tech", **firm)
    assert result["eligible"] is None and result["status"] == "待人工核验" and result["failed"] == []
    young = one("high_tech", founded=datetime.date(2024, 7, 1), **firm)  # 364 days on 2025-06-30
    assert "申请认定时注册成立一年以上" in young["failed"]


@pytest.mark.parametrize(("employees", "eligible"), [(500, True), (501, False)])
def test_tech_sme_size_limit_and_high_tech_direct_route(employees, eligible):
    held = [{"uscc": "A", "kind": "high_tech", "level": "national", "year_granted": 2024,
             "year_expiring": 2026, "rank": None}]
    result = one("tech_sme", honours=held, employees_y0=employees, tech_staff_y0=0)
    assert result["eligible"] is eligible
