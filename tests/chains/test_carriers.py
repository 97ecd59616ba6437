"""落地载体: imported with their free capacity and the chain nodes they suit, rows rejected
with reasons, a second import changing nothing, a district writing only its own region's
carriers (the stored row checked), and the per-chain list with its export."""

import io

import polars as pl
import pytest

from qiangshi.accounts.models import Region
from qiangshi.chains.carrier_import import COLUMNS, carrier_sheets_import
from qiangshi.chains.models_lists import Carrier
from qiangshi.dataio.scope import FILE_OUT_OF_SCOPE, STORED_OUT_OF_SCOPE
from tests.chains.lists_data import IC, NEV, nodes, sheet
from tests.conftest import login


@pytest.fixture
def node(reference):
    return nodes(NEV)[0]


def run(rows, user=None, **options):
    return carrier_sheets_import(sheet(COLUMNS, rows, "落地载体"), label="c.xlsx", digest="x",
                                 user=user, **options)


def carrier(node, name="历下智造园", region="历下区", **fields):
    return {"name": name, "region": region, "kind": "园区", "total_area": "1,200", "free_area": "180",
            "free_floor": "45000", "suits": f"新能源汽车：{node}；集成电路", **fields}


def test_carriers_are_stored_with_the_nodes_they_suit_and_a_second_import_changes_nothing(node):
    rows = [carrier(node), carrier(node, name="高新区标准厂房", region="370171", kind="标准厂房",
                                   suits=f"集成电路；新能源汽车：{node}")]
    report = run(rows)
    assert (report.created, report.errors) == (2, [])
    stored = Carrier.objects.get(name="历下智造园")
    assert stored.region.code == "370102" and stored.free_area == 180 and stored.total_area == 1200
    assert sorted(stored.suits, key=lambda s: s["chain"]) == [
        {"chain": IC, "node": ""}, {"chain": NEV, "node": node}]
    again = run(rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # the same items in another order are the same list
    assert run([carrier(node, suits=f"集成电路；新能源汽车：{node}")]).unchanged == 1


def test_rejected_rows_say_why_and_nothing_is_written(node):
    report = run([carrier(node), carrier(node, name="甲", region="火星区"),
                  carrier(node, name="乙", kind="写字楼"), carrier(node, name="丙", free_area="5000"),
                  carrier(node, name="丁", suits="新能源汽车：不存在的节点；不存在的链")])
    reasons = {(e.row, e.column, e.value): e.reason for e in report.errors}
    assert reasons[(3, "所在区县或功能区", "火星区")].startswith("未知区县或功能区")
    assert reasons[(4, "载体类型", "写字楼")].startswith("应为：园区")
    assert reasons[(5, "可用面积（亩）", "5000")] == "可用面积大于总面积"
    assert "新能源汽车：不存在的节点、不存在的链" in reasons[(6, "适合的产业链节点",
                                                           "新能源汽车：不存在的节点；不存在的链")]
    assert not report.written and not Carrier.objects.exists()


def test_a_missing_column_keeps_the_stored_value(node):
    run([carrier(node, note="三通一平")])
    report = run([{"name": "历下智造园", "region": "历下区", "kind": "园区", "free_area": "150"}])
    assert report.updated == 1
    stored = Carrier.objects.get()
    assert (stored.free_area, stored.note, len(stored.suits)) == (150, "三通一平", 2)


def test_a_district_writes_its_own_carriers_only_checked_on_the_stored_row(node, lixia_user, huaiyin_user):
    assert run([carrier(node)], user=lixia_user).created == 1
    refused = run([carrier(node, name="槐荫园", region="槐荫区")], user=lixia_user)
    assert [e.reason for e in refused.errors] == [FILE_OUT_OF_SCOPE]
    # 槐荫 names its own district in the file, but the stored carrier is 历下's
    taken = run([carrier(node, region="槐荫区", free_area="1")], user=huaiyin_user)
    assert STORED_OUT_OF_SCOPE in [e.reason for e in taken.errors]
    stored = Carrier.objects.get()
    assert stored.region.code == "370102" and stored.free_area == 180


def test_the_chain_list_shows_the_carriers_suiting_it_and_exports(client, make_user, node):
    run([carrier(node), carrier(node, name="芯片园", suits="集成电路")])
    make_user("nev", "chain", chain_codes=[NEV])
    login(client, "nev")
    page = client.get(f"/chains/{NEV}/carriers/").content.decode()
    assert "历下智造园" in page and node in page and "芯片园" not in page
    export = pl.read_excel(io.BytesIO(client.get(f"/chains/{NEV}/carriers/?format=xlsx").content))
    assert export["载体名称"].to_list() == ["历下智造园"]
    assert client.get(f"/chains/{IC}/carriers/").status_code == 404
    assert client.get(f"/chains/{NEV}/carriers/import/").status_code == 403


def test_a_district_sees_its_own_regions_carriers(client, lixia_user, node):
    run([carrier(node), carrier(node, name="槐荫园", region="槐荫区")])
    login(client, "lixia")
    page = client.get(f"/chains/{NEV}/carriers/").content.decode()
    assert "历下智造园" in page and "槐荫园" not in page
    assert client.get(f"/chains/{NEV}/carriers/import/").status_code == 200
    assert Region.objects.filter(code="370171").exists()
