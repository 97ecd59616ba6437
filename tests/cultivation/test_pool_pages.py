import io

import polars as pl
import pytest

from qiangshi.cultivation.models import PoolMember, SupportMeasure
from qiangshi.cultivation.pool_services import pool_intake
from qiangshi.enterprises.models import Enterprise
from tests.conftest import login
from tests.cultivation.conftest import firm


@pytest.fixture
def pool(city, licheng, lixia):
    """A 历城区 firm in both pools, a 历下区 firm in its district's pool, one 历城区 candidate."""
    licheng_firm = firm("历城智能装备", facts={2022: (6000, 300), 2024: (8000, 400),
                                               2025: (12000, 500)})
    lixia_firm = firm("历下软件", region="370102", facts={2024: (3000, -10), 2025: (3300, 20)})
    firm("历城新材料", facts={2022: (1000, 50), 2024: (1440, 60)})
    city_member, = pool_intake(level="city", region=city, year=2025,
                               willingness={licheng_firm.pk: "strong"})
    district_member, = pool_intake(level="district", region=licheng, year=2025,
                                   willingness={licheng_firm.pk: "strong"})
    lixia_member, = pool_intake(level="district", region=lixia, year=2025,
                                willingness={lixia_firm.pk: "normal"})
    return {"city": city_member, "licheng": district_member, "lixia": lixia_member}


def test_pool_page_shows_members_progress_quota_and_chart(client, analyst, pool):
    login(client, "gxj")
    response = client.get("/cultivation/pool/")
    page = response.content.decode()
    assert response.context["filters"]["year"] == "2025"
    assert "历城智能装备" in page and "历下软件" in page
    rows = {(r["name"], r["level"]): r for r in response.context["page"]}
    # 8000 (2024) → 12000 (2025): ×1.5, half way; 50 % a year beats the 14.9 % needed.
    city = rows["历城智能装备", "city"]
    assert city["revenue_multiple"] == 1.5 and city["revenue_progress"] == 0.5
    assert city["revenue_on_track"] is True
    assert rows["历下软件", "district"]["profit_status"] == "base_not_positive"
    quotas = {q["region"].name: (q["used"], q["quota"]) for q in response.context["quotas"]}
    assert quotas["济南市"] == (1, 20) and quotas["历城区"] == (1, 100)
    assert quotas["历下区"] == (1, 100) and quotas["槐荫区"] == (0, 100)
    # Buckets <1.0, 1.0–1.2, …, ≥2.0: both ×1.5 members on track, 历下软件 ×1.1 behind.
    series = {s["code"]: s["data"] for s in response.context["chart"]["series"]}
    assert series["on_track"] == [0, 0, 0, 2, 0, 0, 0]
    assert series["behind"] == [0, 1, 0, 0, 0, 0, 0]
    assert 'data-chart="pool-progress"' in page and "倍增培育" in page


def test_pool_page_filters_by_level_region_status_and_year(client, analyst, pool):
    login(client, "gxj")

    def names(query):
        return [(r["name"], r["level"]) for r in client.get(f"/cultivation/pool/?{query}")
                .context["page"]]

    assert names("level=city") == [("历城智能装备", "city")]
    assert names("region=370102") == [("历下软件", "district")]
    assert names("status=exited") == []
    assert names("year=2024") == []
    assert len(names("year=all")) == 3


