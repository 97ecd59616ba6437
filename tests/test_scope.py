import polars as pl
import pytest
from django.db.models import Q

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import scope_expr, scope_filter, scope_keys, scope_q
from tests.conftest import login


def test_district_user_lists_only_its_own_region(client, lixia_user, huaiyin_user):
    login(client, "lixia")
    page = client.get("/system/regions/").content.decode()
    assert "历下区" in page
    assert "槐荫区" not in page
    assert "济南高新技术产业开发区" not in page


def test_district_user_gets_404_on_another_districts_detail_url(client, lixia_user, huaiyin_user):
    login(client, "lixia")
    assert client.get("/system/regions/370102/").status_code == 200
    response = client.get("/system/regions/370104/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_other_district_sees_the_mirror_image(client, lixia_user, huaiyin_user):
    login(client, "huaiyin")
    assert client.get("/system/regions/370104/").status_code == 200
    assert client.get("/system/regions/370102/").status_code == 404
    assert client.get("/system/units/lxqzf/").status_code == 404
    assert client.get("/system/units/hyqzf/").status_code == 200


def test_unit_reporter_sees_only_its_unit(client, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    page = client.get("/system/units/").content.decode()
    assert "市统计局" in page
    assert "市工业和信息化局" not in page
    assert client.get("/system/units/gxj/").status_code == 404


def test_city_wide_roles_see_every_region(client, make_user):
    make_user("boss", "leader")
    login(client, "boss")
    assert client.get("/system/regions/370104/").status_code == 200
    assert "槐荫区" in client.get("/system/regions/").content.decode()


def test_user_without_any_scope_sees_nothing(make_user):
    nobody = make_user("nobody", "region")
    assert not scope_filter(Region.objects.all(), user=nobody).exists()


def test_scope_joins_dimensions_with_or_on_the_models_declared_paths(lixia_user):
    lixia_region = Region.objects.get(code="370102").pk
    lixia_unit = Unit.objects.get(code="lxqzf").pk
    assert scope_q(Unit, lixia_user) == Q(pk__in=[lixia_unit]) | Q(region__in=[lixia_region])


def test_chain_scope_uses_the_chain_path_of_a_model(make_user):
    class ChainScoped:
        scope_paths = {"chain": "chain__code", "region": "region"}

    chain_user = make_user("chain", "chain", chain_codes=["smart-equipment"])
    assert scope_q(ChainScoped, chain_user) == Q(chain__code__in=["smart-equipment"])


def test_model_without_declared_scope_refuses_to_be_filtered(lixia_user):
    class Unscoped:
        class _meta:
            label = "tests.Unscoped"

    with pytest.raises(Exception, match="未声明 scope_paths"):
        scope_q(Unscoped, lixia_user)


def _region_frame():
    rows = list(Region.objects.values_list("pk", "code"))
    return pl.DataFrame(rows, orient="row", schema={"region_id": pl.Int64, "code": pl.String})


def test_the_polars_scope_expression_keeps_the_rows_scope_filter_keeps(lixia_user, make_user):
    frame = _region_frame()
    for user in [lixia_user, make_user("boss", "leader"), make_user("nobody", "region")]:
        seen = frame.filter(scope_expr(user, region="region_id"))["code"].sort().to_list()
        assert seen == sorted(scope_filter(Region.objects.all(), user=user)
                              .values_list("code", flat=True))


def test_the_polars_scope_expression_reads_any_of_a_dimensions_columns(lixia_user):
    lixia = Region.objects.get(code="370102").pk
    frame = pl.DataFrame({"region_id": [lixia, None, 1], "zone_id": [None, lixia, None]},
                         schema={"region_id": pl.Int64, "zone_id": pl.Int64})
    kept = frame.filter(scope_expr(lixia_user, region=("region_id", "zone_id")))
    assert kept.height == 2


def test_an_inactive_user_reads_no_row_of_a_frame(lixia_user):
    lixia_user.is_active = False
    frame = _region_frame()
    assert frame.filter(scope_expr(lixia_user, region="region_id")).is_empty()
    assert frame.filter(scope_keys(Region.objects.all(), user=lixia_user,
                                   column="region_id")).is_empty()


def test_frame_keys_follow_what_scope_filter_lets_the_user_see(lixia_user):
    frame = _region_frame()
    kept = frame.filter(scope_keys(Region.objects.all(), user=lixia_user, column="code",
                                   field="code"))
    assert kept["code"].to_list() == ["370102"]
