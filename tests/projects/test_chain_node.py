"""Projects carry their chain's node (issue 15 §3): the import's 产业链环节 column must name a
node of the chain's newest map, the chain pages list a chain's (and a node's) projects with
their stage and stalls, and pages label chains by name."""

import datetime
import io

import polars as pl
import pytest

from qiangshi.chains.services import chains_load
from qiangshi.projects.models import Project
from qiangshi.projects.project_import import project_import
from qiangshi.projects.selectors import STAGE_NAMES, chain_label, chain_projects, stall_labels
from tests.chains.monitor_data import CHAIN, CODE
from tests.conftest import login
from tests.projects.test_import import project, workbook


@pytest.fixture
def chain(reference):
    chains_load(CHAIN, note="测试")


def test_a_node_of_the_chains_map_is_imported(chain):
    report = project_import(workbook([project(chain_code=CODE, chain_node="电机")]), "项目.xlsx")
    assert report.errors == [] and report.written, report.errors
    assert Project.objects.get(code="XM2024001").chain_node == "电机"


def test_a_node_not_on_the_chains_map_is_rejected_with_its_reason(chain):
    report = project_import(workbook([project(chain_code=CODE, chain_node="整车"),
                                      project("XM2024002", chain_node="电机")]), "项目.xlsx")
    found = {(e.row, e.column, e.value): e.reason for e in report.errors}
    assert found == {(2, "产业链环节", "整车"): "不是产业链“测试链”最新图谱中的环节",
                     (3, "产业链环节", "电机"): "未填写产业链，不能填写产业链环节"}
    assert not Project.objects.exists()


def test_a_node_is_checked_against_the_stored_projects_chain_when_the_file_has_none(chain):
    project_import(workbook([project(chain_code=CODE)]), "项目.xlsx")
    report = project_import(workbook([project(chain_node="电池")]), "项目.xlsx")
    assert report.errors == [] and Project.objects.get().chain_node == "电池"


def test_a_chain_code_is_labelled_by_the_chain_name_or_shown_as_imported(chain):
    assert chain_label(CODE) == "测试链" and chain_label("自定义链") == "自定义链"


def test_the_projects_of_a_chain_and_of_one_node_come_with_stage_and_stalls(chain, make_user):
    project_import(workbook([project(chain_code=CODE, chain_node="电机", started_on="", registered_on=""),
                             project("XM2024002", chain_code=CODE, chain_node="电池"),
                             project("XM2024003")]), "项目.xlsx")
    user = make_user("gxj", "analyst")
    rows = chain_projects(user=user, chain=CODE)
    assert sorted(p.code for p in rows) == ["XM2024001", "XM2024002"]
    motor = chain_projects(user=user, chain=CODE, node="电机")
    assert [(p.code, STAGE_NAMES[p.stage]) for p in motor] == [("XM2024001", "签约")]
    # signed in January 2024 and not started by mid-2025
    assert stall_labels(motor, as_of=datetime.date(2025, 6, 30))[motor[0].pk]
    lixia = make_user("lixia", "region", region_codes=["370102"])
    assert not chain_projects(user=lixia, chain=CODE).exists()


def test_the_project_page_and_export_name_the_chain_and_its_node(chain, client, make_user):
    project_import(workbook([project(chain_code=CODE, chain_node="电机"), project("XM2024002")]),
                   "项目.xlsx")
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert "<dd>测试链 · 电机</dd>" in client.get("/projects/XM2024001/").content.decode()
    sheet = pl.read_excel(io.BytesIO(client.get("/projects/?format=xlsx").content))
    assert sheet["产业链"].to_list() == ["测试链", None] and sheet["产业链环节"].to_list() == ["电机", None]
