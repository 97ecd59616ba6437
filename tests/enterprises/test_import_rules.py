"""Issue 11 §2 and §5 on the enterprise imports: what a file may change, and how."""

import csv as _csv
import io

import polars as pl
import pytest

from qiangshi.accounts.models import AuditEvent, Region
from qiangshi.dataio.tables import NO_DATA, NOTES_SHEET, read_sheets
from qiangshi.dataio.validation import CLEAR_MARK, EXAMPLE_REASON, NOT_FINITE
from qiangshi.enterprises.columns import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_SHEETS,
    FACT_COLUMNS,
    FACT_SHEETS,
    HONOUR_COLUMNS,
    MONTHLY_COLUMNS,
)
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Enterprise, Fact, FactRevision, Honour, MonthlyFact
from qiangshi.enterprises.registry_import import enterprise_import
from qiangshi.enterprises.templates_xlsx import enterprise_template, fact_template
from tests.enterprises.conftest import (
    HUAWEI,
    TENCENT,
    enterprises_file,
    fact,
    facts_file,
    firm,
    workbook,
)

FULL_FACT = fact(tax_paid="800", rd_expense="2300", employees="420", profit="3100")


def only(columns: dict, *fields: str) -> dict:
    return {name: columns[name] for name in fields}


def csv(headers: list[str], *rows: list[str]) -> bytes:
    buffer = io.StringIO()
    _csv.writer(buffer).writerows([headers, *rows])
    return buffer.getvalue().encode()


@pytest.fixture
def facts(registry):
    report = fact_import(facts_file([FULL_FACT]), "年报.xlsx")
    assert report.errors == [] and report.created == 1
    return Fact.objects.get()


def test_a_missing_column_keeps_profit_tax_employees_and_rd_of_existing_firms(facts):
    content = workbook({FACT_SHEETS["facts"]: (only(FACT_COLUMNS, "uscc", "year", "revenue"),
                                               [fact(revenue="60000")])})
    report = fact_import(content, "只有营收.xlsx")
    assert report.errors == [] and report.updated == 1
    stored = Fact.objects.get()
    assert (stored.revenue, stored.profit, stored.tax_paid, stored.employees, stored.rd_expense) \
        == (60000, 3100, 800, 420, 2300)
    assert list(FactRevision.objects.values_list("field", flat=True)) == ["revenue"]


def test_an_empty_cell_keeps_the_stored_value_and_clear_mark_clears_it_with_a_revision(facts):
    report = fact_import(facts_file([fact(profit="", employees=CLEAR_MARK)]), "清空.xlsx")
    assert report.errors == [] and report.updated == 1
    stored = Fact.objects.get()
    assert (stored.profit, stored.employees) == (3100, None)
    revision = FactRevision.objects.get()
    assert (revision.field, revision.old_value, revision.new_value) == ("employees", "420.0", "")


def test_a_missing_column_keeps_the_firms_registry_fields(registry):
    Enterprise.objects.filter(uscc=HUAWEI).update(address="济南市历城区", registered_capital=5000)
    content = workbook({ENTERPRISE_SHEETS["enterprises"]: (
        only(ENTERPRISE_COLUMNS, "uscc", "name", "region", "industry_code"),
        [firm(name="改名有限公司")])})
    report = enterprise_import(content, "名录.xlsx")
    assert report.errors == [] and report.updated == 1
    stored = Enterprise.objects.get(uscc=HUAWEI)
    assert (stored.name, stored.address, stored.registered_capital, stored.above_scale) \
        == ("改名有限公司", "济南市历城区", 5000, True)


def test_clear_mark_clears_registry_fields_and_the_audit_keeps_the_old_values(registry):
    enterprise_import(enterprises_file([firm(address="济南市", zone="高新区", founded="2015-06-30",
                                             tags="链主")]), "补.xlsx")
    report = enterprise_import(enterprises_file([firm(address=CLEAR_MARK, zone=CLEAR_MARK,
                                                      founded=CLEAR_MARK, tags=CLEAR_MARK)]),
                               "清.xlsx")
    assert report.errors == [] and report.updated == 1
    stored = Enterprise.objects.get(uscc=HUAWEI)
    assert (stored.address, stored.zone, stored.founded, stored.tags) == ("", None, None, [])
    event = AuditEvent.objects.filter(object_type="enterprises.Enterprise",
                                      object_id=str(stored.pk)).latest("pk")
    assert event.changes["address"] == ["济南市", ""]
    assert event.changes["founded"] == ["2015-06-30", None]
    assert event.changes["tags"] == [["链主"], []]


def test_headers_with_half_width_brackets_spaces_and_line_breaks_match(facts):
    content = csv(["统一社会信用代码", "年 份", "营业收入 (万元)", "利润总额\n(万元)"],
                  [HUAWEI, "2024", "61000", "3200"])
    report = fact_import(content, "半角.csv")
    assert report.errors == [] and report.updated == 1, report.errors
    stored = Fact.objects.get()
    assert (stored.revenue, stored.profit, stored.employees) == (61000, 3200, 420)


