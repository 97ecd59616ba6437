import datetime
import io

import polars as pl

from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.chains.services import chains_ensure
from qiangshi.dataio.excel import xlsx_workbook
from qiangshi.dataio.scope import MOVE_NEEDS_ANALYST, STORED_OUT_OF_SCOPE
from qiangshi.dataio.tables import NOTES_SHEET
from qiangshi.dataio.validation import CLEAR_MARK, EXAMPLE_MARK, EXAMPLE_REASON
from qiangshi.projects.columns import (
    PLAN_COLUMNS,
    PROGRESS_COLUMNS,
    PROJECT_COLUMNS,
    PROJECT_SHEETS,
)
from qiangshi.projects.demo_generate import generate
from qiangshi.projects.models import MonthlyProgress, Project, StageChange, YearPlan
from qiangshi.projects.project_import import project_import, project_sheets_import
from qiangshi.projects.services import stall_list

D = datetime.date


def workbook(projects=(), progress=(), plans=()) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        for name, columns, rows in [(PROJECT_SHEETS["projects"], PROJECT_COLUMNS, projects),
                                    (PROJECT_SHEETS["progress"], PROGRESS_COLUMNS, progress),
                                    (PROJECT_SHEETS["plans"], PLAN_COLUMNS, plans)]:
            frame = pl.DataFrame({header: [r.get(field, "") for r in rows]
                                  for field, header in columns.items()},
                                 schema=dict.fromkeys(columns.values(), pl.String))
            frame.write_excel(book, worksheet=name)
    return buffer.getvalue()


def project(code="XM2024001", **fields) -> dict:
    return {"code": code, "name": f"项目{code}", "region": "370112", "kind": "新建",
            "unit": "历城区政府", "planned_investment": "12,000", "major": "是",
            "signed_on": "2024-01-10", "started_on": "2024-03-01", "registered_on": "2024-03-20",
            **fields}


def progress(code="XM2024001", period="2024-06", **fields) -> dict:
    return {"code": code, "period": period, "invested_month": "800", "physical_percent": "35",
            **fields}


def plan(code="XM2024001", year="2024", planned="6000") -> dict:
    return {"code": code, "year": year, "planned": planned}


def good_file() -> bytes:
    return workbook(
        [project(), project("XM2024002", region="历下区", kind="技术改造", unit="历下区政府",
                            owner_name="济南某某有限公司", started_on="", registered_on="")],
        [progress(), progress(period="2024-07", issues="用地未落实", issue_kind="要素保障",
                              issue_unit="市工信局")],
        [plan(), plan(year="2025", planned="9000")])


def test_a_valid_workbook_imports_projects_stages_progress_and_plans(reference):
    report = project_import(good_file(), "项目.xlsx")
    assert report.errors == [] and report.written, report.errors
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    first = Project.objects.get(code="XM2024001")
    assert (first.region.code, first.unit.code, first.kind, first.major) == (
        "370112", "lcqzf", "new", True)
    assert first.planned_investment == 12000 and first.stage == "started"
    assert dict(first.stages.values_list("stage", "on")) == {
        "signed": D(2024, 1, 10), "started": D(2024, 3, 1), "registered": D(2024, 3, 20)}
    second = Project.objects.get(code="XM2024002")
    assert (second.stage, second.kind, second.owner_name, second.region.code) == (
        "signed", "renovation", "济南某某有限公司", "370102")
    july = MonthlyProgress.objects.get(project=first, month=7)
    assert (july.year, july.invested_month, july.physical_percent, july.issue_kind) == (
        2024, 800, 35.0, "要素保障")
    assert july.issue_unit.code == "gxj"
    assert sorted(YearPlan.objects.values_list("year", "planned")) == [(2024, 6000), (2025, 9000)]
    assert AuditEvent.objects.filter(object_type="projects.Project").count() == 1


def test_reimporting_the_same_file_changes_nothing(reference):
    assert project_import(good_file(), "项目.xlsx").written
    events, stages = AuditEvent.objects.count(), StageChange.objects.count()
    report = project_import(good_file(), "项目.xlsx")
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged, report.written) == (0, 0, 6, False)
    assert (AuditEvent.objects.count(), StageChange.objects.count()) == (events, stages)


