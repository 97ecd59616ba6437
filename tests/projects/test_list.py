import datetime
import io

import polars as pl
import pytest

from qiangshi.accounts.models import Region, Unit
from qiangshi.projects.models import Project
from qiangshi.projects.services import stage_change
from tests.conftest import login


@pytest.fixture
def projects(reference, make_user):
    make_user("gxj", "analyst")
    licheng, lixia = Region.objects.get(code="370112"), Region.objects.get(code="370102")
    unit = Unit.objects.get(code="lcqzf")
    made = [
        Project.objects.create(code="JN-001", name="新能源商用车总装项目", region=licheng, kind="new",
                               planned_investment=120000, unit=unit, major=True),
        Project.objects.create(code="JN-002", name="智能装备技改项目", region=licheng,
                               kind="renovation", planned_investment=8000, unit=unit),
        Project.objects.create(code="JN-003", name="集成电路封测项目", region=lixia, kind="new",
                               planned_investment=50000, unit=Unit.objects.get(code="lxqzf")),
    ]
    stage_change(made[0], "signed", on=datetime.date(2024, 1, 10))
    return made


def _codes(page: str) -> set[str]:
    return {code for code in ("JN-001", "JN-002", "JN-003") if code in page}


def test_project_list_filters_by_name_region_kind_stage_and_major(client, projects):
    login(client, "gxj")
    assert _codes(client.get("/projects/?q=封测").content.decode()) == {"JN-003"}
    assert _codes(client.get("/projects/?region=370112").content.decode()) == {"JN-001", "JN-002"}
    assert _codes(client.get("/projects/?kind=renovation").content.decode()) == {"JN-002"}
    assert _codes(client.get("/projects/?stage=signed").content.decode()) == {"JN-001"}
    assert _codes(client.get("/projects/?major=1").content.decode()) == {"JN-001"}


def test_stage_cards_count_under_the_other_filters(client, projects):
    login(client, "gxj")
    response = client.get("/projects/?region=370112&stage=signed")
    board = {label: n for _, label, n in response.context["board"]}
    assert board["谋划"] == 1 and board["签约"] == 1
    assert "region=370112&stage=planning" in response.content.decode()


def test_district_table_counts_projects_and_investment_per_stage(client, projects):
    login(client, "gxj")
    districts = {row["region"]: row for row in client.get("/projects/").context["districts"]}
    assert districts["历城区"]["total"] == 2 and districts["历城区"]["invested"] == 128000
    assert districts["历城区"]["stages"][:3] == [1, 0, 1]  # one 谋划, one 签约
    assert districts["历下区"]["total"] == 1


def test_project_list_exports_the_filtered_rows_to_excel(client, projects):
    login(client, "gxj")
    response = client.get("/projects/?region=370112&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = pl.read_excel(io.BytesIO(response.content))
    assert sheet["项目编号"].to_list() == ["JN-001", "JN-002"]
    assert sheet["当前阶段"].to_list() == ["签约", "谋划"]
    assert sheet["项目类型"].to_list() == ["新建", "技术改造"]
    assert sheet["计划总投资（万元）"].to_list() == [120000, 8000]


def test_district_staff_export_only_their_own_projects(client, projects, lixia_user):
    login(client, "lixia")
    sheet = pl.read_excel(io.BytesIO(client.get("/projects/?format=xlsx").content))
    assert sheet["项目编号"].to_list() == ["JN-003"]


def test_project_page_charts_monthly_and_cumulative_investment_against_the_plan(client, projects):
    from qiangshi.projects.models import MonthlyProgress

    for month, invested in ((1, 3000), (2, None), (3, 4500.5)):
        MonthlyProgress.objects.create(project=projects[0], year=2024, month=month,
                                       invested_month=invested)
    login(client, "gxj")
    response = client.get("/projects/JN-001/")
    assert response.context["chart"] == {
        "months": ["2024-01", "2024-02", "2024-03"], "monthly": [3000.0, None, 4500.5],
        "cumulative": [3000.0, 3000.0, 7500.5], "planned": 120000.0}
    assert 'data-chart="project-investment"' in response.content.decode()
    assert client.get("/projects/JN-002/").context["chart"] is None
