"""The 公示名单 export and what the evaluation pages show each role (issue 13 §3, §4)."""

import io
import zipfile

import pytest
from django.test import override_settings

from qiangshi.enterprises.models import Enterprise
from qiangshi.evaluation.models import Override, Run
from qiangshi.evaluation.services import method_version_get, run_create
from tests.conftest import login
from tests.evaluation.test_runs import FIRMS, published, ten_firms  # noqa: F401


@pytest.fixture
def run_with_exempt(ten_firms):  # noqa: F811
    Override.objects.create(year=2024, enterprise=Enterprise.objects.get(uscc=FIRMS[4]),
                            kind="exempt_t", reason_code="NEW", reason="新投产企业")
    return run_create(method_version_get("shandong-default"), 2024)


def sheet_xml(content: bytes, number: int) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return book.read(f"xl/worksheets/sheet{number}.xml").decode()


def test_the_published_list_lists_firms_not_evaluated_apart_with_their_reason(
        client, run_with_exempt, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    content = client.get(f"/evaluation/runs/{run_with_exempt.pk}/?format=xlsx").content
    graded = published(content)
    assert graded.height == 9 and FIRMS[4] not in graded["统一社会信用代码"].to_list()
    assert not graded["评价类别"].str.starts_with("T").any()
    assert graded["序号"].to_list() == list(range(1, 10))
    apart = published(content, "暂不评价企业")
    assert apart.rows() == [(1, apart["企业名称"][0], FIRMS[4], "历城区", "新投产企业，暂不评价（T）")]


def test_the_published_list_has_a_title_a_frozen_filtered_header_and_a_print_layout(
        client, run_with_exempt, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    content = client.get(f"/evaluation/runs/{run_with_exempt.pk}/?format=xlsx").content
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()
        tables = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/tables/")]
    assert "2024年度工业企业亩产效益综合评价结果公示名单" in strings
    assert "2024年度工业企业亩产效益综合评价暂不评价企业名单" in strings
    for number in (1, 2):
        sheet = sheet_xml(content, number)
        assert '<mergeCell ref="A1:' in sheet  # the title spans the table
        assert 'ySplit="2"' in sheet and 'topLeftCell="A3"' in sheet  # title and header frozen
        assert 'orientation="landscape"' in sheet and 'paperSize="9"' in sheet
        assert 'fitToHeight="0"' in sheet and "第 &amp;P 页" in sheet
    assert all("<autoFilter" in table for table in tables) and len(tables) == 2
    assert workbook.count("_xlnm.Print_Titles") == 2  # title and header on every printed page


def test_the_method_list_offers_chinese_names_and_starts_from_the_citys_method(
        client, reference, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/evaluation/").content.decode()
    form = page.split('name="method"')[1].split("</select>")[0]
    assert ('<option value="shandong-default" selected>山东省工业企业“亩产效益”综合评价（平台默认方法）'
            '（本市方法）</option>') in form.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "淮安市工业企业资源集约利用综合评价（2024年）</option>" in form
    shown = form.replace('value="shandong-default"', "").replace('value="huaian-2024"', "") \
        .replace('value="huangyan-2022"', "")
    assert "-20" not in shown and "shandong" not in shown  # no slug as a name
    with override_settings(MUJUN_METHOD="huaian-2024"):
        configured = client.get("/evaluation/").content.decode()
    assert '<option value="huaian-2024" selected>' in configured
    methods = client.get("/evaluation/methods/").content.decode()
    assert "docs/" not in methods and "shandong-default" not in methods
    assert "本市方法，开始评价时默认选用" in methods


def test_a_stored_method_is_named_by_its_title_and_version(client, reference, make_user):
    version = method_version_get("huangyan-2022")
    assert str(version) == "台州市黄岩区工业企业“亩均论英雄”综合评价（2022年度）（第1版）"


@pytest.mark.parametrize(("role", "scope", "shown"), [
    ("analyst", {}, True), ("region", {"region_codes": ["370112"]}, True),
    ("leader", {}, False), ("reporter", {}, False), ("chain", {}, False)])
def test_the_appeals_button_is_shown_only_to_who_can_open_the_appeals(
        client, reference, make_user, role, scope, shown):
    make_user("u", role, **scope)
    login(client, "u")
    page = client.get("/evaluation/").content.decode()
    assert ("/evaluation/appeals/" in page) is shown
    if shown:
        assert client.get("/evaluation/appeals/").status_code == 200


def test_hashes_and_versions_are_behind_the_calculation_basis_and_counts_are_separated(
        client, ten_firms, make_user):  # noqa: F811
    run = run_create(method_version_get("shandong-default"), 2024)
    Run.objects.filter(pk=run.pk).update(firm_count=10002)
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get(f"/evaluation/runs/{run.pk}/").content.decode()
    before, basis = page.split("<summary>计算依据</summary>")
    assert run.input_hash[:16] not in before and run.input_hash in basis.split("</details>")[0]
    assert run.engine_version in basis.split("</details>")[0]
    assert "10,002 家企业" in before
    result = run.results.first()
    detail = client.get(f"/evaluation/results/{result.pk}/").content.decode()
    assert "<summary>计算依据</summary>" in detail and "shandong-default" not in detail


def test_a_forced_class_is_shown_beside_the_class_the_score_gives(client, ten_firms, make_user):  # noqa: F811
    Override.objects.create(year=2024, enterprise=Enterprise.objects.get(uscc=FIRMS[0]),
                            kind="force_class", klass="B", reason_code="REVIEW", reason="")
    run = run_create(method_version_get("shandong-default"), 2024)
    make_user("gxj", "analyst")
    login(client, "gxj")
    forced = run.results.get(uscc=FIRMS[0])
    page = client.get(f"/evaluation/results/{forced.pk}/").content.decode()
    assert "排名 10/10，按得分为 C类（提升发展类），经调整（见下列规则）评为 B类（支持发展类）。" in page
    assert "<li>经异议复核调整类别，调整为B类</li>" in page and "REVIEW" not in page
    plain = client.get(f"/evaluation/results/{run.results.get(uscc=FIRMS[-1]).pk}/").content.decode()
    assert "排名 1/10，评为 A类（优先发展类）。" in plain