def test_a_duplicated_header_is_refused(registry):
    content = csv(["统一社会信用代码", "年份", "营业收入（万元）", "营业收入(万元)"],
                  [HUAWEI, "2024", "1", "2"])
    report = fact_import(content, "重复.csv")
    assert not report.written and not Fact.objects.exists()
    assert [(e.row, e.column) for e in report.errors] == [(1, "表头")]
    assert "表头重复" in report.errors[0].reason


def test_an_unknown_header_is_listed_as_a_warning(registry):
    content = csv(["统一社会信用代码", "年份", "营业收入（万元）", "备注"], [HUAWEI, "2024", "1", "x"])
    report = fact_import(content, "未知列.csv")
    assert report.written and report.errors == []
    assert [(w.column, w.value) for w in report.warnings] == [("表头", "备注")]


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("revenue", "nan", NOT_FINITE), ("revenue", "inf", NOT_FINITE),
    ("revenue", "1e400", NOT_FINITE), ("profit", "-inf", NOT_FINITE),
    ("revenue", "1e14", "超出可保存的范围：绝对值应小于 100,000,000,000,000"),
    ("employees", "3000000000", "超出可保存的范围：应在 0 至 2,147,483,647 之间"),
    ("source", "来" * 201, "超过 200 个字符（本列最多 200 个字符）"),
    ("source", "年\x00报", "含有不可见的控制字符（NUL），请删除后再导入"),
])
def test_values_no_fact_column_can_hold_are_refused_in_chinese(registry, field, value, reason):
    report = fact_import(facts_file([fact(**{field: value})]), "坏值.xlsx")
    assert not report.written and not Fact.objects.exists()
    assert [(e.column, e.reason) for e in report.errors] == [(FACT_COLUMNS[field], reason)]


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("name", "甲" * 201, "超过 200 个字符（本列最多 200 个字符）"),
    ("name", "甲\x00乙", "含有不可见的控制字符（NUL），请删除后再导入"),
    ("address", "路" * 301, "超过 300 个字符（本列最多 300 个字符）"),
    ("founded", "1900-01-01", "日期应在 1949-01-01 至"),
    ("founded", "2999-01-01", "日期应在 1949-01-01 至"),
    ("registered_capital", "1e15", "超出可保存的范围：绝对值应小于 100,000,000,000,000"),
    ("registered_capital", "nan", NOT_FINITE),
    ("land_area", "1e10", "超出可保存的范围：绝对值应小于 10,000,000,000"),
])
def test_values_no_registry_column_can_hold_are_refused_in_chinese(registry, field, value, reason):
    before = list(Enterprise.objects.order_by("pk").values())
    report = enterprise_import(enterprises_file([firm(**{field: value})]), "坏值.xlsx")
    assert not report.written and list(Enterprise.objects.order_by("pk").values()) == before
    [error] = report.errors
    assert (error.column, error.reason[:len(reason)]) == (ENTERPRISE_COLUMNS[field], reason)


def test_excel_serial_dates_and_full_width_digits_are_converted(reference):
    report = enterprise_import(enterprises_file([firm(founded="42185", registered_capital="５０００")]),
                               "转换.xlsx")
    assert report.errors == [] and report.written
    stored = Enterprise.objects.get()
    assert (str(stored.founded), stored.registered_capital) == ("2015-06-30", 5000)


def test_full_width_digits_in_years_and_codes_are_converted(registry):
    full_width = HUAWEI.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    report = fact_import(facts_file([fact(full_width, year="２０２４", employees="４２０")]),
                         "全角.xlsx")
    assert report.errors == [] and report.created == 1
    assert (Fact.objects.get().year, Fact.objects.get().employees) == (2024, 420)


def test_a_header_only_file_says_there_are_no_data_rows(reference):
    for importer in (fact_import, enterprise_import):
        report = importer(csv(["统一社会信用代码", "年份"]), "空.csv")
        assert [e.reason for e in report.errors] == [NO_DATA]


@pytest.mark.parametrize("importer", ["facts", "registry"])
def test_dry_run_reports_the_same_counts_and_messages_as_the_real_import(registry, importer):
    fact_import(facts_file([FULL_FACT, fact(TENCENT)]), "年报.xlsx")
    if importer == "facts":
        content = facts_file([FULL_FACT, fact(TENCENT, revenue="60000"), fact(year="2023"),
                              fact(year="1800")])
        run = fact_import
    else:
        content = enterprises_file([firm(), firm(TENCENT, region="历下区", name="新名"),
                                    firm("91330100799655058B"), firm("91110000802100433B",
                                                                     region="火星区")])
        run = enterprise_import
    dry = run(content, "试.xlsx", dry_run=True)
    assert not dry.written
    real = run(content, "试.xlsx", valid_only=True)
    assert real.written
    assert (dry.rows, dry.created, dry.updated, dry.unchanged) \
        == (real.rows, real.created, real.updated, real.unchanged) == (4, 1, 1, 1)
    assert dry.errors == real.errors and len(dry.errors) == 1
    assert dry.warnings == real.warnings


