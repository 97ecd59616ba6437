"""Importing a chain's target firms: rows accepted or rejected with their reasons, all or
nothing, a second import of the same file changing nothing, the USCC as key, the stage only
moving forward, and the chain's scope."""

import io

import polars as pl
import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.chains.models_lists import TargetFirm
from qiangshi.chains.target_import import COLUMNS, target_sheets_import, target_template
from qiangshi.dataio.excel import xlsx_workbook
from qiangshi.dataio.tables import read_sheets
from qiangshi.dataio.validation import CLEAR_MARK, EXAMPLE_REASON
from tests.chains.lists_data import IC, NEV, OTHER_USCC, USCC, nodes, sheet
from tests.conftest import login


@pytest.fixture
def node(reference):
    return nodes(NEV)[0]


def run(rows, chain=NEV, user=None, **options):
    return target_sheets_import(sheet(COLUMNS, rows, "目标企业"), label="t.xlsx", digest="x",
                                chain=chain, user=user, **options)


def firm(node, name="苏州某电池材料有限公司", **fields):
    return {"name": name, "node": node, "location": "江苏省苏州市", "products": "正极材料",
            "revenue": "120,000", "mode": "补链", "stage": "接触", "unit": "市投资促进局", **fields}


def test_valid_rows_are_stored_and_the_same_file_again_changes_nothing(node):
    rows = [firm(node), firm(node, name="深圳某电控有限公司", uscc=USCC, mode="", stage="")]
    report = run(rows)
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    stored = TargetFirm.objects.get(name="苏州某电池材料有限公司")
    assert (stored.chain, stored.node, stored.revenue, stored.mode, stored.stage) == (
        NEV, node, 120000.0, "fill", "contact")
    assert "投资促进" in stored.unit.name
    assert TargetFirm.objects.get(uscc=USCC).stage == "lead"  # a new row without a stage
    audits = AuditEvent.objects.filter(object_type="chains.TargetFirm").count()
    again = run(rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.filter(object_type="chains.TargetFirm").count() == audits


def test_each_rejected_row_names_sheet_row_column_value_and_reason_and_nothing_is_written(node):
    report = run([firm(node), firm("不存在的节点", name="甲"), firm(node, name="乙", uscc="123"),
                  firm(node, name="丙", mode="挖角"), firm(node, name="丁", stage="落地"),
                  firm(node, name="戊", revenue="-5"), firm(node, name="苏州某电池材料有限公司")])
    reasons = {(e.sheet, e.row, e.column, e.value): e.reason for e in report.errors}
    assert "不是本产业链现行图谱中的节点" in reasons[("目标企业", 3, "节点", "不存在的节点")]
    assert ("目标企业", 4, "统一社会信用代码", "123") in reasons
    assert reasons[("目标企业", 5, "招引类型", "挖角")].startswith("应为：建链")
    assert "落地须在目标企业页面登记" in reasons[("目标企业", 6, "跟进阶段", "落地")]
    assert reasons[("目标企业", 7, "营业收入（万元）", "-5")] == "应为非负数字"
    assert reasons[("目标企业", 8, "企业名称", "苏州某电池材料有限公司")] == "同一企业在文件中重复出现"
    assert not report.written and not TargetFirm.objects.exists()


def test_valid_rows_only_writes_the_rows_that_pass(node):
    report = run([firm(node), firm("不存在的节点", name="甲")], valid_only=True)
    assert report.created == 1 and report.rejected == 1
    assert list(TargetFirm.objects.values_list("name", flat=True)) == ["苏州某电池材料有限公司"]


def test_a_missing_column_erases_nothing_and_the_clear_mark_clears(node):
    run([firm(node, contact="张某")])
    report = run([{"name": "苏州某电池材料有限公司", "node": node, "location": CLEAR_MARK}])
    assert report.updated == 1
    stored = TargetFirm.objects.get()
    assert (stored.location, stored.contact, stored.revenue, stored.products) == (
        "", "张某", 120000.0, "正极材料")


def test_the_stage_never_moves_back_by_import(node):
    run([firm(node, stage="洽谈")])
    report = run([firm(node, stage="接触")])
    assert [e.reason for e in report.errors] == ["跟进阶段不能后退：平台中已为“洽谈”"]
    assert TargetFirm.objects.get().stage == "negotiating"
    assert run([firm(node, stage="签约")]).updated == 1


def test_a_row_with_the_stored_uscc_updates_that_firm_under_its_new_name(node):
    run([firm(node, uscc=USCC)])
    report = run([firm(node, name="苏州某新能源材料股份有限公司", uscc=USCC)])
    assert (report.created, report.updated) == (0, 1)
    assert TargetFirm.objects.get().name == "苏州某新能源材料股份有限公司"


def test_a_name_stored_with_another_uscc_is_refused_not_overwritten(node):
    run([firm(node, uscc=USCC)])
    report = run([firm(node, uscc=OTHER_USCC)])
    assert [e.reason for e in report.errors] == [
        "企业名称与平台中另一家（统一社会信用代码不同的）目标企业相同"]
    assert TargetFirm.objects.get().uscc == USCC


def test_a_chain_user_cannot_import_into_another_chain(node, make_user):
    user = make_user("icteam", "chain", chain_codes=[IC])
    report = run([firm(node)], user=user)
    assert report.errors[0].reason == "超出您的数据范围：只能维护本产业链"
    assert not TargetFirm.objects.exists()
    own = run([firm(nodes(IC)[0], name="某芯片设计公司")], chain=IC, user=user)
    assert own.created == 1


def test_the_template_example_row_is_refused_until_deleted(node):
    sheets = read_sheets(target_template("新能源汽车", node), "模板.xlsx")
    report = target_sheets_import(sheets, label="模板.xlsx", digest="x", chain=NEV)
    assert [e.reason for e in report.errors] == [EXAMPLE_REASON]


def test_the_import_page_takes_an_upload_for_its_chain_only(client, make_user, node):
    make_user("nev", "chain", chain_codes=[NEV])
    login(client, "nev")
    frame = sheet(COLUMNS, [firm(node)], "目标企业")
    upload = io.BytesIO(xlsx_workbook(frame))
    upload.name = "目标企业.xlsx"
    page = client.post(f"/chains/{NEV}/targets/import/", {"file": upload, "mode": "all"})
    assert "新增 1" in page.content.decode()
    assert TargetFirm.objects.get().chain == NEV
    assert client.get(f"/chains/{IC}/targets/import/").status_code == 404
    template = client.get(f"/chains/{NEV}/targets/template/")
    assert pl.read_excel(io.BytesIO(template.content), sheet_name="目标企业").width == len(COLUMNS)