def test_pool_export_lists_the_filtered_members(client, analyst, pool):
    login(client, "gxj")
    response = client.get("/cultivation/pool/?level=district&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = pl.read_excel(io.BytesIO(response.content))
    assert sorted(sheet["企业名称"].to_list()) == ["历下软件", "历城智能装备"]
    assert set(sheet["入库层级"]) == {"区县级"}
    row = sheet.filter(pl.col("企业名称") == "历下软件").row(0, named=True)
    assert row["基期营业收入（万元）"] == 3000 and row["营业收入倍数"] == 1.1
    assert row["利润总额倍增进度"] == "基期值不为正，倍增无定义"
    # 3000 (2024) → 3300 (2025): 10 % a year; reaching 6000 in the 4 years left to 2029 needs
    # (6000 / 3300)^(1/4) − 1 = 16.12 % a year.
    assert row["营业收入实际年均增长（%）"] == 10.0
    assert row["营业收入仍需年均增长（%）"] == 16.12


def test_a_lixia_user_cannot_see_or_open_a_licheng_member(client, lixia_user, pool):
    login(client, "lixia")
    page = client.get("/cultivation/pool/").content.decode()
    assert "历下软件" in page and "历城智能装备" not in page
    assert client.get(f"/cultivation/pool/{pool['licheng'].pk}/").status_code == 404
    assert client.get(f"/cultivation/pool/{pool['city'].pk}/").status_code == 404
    assert client.get(f"/cultivation/pool/{pool['lixia'].pk}/").status_code == 200
    response = client.post(f"/cultivation/pool/{pool['licheng'].pk}/measures/",
                           {"on": "2025-03-01", "kind": "land", "text": "用地"})
    assert response.status_code == 404 and not SupportMeasure.objects.exists()
    sheet = pl.read_excel(io.BytesIO(client.get("/cultivation/pool/?format=xlsx").content))
    assert sheet["企业名称"].to_list() == ["历下软件"]


def test_a_district_sees_only_its_own_quota(client, lixia_user, pool):
    login(client, "lixia")
    quotas = client.get("/cultivation/pool/").context["quotas"]
    assert [(q["region"].name, q["used"]) for q in quotas] == [("历下区", 1)]


@pytest.mark.parametrize("username", ["gxj", "boss"])
def test_pool_candidate_and_member_pages_render_for_analyst_and_leader(
        client, analyst, leader, pool, username):
    login(client, username)
    assert client.get("/cultivation/pool/").status_code == 200
    assert client.get("/cultivation/pool/candidates/?year=2025").status_code == 200
    response = client.get(f"/cultivation/pool/{pool['city'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-chart="pool-member"' in page and 'id="pool-member-data"' in page
    chart = response.context["chart"]
    # base 8000 in 2024: the doubling path reaches 16000 in 2029 (5 years).
    assert chart["target_revenue"] == 16000 and chart["path"][-1] == 16000
    assert chart["years"][0] == "2022" and chart["revenue"][:4] == [6000, None, 8000, 12000]


def test_leader_reads_but_cannot_take_in_record_or_exit(client, leader, pool):
    login(client, "boss")
    candidates = client.get("/cultivation/pool/candidates/?year=2025")
    assert candidates.context["can_add"] is False and "纳入" not in candidates.content.decode()
    member = client.get(f"/cultivation/pool/{pool['city'].pk}/")
    assert member.context["can_record"] is False and member.context["can_exit"] is False
    other = PoolMember.objects.count()
    assert client.post("/cultivation/pool/candidates/", {
        "year": "2025", "level": "city", "enterprise": ["1"]}).status_code == 403
    assert client.post(f"/cultivation/pool/{pool['city'].pk}/measures/", {
        "on": "2025-03-01", "kind": "land", "text": "用地"}).status_code == 403
    assert client.post(f"/cultivation/pool/{pool['city'].pk}/exit/",
                       {"note": "x"}).status_code == 403
    assert PoolMember.objects.count() == other and not SupportMeasure.objects.exists()


def test_candidates_rank_firms_not_yet_pooled_with_missing_parts_listed(client, analyst, pool):
    login(client, "gxj")
    response = client.get("/cultivation/pool/candidates/?year=2025&level=city")
    rows = list(response.context["page"])
    # 历城智能装备 is in the city pool already; 历下软件 has no 2022 revenue → growth missing.
    assert [r["name"] for r in rows] == ["历城新材料", "历下软件"]
    assert rows[1]["missing"][:1] == ["growth"]
    page = response.content.decode()
    assert "平台默认设置" in page and "并非政策文件规定" in page
    assert response.context["can_add"] is True


def test_weights_in_the_query_change_the_ranking_and_bad_ones_fall_back(client, analyst, pool):
    login(client, "gxj")
    response = client.get("/cultivation/pool/candidates/?year=2025&level=city&w_growth=0"
                          "&w_innovation=1&w_projects=0&w_willingness=0")
    assert dict((c, v) for c, _, v, _ in response.context["weights"])["innovation"] == 1.0
    response = client.get("/cultivation/pool/candidates/?year=2025&w_growth=-1")
    assert "权重有误" in response.content.decode()
    assert dict((c, v) for c, _, v, _ in response.context["weights"])["growth"] == 0.4


def test_an_analyst_takes_a_firm_into_the_city_pool_from_the_ranking(client, analyst, pool):
    login(client, "gxj")
    candidate = Enterprise.objects.get(name="历城新材料")
    response = client.post("/cultivation/pool/candidates/", {
        "year": "2025", "level": "city", "enterprise": [str(candidate.pk)],
        f"willingness-{candidate.pk}": "strong", "w_growth": "0.4", "w_innovation": "0.3",
        "w_projects": "0.2", "w_willingness": "0.1"})
    assert response.status_code == 302 and "/cultivation/pool/?" in response.url
    member = PoolMember.objects.get(enterprise=candidate, level="city")
    assert member.selected_by == analyst and member.base_revenue == 1440


def test_intake_without_willingness_is_refused_with_a_message(client, analyst, pool):
    login(client, "gxj")
    candidate = Enterprise.objects.get(name="历城新材料")
    response = client.post("/cultivation/pool/candidates/", {
        "year": "2025", "level": "city", "enterprise": [str(candidate.pk)]}, follow=True)
    assert "请为每家所选企业填写倍增意愿" in response.content.decode()
    assert not PoolMember.objects.filter(enterprise=candidate).exists()


def test_a_district_takes_in_its_own_firms_but_not_at_city_level(client, make_user, pool):
    make_user("licheng", "region", region_codes=["370112"])
    login(client, "licheng")
    candidate = Enterprise.objects.get(name="历城新材料")
    data = {"year": "2025", "enterprise": [str(candidate.pk)],
            f"willingness-{candidate.pk}": "normal"}
    assert client.post("/cultivation/pool/candidates/",
                       data | {"level": "city"}).status_code == 403
    # Another district cannot be chosen: the form falls back to the user's own district.
    client.post("/cultivation/pool/candidates/",
                data | {"level": "district", "region": "370102"})
    member = PoolMember.objects.get(enterprise=candidate)
    assert (member.level, member.region.code) == ("district", "370112")


def test_a_district_user_records_a_support_measure_and_sees_it(client, make_user, pool):
    make_user("licheng", "region", region_codes=["370112"])
    login(client, "licheng")
    url = f"/cultivation/pool/{pool['licheng'].pk}/"
    response = client.post(f"{url}measures/", {"on": "2025-04-02", "kind": "financing",
                                               "text": "协调银行授信", "unit": "jrj",
                                               "amount": "5000"}, follow=True)
    assert "扶持措施已记录" in response.content.decode()
    measure = SupportMeasure.objects.get()
    assert (measure.kind, measure.unit.code, measure.amount) == ("financing", "jrj", 5000)
    assert measure.recorded_by == "licheng"
    assert "协调银行授信" in client.get(url).content.decode()
    response = client.post(f"{url}measures/", {"on": "4月2日", "kind": "land", "text": "x"},
                           follow=True)
    assert "日期格式应为" in response.content.decode()


def test_a_district_exits_its_own_member_but_not_a_city_member(client, make_user, pool):
    make_user("licheng", "region", region_codes=["370112"])
    login(client, "licheng")
    assert client.post(f"/cultivation/pool/{pool['city'].pk}/exit/",
                       {"note": "迁出"}).status_code == 403
    client.post(f"/cultivation/pool/{pool['licheng'].pk}/exit/", {"note": "企业迁出本区"})
    assert PoolMember.objects.get(pk=pool["licheng"].pk).status == "exited"
    assert PoolMember.objects.get(pk=pool["city"].pk).status == "in_pool"


def test_navigation_offers_the_pool_to_roles_that_may_see_it(client, analyst, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "gxj")
    assert "/cultivation/pool/" in client.get("/").content.decode()
    client.post("/logout/")
    login(client, "stats")
    assert "/cultivation/pool/" not in client.get("/").content.decode()
    assert client.get("/cultivation/pool/").status_code == 403