def test_changed_dates_and_figures_update_in_place(reference):
    assert project_import(good_file(), "项目.xlsx").written
    content = workbook([project(started_on="2024-03-05", completed_on="2025-01-10")],
                       [progress(invested_month="900")], [plan(planned="6500")])
    report = project_import(content, "更新.xlsx")
    assert report.errors == [] and (report.created, report.updated) == (0, 3)
    first = Project.objects.get(code="XM2024001")
    assert first.stage == "completed"
    assert dict(first.stages.values_list("stage", "on"))["started"] == D(2024, 3, 5)
    assert MonthlyProgress.objects.get(project=first, month=6).invested_month == 900
    assert YearPlan.objects.get(project=first, year=2024).planned == 6500


BAD = [
    ("项目", project("XM1", region="火星区"), "所在区县", "未知区县"),
    ("项目", project("XM2", zone="不存在功能区"), "所在功能区", "未知功能区"),
    ("项目", project("XM3", unit="不存在的局"), "责任单位", "未知责任单位"),
    ("项目", project("XM4", major="也许"), "省市重大项目", "应填“是”或“否”"),
    ("项目", project("XM5", signed_on="2024-13-45"), "签约日期", "无法识别的日期"),
    ("项目", project("XM6", planned_investment="-5"), "计划总投资（万元）", "应为非负数字"),
    ("项目", project("XM7", producing_on="2024-06-01", started_on="", registered_on=""),
     "投产日期", "没有开工日期"),
    ("项目", project("XM8", started_on="2023-12-01", registered_on=""), "开工日期",
     "日期早于签约日期 2024-01-10"),
    ("项目", project("XM9", owner_uscc="914403001922038217"), "业主统一社会信用代码", "校验"),
    ("项目", project("XM10", kind="翻新"), "项目类型", "应为"),
    ("项目", project("XM11", counted_on="2099-01-01", completed_on="2025-01-01",
                     producing_on="2025-02-01"), "纳统日期", "晚于今天"),
    ("月度进展", progress("XM404"), "项目编号", "未知项目"),
    ("月度进展", progress("XM12", period="2024-13"), "年月", "无法识别的年月"),
    ("月度进展", progress("XM12", physical_percent="120"), "形象进度（%）", "0 到 100"),
    ("月度进展", progress("XM12", period="2024-05", invested_month="-1"), "当月完成投资（万元）",
     "应为非负数字"),
    ("年度计划", plan("XM12", planned="很多"), "年度计划投资（万元）", "应为非负数字"),
]


def test_every_error_is_reported_with_sheet_row_and_column_and_nothing_is_written(reference):
    projects = [row for sheet, row, _, _ in BAD if sheet == "项目"] + [project("XM12")]
    projects.append(project("XM12"))  # duplicate code
    content = workbook(projects, [row for sheet, row, _, _ in BAD if sheet == "月度进展"],
                       [row for sheet, row, _, _ in BAD if sheet == "年度计划"])
    report = project_import(content, "坏.xlsx")
    assert not report.written and Project.objects.count() == 0
    assert MonthlyProgress.objects.count() == 0 and YearPlan.objects.count() == 0
    found = {(e.sheet, e.row, e.column): e.reason for e in report.errors}
    rows = {"项目": 2, "月度进展": 2, "年度计划": 2}
    for sheet, _, column, reason in BAD:
        key = (sheet, rows[sheet], column)
        assert key in found and reason in found[key], (key, reason, report.errors)
        rows[sheet] += 1
    assert ("项目", rows["项目"] + 1, "项目编号") in found  # the second XM12
    assert "同一项目在文件中重复出现" in found[("项目", rows["项目"] + 1, "项目编号")]
    assert all("工作表" in str(e) for e in report.errors)


def test_valid_only_writes_the_good_rows(reference):
    content = workbook([project(), project("XM2", region="火星区")],
                       [progress(), progress("XM2")], [plan()])
    report = project_import(content, "部分.xlsx", valid_only=True)
    assert report.written and report.created == 3
    assert list(Project.objects.values_list("code", flat=True)) == ["XM2024001"]
    assert {(e.sheet, e.column) for e in report.errors} == {("项目", "所在区县"), ("月度进展", "项目编号")}


def test_dry_run_writes_nothing(reference):
    report = project_import(good_file(), "项目.xlsx", dry_run=True)
    assert report.errors == [] and not report.written and Project.objects.count() == 0