def test_reimporting_the_same_facts_changes_nothing(facts):
    revisions, events = FactRevision.objects.count(), AuditEvent.objects.count()
    report = fact_import(facts_file([FULL_FACT]), "年报.xlsx")
    assert (report.created, report.updated, report.unchanged, report.written) == (0, 0, 1, False)
    assert (FactRevision.objects.count(), AuditEvent.objects.count()) == (revisions, events)


def test_a_district_user_cannot_rename_another_districts_firm_into_its_own(registry, lixia_user):
    before = list(Enterprise.objects.order_by("pk").values())
    report = enterprise_import(enterprises_file([firm(HUAWEI, name="抢来的", region="370102")]),
                               "抢.xlsx", user=lixia_user, valid_only=True)
    assert not report.written and list(Enterprise.objects.order_by("pk").values()) == before
    assert [e.reason for e in report.errors] == [
        "超出您的数据范围：库中这条记录属于其他地区，您不能修改",
        "变更所在区县只能由全市数据权限的分析人员操作"]


def test_a_district_user_cannot_move_its_own_firm_away(registry, lixia_user):
    report = enterprise_import(enterprises_file([firm(TENCENT, region="370112")]), "迁.xlsx",
                               user=lixia_user)
    assert not report.written
    assert Enterprise.objects.get(uscc=TENCENT).region.code == "370102"


def test_an_analyst_moving_a_firm_is_audited_with_old_and_new_region(registry, admin_user):
    lixia, licheng = (Region.objects.get(code=c).pk for c in ("370102", "370112"))
    report = enterprise_import(enterprises_file([firm(HUAWEI, region="370102")]), "迁.xlsx",
                               user=admin_user)
    assert report.updated == 1
    event = AuditEvent.objects.get(object_type="enterprises.Enterprise", action="update",
                                   object_id=str(Enterprise.objects.get(uscc=HUAWEI).pk))
    assert event.changes["region_id"] == [licheng, lixia]


def test_a_district_user_cannot_add_honours_to_another_districts_firm(registry, lixia_user):
    honour = {"uscc": HUAWEI, "kind": "高新技术企业", "level": "国家级", "year_granted": "2023"}
    report = enterprise_import(workbook({ENTERPRISE_SHEETS["honours"]: (HONOUR_COLUMNS, [honour])}),
                               "荣誉.xlsx", user=lixia_user)
    assert not report.written and not Honour.objects.exists()
    assert report.errors[0].reason.startswith("超出您的数据范围")


def test_a_changed_monthly_figure_keeps_its_old_value_who_and_when(registry, admin_user):
    month = {"uscc": HUAWEI, "period": "2025年1-6月", "revenue_ytd": "26000", "output_ytd": "30000"}
    sheet = FACT_SHEETS["monthly"]
    assert fact_import(workbook({sheet: (MONTHLY_COLUMNS, [month])}), "月.xlsx").created == 1
    report = fact_import(workbook({sheet: (only(MONTHLY_COLUMNS, "uscc", "period", "revenue_ytd"),
                                           [{**month, "revenue_ytd": "27000"}])}),
                         "月2.xlsx", user=admin_user)
    assert report.updated == 1
    stored = MonthlyFact.objects.get()
    assert (stored.revenue_ytd, stored.output_ytd) == (27000, 30000)
    event = AuditEvent.objects.get(object_type="enterprises.MonthlyFact")
    assert event.changes == {"revenue_ytd": [26000.0, 27000.0]}
    assert event.at is not None and event.actor_name


def test_a_changed_honour_keeps_its_old_value(registry):
    honour = {"uscc": HUAWEI, "kind": "高新技术企业", "level": "国家级", "year_granted": "2023",
              "year_expiring": "2026"}
    sheet = ENTERPRISE_SHEETS["honours"]
    assert enterprise_import(workbook({sheet: (HONOUR_COLUMNS, [honour])}), "荣.xlsx").created == 1
    report = enterprise_import(workbook({sheet: (HONOUR_COLUMNS, [{**honour, "year_expiring": "2027"}])}),
                               "荣2.xlsx")
    assert report.updated == 1
    event = AuditEvent.objects.get(object_type="enterprises.Honour")
    assert event.changes == {"year_expiring": [2026, 2027]}


@pytest.mark.parametrize("template", [enterprise_template, fact_template])
def test_templates_explain_the_rules_in_a_notes_sheet_the_reader_skips(reference, template):
    content = template()
    notes = pl.read_excel(io.BytesIO(content), sheet_name=NOTES_SHEET)[NOTES_SHEET].to_list()
    assert any(CLEAR_MARK in line for line in notes)
    assert any("保持不变" in line for line in notes) and any("日期" in line for line in notes)
    assert NOTES_SHEET not in read_sheets(content, "模板.xlsx")
    importer = enterprise_import if template is enterprise_template else fact_import
    report = importer(content, "模板.xlsx")
    assert {e.reason for e in report.errors} == {EXAMPLE_REASON}
