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
