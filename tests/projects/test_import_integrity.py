"""The project import on the shared import path: absent columns keep stored values, 清空
clears, headers normalised, database limits refused, scope of the stored row, dry-run =
real import, history (old value, who, when) of every field an import changes, row locks."""

import io
import threading

import polars as pl
import pytest
from django.db import connection

from qiangshi.accounts.context import Actor, acting_as
from qiangshi.accounts.models import AuditEvent
from qiangshi.projects.columns import PROJECT_SHEETS
from qiangshi.projects.models import MonthlyProgress, Project, YearPlan
from qiangshi.projects.project_import import project_import
from tests.conftest import login
from tests.projects.test_import import good_file, plan, progress, project, workbook


def sheets_file(**sheets: dict[str, list]) -> bytes:
    """A workbook with exactly the given headers: {sheet: {header: [cells]}}."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        for name, columns in sheets.items():
            pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)).write_excel(
                book, worksheet=name)
    return buffer.getvalue()


P = PROJECT_SHEETS["projects"]
MINIMAL = {"项目编号": ["XM2024001"], "项目名称": ["项目XM2024001"], "所在区县": ["370112"],
           "项目类型": ["新建"], "责任单位": ["历城区政府"]}


@pytest.fixture
def stored(reference):
    assert project_import(workbook([project(contact="张三", chain_code="新能源汽车")],
                                   [progress()], [plan()]), "初始.xlsx").written
    return Project.objects.get(code="XM2024001")


def test_a_column_absent_from_the_file_keeps_the_stored_values(stored):
    report = project_import(sheets_file(**{P: MINIMAL | {"项目名称": ["新名称"]}}), "少列.xlsx")
    assert report.errors == [] and report.updated == 1
    row = Project.objects.get(code="XM2024001")
    assert row.name == "新名称"
    assert (row.planned_investment, row.contact, row.chain_code, row.major) == (
        12000, "张三", "新能源汽车", True)
    assert row.stages.count() == 3  # stage dates of absent columns are kept too


def test_an_empty_cell_keeps_and_the_clear_mark_clears(stored):
    content = workbook([project(contact="", chain_code="清空", planned_investment="")],
                       [progress(invested_month="", physical_percent="清空")])
    report = project_import(content, "清空.xlsx")
    assert report.errors == []
    row = Project.objects.get(code="XM2024001")
    assert (row.contact, row.chain_code, row.planned_investment) == ("张三", "", 12000)
    month = MonthlyProgress.objects.get(project=row, month=6)
    assert (month.invested_month, month.physical_percent) == (800, None)


def test_headers_match_whatever_their_brackets_and_spaces(stored):
    headers = MINIMAL | {"计划总投资 (万元)": ["15000"], "联 系 人": ["李四"]}
    report = project_import(sheets_file(**{P: headers}), "半角.xlsx")
    assert report.errors == []
    row = Project.objects.get(code="XM2024001")
    assert (row.planned_investment, row.contact) == (15000, "李四")


def test_unknown_headers_are_warned_and_duplicated_headers_refused(reference):
    report = project_import(sheets_file(**{P: MINIMAL | {"备注栏": ["x"]}}), "未知.xlsx")
    assert report.written and any("备注栏" in str(w) for w in report.warnings)
    duplicated = sheets_file(**{P: MINIMAL | {"联系人": ["甲"], "联 系人": ["乙"]}})
    report = project_import(duplicated, "重复.xlsx")
    assert not report.written and "表头重复" in str(report.errors[0])


@pytest.mark.parametrize("fields, column, reason", [
    ({"planned_investment": "1e20"}, "计划总投资（万元）", "超出可保存的范围"),
    ({"planned_investment": "NaN"}, "计划总投资（万元）", "数字"),
    ({"planned_investment": "inf"}, "计划总投资（万元）", "数字"),
    ({"name": "长" * 201}, "项目名称", "超过 200 个字符"),
    ({"contact": "张\x00三"}, "联系人", "NUL"),
    ({"signed_on": "1900-01-01", "started_on": "", "registered_on": ""}, "签约日期", "1949"),
])
def test_values_the_database_cannot_hold_are_refused_in_chinese(stored, fields, column, reason):
    report = project_import(workbook([project(**fields)]), "越界.xlsx")
    assert not report.written
    assert any(e.column == column and reason in e.reason for e in report.errors), report.errors
    assert Project.objects.get(code="XM2024001").planned_investment == 12000


def test_progress_and_plan_figures_beyond_their_columns_are_refused(stored):
    report = project_import(workbook([], [progress(invested_month="1e20")],
                                     [plan(planned="1e20")]), "越界.xlsx")
    assert {e.column for e in report.errors} == {"当月完成投资（万元）", "年度计划投资（万元）"}


def test_full_width_digits_and_excel_serial_dates_are_converted(stored):
    report = project_import(workbook([project(planned_investment="１５０００",
                                              signed_on="45301")]), "全角.xlsx")
    assert report.errors == []
    project_row = Project.objects.get(code="XM2024001")
    assert project_row.planned_investment == 15000
    assert str(project_row.stages.get(stage="signed").on) == "2024-01-10"


def test_dry_run_reports_the_same_counts_and_messages_as_the_real_import(stored):
    content = workbook([project(planned_investment="15000"), project("XM2"),
                        project("XM3", region="火星区")],
                       [progress(), progress(period="2024-07")], [plan(planned="7000")])
    dry = project_import(content, "混合.xlsx", dry_run=True, valid_only=True)
    assert not dry.written and Project.objects.count() == 1
    real = project_import(content, "混合.xlsx", valid_only=True)
    assert (dry.created, dry.updated, dry.unchanged) == (real.created, real.updated,
                                                         real.unchanged) == (2, 2, 1)
    assert [str(e) for e in dry.errors] == [str(e) for e in real.errors]


def test_a_district_user_cannot_rename_or_move_another_districts_project(stored, lixia_user):
    content = workbook([project(name="改名", region="历下区", unit="历下区政府")])
    report = project_import(content, "改名.xlsx", user=lixia_user)
    assert not report.written and "库中这条记录属于其他地区" in str(report.errors)
    assert Project.objects.get(code="XM2024001").name == "项目XM2024001"


def test_every_field_changed_by_import_keeps_old_value_who_and_when(stored, make_user):
    analyst = make_user("gxj", "analyst")
    content = workbook([project(planned_investment="15000", contact="李四",
                                started_on="2024-03-05")],
                       [progress(invested_month="900")], [plan(planned="6500")])
    with acting_as(Actor(user=analyst, name="gxj", ip=None, channel="web")):
        assert project_import(content, "更新.xlsx").written
    project_row = Project.objects.get(code="XM2024001")
    events = AuditEvent.objects.filter(actor=analyst, action="update")
    on_project = events.get(object_type="projects.Project", object_id=str(project_row.pk))
    assert on_project.changes == {"planned_investment": ["12000.00", "15000.00"],
                                  "contact": ["张三", "李四"],
                                  "started_on": ["2024-03-01", "2024-03-05"]}
    month = MonthlyProgress.objects.get(project=project_row, month=6)
    assert events.get(object_type="projects.MonthlyProgress", object_id=str(month.pk)
                      ).changes == {"invested_month": ["800.00", "900.00"]}
    year = YearPlan.objects.get(project=project_row, year=2024)
    assert events.get(object_type="projects.YearPlan", object_id=str(year.pk)
                      ).changes == {"planned": ["6000.00", "6500.00"]}
    assert project_row.version > 1  # an open project page is now stale


def test_the_project_page_shows_the_change_history(client, stored, make_user):
    make_user("gxj", "analyst")
    project_import(workbook([project(planned_investment="15000")], [progress(invested_month="900")],
                            [plan(planned="6500")]), "更新.xlsx")
    login(client, "gxj")
    page = client.get("/projects/XM2024001/").content.decode()
    history = page.split("变更记录")[1]
    for text in ("计划总投资（万元）", "12000.00", "15000.00", "当月完成投资（万元）", "2024-06",
                 "900.00", "年度计划投资（万元）", "6500.00", "修改人"):
        assert text in history, text


def test_reimporting_after_a_change_records_nothing_new(stored):
    before = AuditEvent.objects.count()
    assert project_import(good_file(), "项目.xlsx").updated >= 0
    after = AuditEvent.objects.count()
    assert project_import(good_file(), "项目.xlsx").written is False
    assert AuditEvent.objects.count() == after >= before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel imports need PostgreSQL")
def test_parallel_imports_of_one_project_serialise_and_record_true_old_values(reference):
    assert project_import(workbook([project()]), "初始.xlsx").written
    pk = Project.objects.get().pk
    barrier = threading.Barrier(2)

    def run(amount):
        try:
            barrier.wait()
            project_import(workbook([project(planned_investment=amount)]), f"{amount}.xlsx")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in ("15000", "18000")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    changes = [e.changes["planned_investment"] for e in AuditEvent.objects.filter(
        object_type="projects.Project", object_id=str(pk), action="update").order_by("pk")]
    final = str(Project.objects.get().planned_investment)
    # a chain: 12000 → first → second, the second's old value being what the first wrote
    assert len(changes) == 2 and changes[0][0] == "12000.00"
    assert changes[1][0] == changes[0][1] and changes[1][1] == final


def test_headers_equal_once_stripped_are_refused_in_chinese_not_a_crash(reference):
    duplicated = sheets_file(**{P: MINIMAL | {"联系人": ["甲"], "联系人 ": ["乙"]}})
    report = project_import(duplicated, "重复.xlsx")
    assert not report.written and "表头重复" in str(report.errors[0])
