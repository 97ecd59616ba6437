import io

import polars as pl

from qiangshi.dataio.excel import xlsx_workbook
from qiangshi.dataio.validation import EXAMPLE_MARK, EXAMPLE_REASON
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.industry_groups import groups_current, industry_classify
from qiangshi.enterprises.models import Enterprise, Fact, IndustryGroupsVersion
from qiangshi.enterprises.registry_import import enterprise_import
from qiangshi.enterprises.templates_xlsx import EXAMPLE_USCC, fact_template
from tests.conftest import login
from tests.enterprises.conftest import HUAWEI, TENCENT, enterprises_file, fact, facts_file, firm


def test_list_searches_filters_and_is_scoped_to_the_district(client, registry, lixia_user,
                                                             make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/enterprises/").content.decode()
    assert "企业8216" in page and "企业26XG" in page
    assert "企业26XG" not in client.get("/enterprises/?region=370112").content.decode()
    assert "企业26XG" not in client.get(f"/enterprises/?q={HUAWEI[:10]}").content.decode()
    client.post("/logout/")
    login(client, "lixia")  # 历下区: sees 腾讯 (registered in 历下) only
    page = client.get("/enterprises/").content.decode()
    assert "企业26XG" in page and "企业8216" not in page
    assert client.get(f"/enterprises/{HUAWEI}/").status_code == 404
    assert client.get(f"/enterprises/{TENCENT}/").status_code == 200


def test_profile_shows_facts_chart_data_and_honours(client, registry, make_user):
    enterprise_import(enterprises_file([firm()], honours=[
        {"uscc": HUAWEI, "kind": "瞪羚企业", "level": "省级", "year_granted": "2024"}]), "h.xlsx")
    fact_import(facts_file([fact(year="2023", revenue="40000"), fact()]), "f.xlsx")
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get(f"/enterprises/{HUAWEI}/").content.decode()
    assert "省级" in page and "瞪羚企业" in page
    assert '"years": ["2023", "2024"]' in page
    assert "52000.00" in page


def test_profile_shows_tier_figures_in_their_own_table_with_dashes_for_missing(
        client, registry, make_user):
    enterprise_import(enterprises_file([firm()], honours=[
        {"uscc": HUAWEI, "kind": "科技奖励", "level": "省级", "rank": "2", "year_granted": "2024"}]),
        "h.xlsx")
    fact_import(facts_file([fact(year="2023"), fact(tech_staff="95", market_share="12.5")]), "f.xlsx")
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get(f"/enterprises/{HUAWEI}/").content.decode()
    statistics, cultivation = page.split("<h2>培育指标</h2>")
    assert "营业收入（万元）" in statistics and "科技人员数（人）" not in statistics
    tier = cultivation.split("</table>")[0]
    assert '<td class="nowrap">科技人员数（人）</td><td class="num">—</td><td class="num">95</td>' in tier
    assert '<td class="num">—</td><td class="num">12.50</td>' in tier
    assert "<th>排名</th>" in statistics and "<td>2</td>" in statistics


def test_export_lists_the_filtered_firms(client, registry, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    sheet = pl.read_excel(io.BytesIO(client.get("/enterprises/?region=370102&format=xlsx").content))
    assert sheet["统一社会信用代码"].to_list() == [TENCENT]


def test_templates_download_with_the_importers_headers_and_import_back(client, reference,
                                                                       make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    template = client.get("/enterprises/templates/enterprises.xlsx")
    sheets = pl.read_excel(io.BytesIO(template.content), sheet_id=0, infer_schema_length=0)
    # The notes sheet comes last and is skipped on import (see test_import_rules).
    assert list(sheets) == ["企业", "荣誉资质", "用地地块", "填写说明"]
    assert sheets["企业"].columns[:2] == ["统一社会信用代码", "企业名称"]
    facts = pl.read_excel(io.BytesIO(client.get("/enterprises/templates/facts.xlsx").content),
                          sheet_id=0, infer_schema_length=0)
    assert list(facts) == ["年度数据", "月度数据", "填写说明"]
    # The example row shows a valid row: with the example mark deleted it imports.
    marked = io.BytesIO(template.content)
    marked.name = "模板.xlsx"
    page = client.post("/enterprises/import/enterprises/", {"file": marked, "mode": "all"})
    assert "新增 3" not in page.content.decode()
    edited = io.BytesIO(xlsx_workbook({name: sheet.with_columns(
        pl.all().str.replace(EXAMPLE_MARK, "", literal=True)) for name, sheet in sheets.items()}))
    edited.name = "模板.xlsx"
    page = client.post("/enterprises/import/enterprises/", {"file": edited, "mode": "all"})
    assert "新增 3" in page.content.decode()


def test_the_facts_template_example_with_tier_figures_imports_once_unmarked(reference):
    enterprise_import(enterprises_file([firm(EXAMPLE_USCC)]), "企业.xlsx")
    sheets = pl.read_excel(io.BytesIO(fact_template()), sheet_id=0, infer_schema_length=0)
    unmarked = xlsx_workbook({name: sheet.with_columns(
        pl.all().str.replace(EXAMPLE_MARK, "", literal=True)) for name, sheet in sheets.items()})
    report = fact_import(unmarked, "模板.xlsx")
    assert report.errors == [] and report.written
    stored = Fact.objects.get(year=2024)
    assert (stored.tech_staff, stored.ip_class1, stored.digital_level) == (95, 12, 3)


def test_an_example_row_left_in_the_template_is_refused_and_nothing_written(
        client, reference, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    upload = io.BytesIO(client.get("/enterprises/templates/enterprises.xlsx").content)
    upload.name = "模板.xlsx"
    page = client.post("/enterprises/import/enterprises/", {"file": upload, "mode": "valid_only"})
    report = page.context["report"]
    assert [(e.sheet, e.row, e.column, e.reason) for e in report.errors] == [
        (sheet, 2, "统一社会信用代码", EXAMPLE_REASON) for sheet in ("企业", "荣誉资质", "用地地块")]
    assert not Enterprise.objects.exists()


def test_import_page_reports_rejected_rows_without_writing(client, reference, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    upload = io.BytesIO(enterprises_file([firm("914403001922038217")]))
    upload.name = "错误.xlsx"
    page = client.post("/enterprises/import/enterprises/", {"file": upload, "mode": "all"})
    text = page.content.decode()
    assert "校验码错误：应为 6，实际为 7" in text and "（未写入）" in text


def test_leaders_read_but_cannot_import(client, registry, make_user):
    make_user("boss", "leader")
    login(client, "boss")
    assert client.get("/enterprises/").status_code == 200
    assert client.get("/enterprises/import/facts/").status_code == 403


def test_analyst_changes_an_industry_list_as_a_new_version_and_classification_follows(
        client, reference, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/enterprises/industry-groups/").content.decode()
    assert "平台默认口径" in page and "装备制造业" in page
    form = {f"include-{key}": value for key, value in [
        ("equipment_manufacturing", "33 34 35 36 37 38 39 40"),
        ("advanced_manufacturing", ""),
        ("pillar:大数据与新一代信息技术", "39 63 64 65"),
        ("pillar:智能制造与高端装备", "34 35 36 37 38 40"),
        ("pillar:精品钢与先进材料", "31 32 265 283 306 3073 3091"),
        ("pillar:生物医药与大健康", "27 358 1491 1492 2682 1495"),
    ]}
    form["exclude-pillar:智能制造与高端装备"] = "358"
    refused = client.post("/enterprises/industry-groups/", {**form, "note": ""})
    assert "请填写修改说明" in refused.content.decode()
    wrong = client.post("/enterprises/industry-groups/",
                        {**form, "include-advanced_manufacturing": "9X", "note": "试"})
    assert "&#x27;9X&#x27; 不是 2–4 位的国民经济行业代码" in wrong.content.decode()
    client.post("/enterprises/industry-groups/", {**form, "note": "保健食品纳入大健康"})
    version = IndustryGroupsVersion.objects.get()
    assert version.number == 1 and groups_current()[1] == "第 1 版"
    assert industry_classify(["1495"])["pillar"][0] == "生物医药与大健康"


def test_only_analysts_change_industry_lists(client, reference, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    assert client.post("/enterprises/industry-groups/", {"note": "x"}).status_code == 403
