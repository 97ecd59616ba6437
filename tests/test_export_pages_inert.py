"""A firm or project named like a spreadsheet formula comes out of every export page as inert
text (issue 11 §4): enterprise list, doubling pool, tier candidates, evaluation publication,
project list."""

import datetime

import pytest

from qiangshi.accounts.models import Region, Unit
from qiangshi.cultivation.pool_services import pool_intake
from qiangshi.cultivation.tier_services import tier_run_create
from qiangshi.engine.uscc import uscc_make
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Enterprise
from qiangshi.enterprises.registry_import import enterprise_import
from qiangshi.evaluation.services import method_version_get, run_create
from qiangshi.projects.models import Project
from tests.conftest import login
from tests.cultivation.conftest import firm as pool_firm
from tests.enterprises.conftest import (
    HUAWEI,
    enterprises_file,
    fact,
    facts_file,
    firm,
    registry,  # noqa: F401 — the two-firm registry fixture
)
from tests.formula_cells import FORMULA_NAME, assert_inert, exported_column


@pytest.fixture
def analyst_client(client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    return client


@pytest.fixture
def formula_firm(request):
    request.getfixturevalue("registry")
    Enterprise.objects.filter(uscc=HUAWEI).update(name=FORMULA_NAME)


def test_enterprise_list_export_writes_a_formula_name_as_text(analyst_client, formula_firm):
    assert_inert(exported_column(analyst_client.get("/enterprises/?format=xlsx"), "企业名称"))


def test_pool_export_writes_a_formula_name_as_text(analyst_client, reference):
    member = pool_firm(FORMULA_NAME, facts={2024: (8000, 400), 2025: (12000, 500)})
    pool_intake(level="city", region=Region.objects.get(code="370100"), year=2025,
                willingness={member.pk: "strong"})
    assert_inert(exported_column(analyst_client.get("/cultivation/pool/?format=xlsx"), "企业名称"))


def test_tier_candidate_export_writes_a_formula_name_as_text(analyst_client, formula_firm):
    years = [fact(HUAWEI, year=str(year), revenue="14000", profit="1200", main_revenue="13000",
                  rd_expense="600", employees="150", total_assets="12000", total_liabilities="6000",
                  net_profit="900", niche_years="5", ip_class1="1", ip_class1_own="1",
                  ip_class1_high_value="0", ip_class2="6") for year in (2022, 2023, 2024)]
    assert fact_import(facts_file(years), "数据.xlsx").written
    tier_run_create(datetime.date(2025, 6, 30))
    names = []
    for listed in ("eligible", "near", "far"):
        if not analyst_client.get(f"/cultivation/tiers/sme/?list={listed}").context["rows"]:
            continue  # an empty list's export is issue 11 §6, not this rule
        response = analyst_client.get(f"/cultivation/tiers/sme/?list={listed}&format=xlsx")
        names += exported_column(response, "企业名称")
    assert_inert(names)


def test_evaluation_publication_writes_a_formula_name_as_text(analyst_client, reference):
    firms = [uscc_make("370112", f"{i:08d}") for i in range(1, 4)]
    imported = enterprise_import(enterprises_file([firm(u, land_area="10", industry_code="3411")
                                                   for u in firms]), "企业.xlsx")
    assert imported.written, imported.errors[:2]
    Enterprise.objects.filter(uscc=firms[0]).update(name=FORMULA_NAME)
    facts = fact_import(facts_file([fact(u, tax_paid="100", revenue="1000", profit="50",
                                         energy_tce="10", employees="50") for u in firms]), "数据.xlsx")
    assert facts.written, facts.errors[:2]
    run = run_create(method_version_get("shandong-default"), 2024)
    assert_inert(exported_column(analyst_client.get(f"/evaluation/runs/{run.pk}/?format=xlsx"),
                                 "企业名称"))


def test_project_list_export_writes_a_formula_name_as_text(analyst_client, reference):
    Project.objects.create(code="JN-009", name=FORMULA_NAME, region=Region.objects.get(code="370112"),
                           kind="new", planned_investment=-1, unit=Unit.objects.get(code="lcqzf"))
    response = analyst_client.get("/projects/?format=xlsx")
    assert_inert(exported_column(response, "项目名称"))
    assert exported_column(response, "计划总投资（万元）") == [-1]