def test_a_district_user_imports_only_its_own_projects(lixia_user):
    content = workbook([project("XM1", region="历下区", unit="历下区政府"), project("XM2")])
    report = project_import(content, "项目.xlsx", user=lixia_user)
    assert [(e.row, e.column) for e in report.errors] == [(3, "所在区县")]
    assert "超出您的数据范围" in report.errors[0].reason and Project.objects.count() == 0
    report = project_import(content, "项目.xlsx", user=lixia_user, valid_only=True)
    assert list(Project.objects.values_list("code", flat=True)) == ["XM1"]
    # another district's stored project cannot be moved in, nor its progress reported
    project_import(workbook([project("XM2")]), "市级.xlsx")
    report = project_import(workbook([project("XM2", region="历下区")], [progress("XM2")]),
                            "项目.xlsx", user=lixia_user)
    assert {e.reason for e in report.errors} == {
        STORED_OUT_OF_SCOPE, MOVE_NEEDS_ANALYST, "超出您的数据范围：只能导入本地区项目的数据"}


def test_the_demo_pipeline_imports_cleanly_and_shows_stalls(reference):
    chains_ensure()  # the demo's projects name nodes of the packaged chain maps
    regions = list(Region.objects.filter(kind="district").values_list("code", flat=True))
    units = list(Unit.objects.values_list("name", flat=True))
    frames = generate(seed=7, as_of=D(2025, 6, 30), projects=400, regions=regions, units=units,
                      owners=[])
    again = generate(seed=7, as_of=D(2025, 6, 30), projects=400, regions=regions, units=units,
                     owners=[])
    assert all(frames[name].equals(again[name]) for name in frames)  # deterministic by seed
    assert {name: list(f.columns) for name, f in frames.items()} == {
        "项目": list(PROJECT_COLUMNS.values()), "月度进展": list(PROGRESS_COLUMNS.values()),
        "年度计划": list(PLAN_COLUMNS.values())}
    report = project_sheets_import(frames, label="demo", digest="-", is_demo=True)
    assert report.errors == [] and report.written, report.errors[:5]
    assert Project.objects.filter(is_demo=True).count() == 400
    assert MonthlyProgress.objects.count() == frames["月度进展"].height
    again = project_sheets_import(frames, label="demo", digest="-", is_demo=True)
    assert (again.created, again.updated, again.written) == (0, 0, False)
    rules = set(stall_list(as_of=D(2025, 6, 30))["rule"].to_list())
    assert rules == {"signed_not_started", "started_not_registered", "completed_not_producing",
                     "producing_not_counted", "investment_behind"}


def test_the_downloaded_template_has_the_sheets_and_headers_the_importer_reads(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import login

    make_user("gxj", "analyst")
    chains_ensure()  # the example names a node of the packaged chain map
    login(client, "gxj")
    response = client.get("/projects/import/template/")
    assert response["Content-Disposition"].startswith("attachment")
    sheets = pl.read_excel(io.BytesIO(response.content), sheet_id=0)
    assert list(sheets) == [*PROJECT_SHEETS.values(), NOTES_SHEET]
    assert any(CLEAR_MARK in line for line in sheets[NOTES_SHEET][NOTES_SHEET])
    assert sheets["项目"].columns == list(PROJECT_COLUMNS.values())
    as_downloaded = SimpleUploadedFile("项目导入模板.xlsx", response.content)
    page = client.post("/projects/import/", {"file": as_downloaded, "mode": "valid_only"})
    assert {(e.sheet, e.row, e.column, e.reason) for e in page.context["report"].errors} == {
        (sheet, 2, "项目编号", EXAMPLE_REASON) for sheet in PROJECT_SHEETS.values()}
    assert not Project.objects.exists()
    edited = xlsx_workbook({name: sheet.with_columns(pl.all().str.replace(EXAMPLE_MARK, "", literal=True))
                            for name, sheet in pl.read_excel(io.BytesIO(response.content), sheet_id=0,
                                                             infer_schema_length=0).items()})
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("项目.xlsx", edited),
                                              "mode": "dry_run"})
    assert page.context["report"].errors == []


def test_import_page_reports_rejected_rows_and_writes_nothing_then_imports_a_good_file(
        client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import login

    make_user("gxj", "analyst")
    login(client, "gxj")
    bad = workbook([project(), project("XM2024002", kind="某类型")])
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("项目.xlsx", bad),
                                              "mode": "all"}).content.decode()
    assert "被拒绝的行" in page and "某类型" in page
    assert not Project.objects.exists()
    client.post("/projects/import/", {"file": SimpleUploadedFile("项目.xlsx", good_file()),
                                      "mode": "all"})
    assert Project.objects.count() == 2


def test_read_only_users_cannot_open_the_import_page(client, make_user):
    from tests.conftest import login

    make_user("boss", "leader")
    login(client, "boss")
    assert client.get("/projects/import/").status_code == 403
    assert "导入项目" not in client.get("/projects/").content.decode()
