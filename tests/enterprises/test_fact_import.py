from decimal import Decimal

from qiangshi.enterprises.columns import FACT_COLUMNS, FACT_SHEETS
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Enterprise, Fact, FactRevision, MonthlyFact
from tests.enterprises.conftest import (
    HUAWEI,
    TENCENT,
    fact,
    facts_file,
    workbook,
)


def test_facts_are_imported_and_size_class_follows(registry):
    report = fact_import(facts_file([fact(), fact(TENCENT, revenue="45000", employees="1200")]),
                         "数据.xlsx")
    assert report.errors == [] and report.created == 2
    assert Fact.objects.get(enterprise__uscc=HUAWEI).revenue == 52000
    sizes = dict(Enterprise.objects.values_list("uscc", "size_class"))
    # 420 people, 52,000 万元: 中型 (大型 needs 1,000 people); 1,200 people and 45,000: 大型.
    assert sizes == {HUAWEI: "medium", TENCENT: "large"}


def test_reimport_changes_nothing_and_a_correction_keeps_the_old_value(registry, admin_user):
    fact_import(facts_file([fact()]), "数据.xlsx")
    again = fact_import(facts_file([fact()]), "数据.xlsx")
    assert (again.created, again.updated, again.written) == (0, 0, False)
    corrected = fact_import(facts_file([fact(revenue="53000")]), "更正.xlsx", user=admin_user)
    assert corrected.updated == 1
    revision = FactRevision.objects.get()
    assert (revision.field, revision.old_value, revision.new_value) == ("revenue", "52000.0",
                                                                       "53000.0")
    assert revision.changed_by == admin_user


def test_every_impossible_value_is_rejected_in_chinese(registry):
    rows = [
        fact("91330100799655058B"),                               # not registered
        fact(year="二〇二四"),
        fact(year="2023", revenue="-1"),
        fact(year="2022", profit="60000"),                        # profit above revenue
        fact(year="2021", employees="0"),
        fact(year="2020", rd_expense="很多"),
        fact(TENCENT, year="2019", value_added_estimated="可能"),
        fact(TENCENT), fact(TENCENT),                             # same firm and year twice
    ]
    report = fact_import(facts_file(rows), "错误.xlsx")
    assert not report.written and not Fact.objects.exists()
    assert [(e.row, e.reason) for e in report.errors] == [
        (2, "企业未登记：请先导入企业名录"),
        (3, "年份无效"),
        (4, "不能为负数"),
        (5, "利润总额大于营业收入，不可能"),
        (6, "有营业收入但从业人员为 0"),
        (7, "不是数字"),
        (8, "应填“是”或“否”"),
        (10, "同一企业同一年份在文件中重复出现"),
    ]


def test_yuan_typed_into_a_wanyuan_column_is_flagged(registry):
    report = fact_import(facts_file([fact(revenue="520000000", profit="31000000")]), "元.xlsx")
    assert report.written and "疑似按“元”填报" in report.warnings[0].reason


def test_monthly_year_to_date_figures(registry):
    from qiangshi.enterprises.columns import FACT_SHEETS, MONTHLY_COLUMNS

    content = workbook({FACT_SHEETS["monthly"]: (MONTHLY_COLUMNS, [
        {"uscc": HUAWEI, "period": "2025年1-6月", "revenue_ytd": "26000"},
        {"uscc": HUAWEI, "period": "2025年1月", "revenue_ytd": "3000"},
        {"uscc": HUAWEI, "period": "2025", "revenue_ytd": "3000"},
    ])})
    report = fact_import(content, "月度.xlsx", valid_only=True)
    assert [e.row for e in report.errors] == [3, 4]
    assert "1-2 月合并发布" in report.errors[0].reason
    assert MonthlyFact.objects.get().month == 6


def test_a_csv_file_imports_like_a_sheet(registry):
    header = "统一社会信用代码,年份,营业收入（万元）,利润总额（万元）,从业人员年平均人数（人）"
    content = f"{header}\n{HUAWEI},2024,52000,3100,420\n".encode()
    assert fact_import(content, "数据.csv").created == 1


TIER = {"net_profit": "-120", "high_tech_revenue": "36000", "rd_expense": "2300",
        "domestic_rd": "2250", "cost_expense": "49100", "equity_financing": "3000",
        "rd_staff": "68", "tech_staff": "95", "ip_class1": "12", "ip_class1_own": "10",
        "ip_class1_high_value": "2", "ip_class2": "35", "invention_patents": "11",
        "utility_software": "30", "niche_years": "9", "market_share": "12.5", "market_rank": "3",
        "digital_level": "3", "valuation": "4.2", "credit_score": "86.5"}


