import io

import polars as pl

from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.registry_import import enterprise_import
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
    assert list(sheets) == ["企业", "荣誉资质"]
    assert sheets["企业"].columns[:2] == ["统一社会信用代码", "企业名称"]
    facts = pl.read_excel(io.BytesIO(client.get("/enterprises/templates/facts.xlsx").content),
                          sheet_id=0, infer_schema_length=0)
    assert list(facts) == ["年度数据", "月度数据"]
    # The example rows are valid: the template imports as it is.
    upload = io.BytesIO(template.content)
    upload.name = "模板.xlsx"
    page = client.post("/enterprises/import/enterprises/", {"file": upload, "mode": "all"})
    assert "新增 2" in page.content.decode()


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
