import io

import polars as pl
import pytest
import xlsxwriter

from qiangshi.dataio.validation import EXAMPLE_MARK
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.registry_import import enterprise_import
from qiangshi.plan.computed.formulas import computed_refresh
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import ComputedFigure, Observation
from tests.conftest import login
from tests.enterprises.conftest import (
    HUAWEI,
    TENCENT,
    enterprises_file,
    fact,
    facts_file,
    firm,
)
from tests.plan_data import mini_plan_text

REVENUE = ('    formula: {"measure": "sum", "field": "revenue", "scale": 0.0001,'
           ' "where": {"above_scale": true, "industrial": true}}\n')
HIGH_TECH = '    formula: {"measure": "count", "where": {"honour": ["high_tech"]}}\n'


@pytest.fixture
def registry_plan(reference):
    text = mini_plan_text(**{
        "    sentence: 规模以上工业营业收入突破1万亿元\n":
            "    sentence: 规模以上工业营业收入突破1万亿元\n" + REVENUE,
        "    source: reported\n    reporting_units: [市科技局]\n":
            "    source: computed\n    reporting_units: [市科技局]\n" + HIGH_TECH,
    })
    plan = plan_load(text).plan
    honour = {"uscc": HUAWEI, "kind": "高新技术企业", "level": "国家级", "year_granted": "2023",
              "year_expiring": "2026"}
    enterprise_import(enterprises_file([firm(), firm(TENCENT, region="历下区", above_scale="否")],
                                       honours=[honour]), "企业.xlsx")
    fact_import(facts_file([fact(), fact(TENCENT, revenue="45000"), fact(year="2023",
                                                                         revenue="40000")]),
                "数据.xlsx")
    return plan


def _value(code, region, year):
    return ComputedFigure.objects.get(indicator__code=code, region__code=region, year=year).value


def test_sums_and_counts_over_firms_for_city_district_and_year(registry_plan):
    counts = computed_refresh(registry_plan)
    assert counts.figures > 0
    # 规上 industrial revenue 2024: only 华为 (52,000 万元 = 5.2 亿元); 腾讯 is 规下.
    assert _value("MFG-REV", "370100", 2024) == pytest.approx(5.2)
    assert _value("MFG-REV", "370112", 2024) == pytest.approx(5.2)
    assert _value("MFG-REV", "370100", 2023) == pytest.approx(4.0)
    assert not ComputedFigure.objects.filter(indicator__code="MFG-REV",
                                             region__code="370102").exists()
    assert _value("T1-LABS", "370100", 2024) == 1
    assert ComputedFigure.objects.first().method_version.startswith("aggregate-1")


def test_computed_indicators_become_figures_linked_to_their_computation(registry_plan):
    computed_refresh(registry_plan)
    labs = Observation.objects.get(indicator__code="T1-LABS", region__code="370100", year=2024)
    assert labs.source_kind == "computed" and labs.value == 1
    assert labs.computed_from.firms == 1
    # A reported indicator keeps its official figures; the computed values stand beside them.
    assert not Observation.objects.filter(indicator__code="MFG-REV").exists()


def test_recomputing_unchanged_registry_changes_no_figure(registry_plan):
    computed_refresh(registry_plan)
    again = computed_refresh(registry_plan)
    assert (again.observations_created, again.observations_updated) == (0, 0)


def test_indicator_page_compares_official_and_computed_and_lists_the_firms(client, registry_plan,
                                                                           make_user):
    computed_refresh(registry_plan)
    observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2024,6.0\n".encode(), "统计.csv",
                       plan=registry_plan)
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/plan/indicators/MFG-REV/?region=370100").content.decode()
    table = page.split('id="comparison"')[1].split("</table>")[0]
    assert "<td>6</td>" in table and "5.2</a>" in table and "-0.8" in table
    figure = ComputedFigure.objects.get(indicator__code="MFG-REV", region__code="370100",
                                        year=2024)
    firms = client.get(f"/plan/computed/{figure.pk}/").content.decode()
    assert "企业8216" in firms and "企业26XG" not in firms