def test_tier_figures_import_and_a_changed_one_keeps_a_revision(registry, admin_user):
    report = fact_import(facts_file([fact(**TIER)]), "培育.xlsx")
    assert report.errors == [] and report.created == 1
    stored = Fact.objects.get(enterprise__uscc=HUAWEI)
    assert {name: str(getattr(stored, name)) for name in TIER} == {
        **TIER, "net_profit": "-120.00", "high_tech_revenue": "36000.00", "rd_expense": "2300.00",
        "domestic_rd": "2250.00", "cost_expense": "49100.00", "equity_financing": "3000.00",
        "market_share": "12.50", "valuation": "4.20", "credit_score": "86.50"}
    corrected = fact_import(facts_file([fact(**{**TIER, "ip_class1": "13", "market_share": "14"})]),
                            "更正.xlsx", user=admin_user)
    assert corrected.updated == 1
    changes = {r.field: (r.old_value, r.new_value) for r in FactRevision.objects.all()}
    assert changes == {"ip_class1": ("12.0", "13.0"), "market_share": ("12.5", "14.0")}


def test_each_tier_check_rejects_with_its_chinese_reason(registry):
    rows = [
        fact(year="2010", market_share="100.5"),
        fact(year="2011", digital_level="5"),
        fact(year="2012", digital_level="0"),
        fact(year="2013", rd_staff="421"),                       # 420 employees
        fact(year="2014", tech_staff="500"),
        fact(year="2015", ip_class1="3", ip_class1_own="4"),
        fact(year="2016", ip_class1="3", ip_class1_high_value="4"),
        fact(year="2017", rd_expense="100", domestic_rd="120"),
        fact(year="2018", high_tech_revenue="52000.01"),          # revenue 52,000
        fact(year="2019", ip_class2="2.5"),
        fact(year="2020", employees="", rd_staff="30", tech_staff="40", ip_class1_own="2"),
    ]
    report = fact_import(facts_file(rows), "错误.xlsx")
    assert not report.written and not Fact.objects.exists()
    assert [(e.row, e.column, e.reason) for e in report.errors] == [
        (2, "主导产品国内细分市场占有率（%）", "市场占有率不能超过 100%"),
        (3, "数字化水平等级（1-4级）", "数字化水平等级应为 1–4 级"),
        (4, "数字化水平等级（1-4级）", "数字化水平等级应为 1–4 级"),
        (5, "研发人员数（人）", "研发人员数超过从业人员数"),
        (6, "科技人员数（人）", "科技人员数超过从业人员数"),
        (7, "其中自主研发Ⅰ类（件）", "自主研发Ⅰ类知识产权超过有效Ⅰ类知识产权总数"),
        (8, "其中高价值Ⅰ类（件）", "高价值Ⅰ类知识产权超过有效Ⅰ类知识产权总数"),
        (9, "境内研发费用（万元）", "境内研发费用超过研发费用总额"),
        (10, "高新技术产品（服务）收入（万元）", "高新技术产品（服务）收入超过营业收入"),
        (11, "有效Ⅱ类知识产权（件）", "应为整数"),
    ]  # the last row compares nothing: its totals are not given


def test_the_yearly_land_imports_and_a_file_without_its_column_erases_nothing(registry, admin_user):
    report = fact_import(facts_file([fact(land_area="35.5")]), "核定用地.xlsx")
    assert report.errors == [] and report.created == 1
    assert Fact.objects.get().land_area == Decimal("35.50")
    without_land = {name: header for name, header in FACT_COLUMNS.items() if name != "land_area"}
    later = fact_import(workbook({FACT_SHEETS["facts"]: (without_land, [fact(revenue="53000")])}),
                        "无用地列.xlsx", user=admin_user)
    assert later.updated == 1 and later.errors == []
    stored = Fact.objects.get()
    assert (stored.land_area, stored.revenue) == (Decimal("35.50"), Decimal(53000))
    assert set(FactRevision.objects.values_list("field", flat=True)) == {"revenue"}


def test_a_zero_negative_or_text_land_is_rejected_in_chinese(registry):
    rows = [fact(year="2024", land_area="0"), fact(year="2023", land_area="-2"),
            fact(year="2022", land_area="十亩"), fact(year="2021", land_area="0.001")]
    report = fact_import(facts_file(rows), "错误用地.xlsx")
    assert not report.written and not Fact.objects.exists()
    assert [(e.row, e.column, e.reason) for e in report.errors] == [
        (2, "核定用地面积（亩）", "应大于 0"), (3, "核定用地面积（亩）", "不能为负数"),
        (4, "核定用地面积（亩）", "不是数字"), (5, "核定用地面积（亩）", "应大于 0")]