def test_a_new_user_downloads_the_template_fills_it_imports_it_and_sees_the_figure(
        client, reference, make_user, django_capture_on_commit_callbacks):
    """The issue's end-to-end path: template → filled in → imported → firm → computed figure."""
    text = mini_plan_text(**{"    sentence: 规模以上工业营业收入突破1万亿元\n":
                             "    sentence: 规模以上工业营业收入突破1万亿元\n" + REVENUE})
    with django_capture_on_commit_callbacks(execute=True):
        plan_load(text)
    make_user("gxj", "analyst")
    login(client, "gxj")
    template = client.get("/enterprises/templates/enterprises.xlsx").content
    sheets = pl.read_excel(io.BytesIO(template), sheet_id=0, infer_schema_length=0)
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        # Filling in types over the example row, its example mark included.
        sheets["企业"].with_columns(pl.all().str.replace(EXAMPLE_MARK, "", literal=True)).with_columns(
            pl.lit("济南示例装备有限公司").alias("企业名称")).write_excel(
            book, worksheet="企业")
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "企业名录.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/enterprises/import/enterprises/", {"file": upload, "mode": "all"})
    assert "新增 1" in page.content.decode()
    facts = pl.read_excel(io.BytesIO(client.get("/enterprises/templates/facts.xlsx").content),
                          sheet_id=0, infer_schema_length=0)
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        facts["年度数据"].with_columns(pl.all().str.replace(EXAMPLE_MARK, "", literal=True)).write_excel(
            book, worksheet="年度数据")
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "企业数据.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/enterprises/import/facts/", {"file": upload, "mode": "all"})
    assert "济南示例装备有限公司" in client.get("/enterprises/").content.decode()
    # The template's example: 52,000 万元 in 2024 from a 规上 firm in 3411 = 5.2 亿元.
    figure = ComputedFigure.objects.get(indicator__code="MFG-REV", region__code="370100",
                                        year=2024)
    assert figure.value == pytest.approx(5.2) and figure.firms == 1
    page = client.get("/plan/indicators/MFG-REV/?region=370100").content.decode()
    assert "企业数据汇总（平台计算）" in page and "5.2</a>" in page


def test_pipeline_counts_flow_into_monitoring_as_computed_figures(reference):
    import datetime

    from qiangshi.accounts.models import Region, Unit
    from qiangshi.projects.models import Project
    from qiangshi.projects.services import stage_change

    formula = '    formula: {"source": "projects", "measure": "count", "stage": "reserve"}\n'
    plan = plan_load(mini_plan_text(**{
        "    source: reported\n    reporting_units: [市科技局]\n":
            "    source: computed\n    reporting_units: [市科技局]\n" + formula})).plan
    for number, region in enumerate(["370112", "370112", "370102"]):
        project = Project.objects.create(
            code=f"P-{number}", name=f"项目{number}", region=Region.objects.get(code=region),
            kind="new", unit=Unit.objects.get(code="gxj"))
        stage_change(project, "reserve", on=datetime.date(2024, 3, 1))
    computed_refresh(plan)
    figures = dict(Observation.objects.filter(indicator__code="T1-LABS", year=2024)
                   .values_list("region__code", "value"))
    assert figures == {"370100": 3, "370112": 2, "370102": 1}


def test_the_input_hash_does_not_depend_on_the_order_queries_return_rows_in(registry_plan,
                                                                            monkeypatch):
    from qiangshi.plan.computed import formulas as computed
    from tests.row_order import rows_reversed

    computed_refresh(registry_plan)
    first = set(ComputedFigure.objects.values_list("input_hash", flat=True))
    rows_reversed(monkeypatch, computed, "registry_panel", "project_table", "stage_table",
                  "progress_table")
    computed_refresh(registry_plan)
    assert set(ComputedFigure.objects.values_list("input_hash", flat=True)) == first
    assert len(first) == 1


def test_a_published_figure_is_not_overwritten_by_a_computed_one_and_counts(registry_plan):
    computed_refresh(registry_plan)
    observation_import("指标代码,地区代码,期别,数值\nT1-LABS,370100,2024,7\n".encode(),
                       "公报.csv", plan=registry_plan, source_kind=Observation.SourceKind.PUBLISHED)
    again = computed_refresh(registry_plan)
    labs = Observation.objects.get(indicator__code="T1-LABS", region__code="370100", year=2024)
    assert (labs.source_kind, labs.value) == ("published", 7)
    assert again.observations_updated == 0
    assert _value("T1-LABS", "370100", 2024) == 1
