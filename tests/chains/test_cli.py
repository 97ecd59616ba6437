"""`qiangshi chains`: list, map and targets read the stored run (JSON shapes of issue 15's
"Done when"), run starts the method as a job, load stores a chain file; an unknown chain is a
Chinese error, not a traceback."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from qiangshi.chains.models import ChainVersion, Run
from tests.chains.monitor_data import CHAIN, CODE, chain_registry


@pytest.fixture
def registry(reference):
    return chain_registry()


def _out(*args) -> str:
    out = io.StringIO()
    call_command("chains", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_list_prints_code_name_level_nodes_and_firms(registry):
    assert json.loads(_out("list", "--json")) == [
        {"code": CODE, "name": "测试链", "level": "标志性", "nodes": 3, "firms": 3}]
    assert "测试链（标志性）：3 个节点，3 家挂接企业" in _out("list")


def test_map_prints_each_node_with_segment_codes_firms_revenue_strength_and_lq(registry):
    nodes = json.loads(_out("map", CODE, "--json"))
    assert [n["node"] for n in nodes] == ["电池", "电机", "充电设施"]
    assert all(set(n) == {"segment", "node", "codes", "firms", "revenue", "strength", "lq"} for n in nodes)
    battery = nodes[0]
    assert (battery["segment"], battery["codes"], battery["firms"], battery["revenue"]) == (
        "上游", ["3841"], 2, 1000)
    assert nodes[2]["strength"] == "missing" and battery["lq"] is None
    table = _out("map", CODE)
    assert "下游｜充电设施：0 家" in table and "缺失" in table and "missing" not in table


def test_targets_prints_the_ranked_targets_with_score_and_reasons(registry):
    targets = json.loads(_out("targets", CODE, "--json"))
    assert [t["rank"] for t in targets] == list(range(1, len(targets) + 1))
    assert "充电设施" in [t["node"] for t in targets]
    assert all(isinstance(t["score"], float) and t["reasons"] for t in targets)
    assert "第1位" in _out("targets", CODE)


@pytest.mark.parametrize("action", ["map", "targets"])
def test_an_unknown_chain_is_a_chinese_error(registry, action):
    with pytest.raises(CommandError, match="没有代码为 no-such-chain 的产业链"):
        _out(action, "no-such-chain", "--json")


def test_run_starts_the_chain_method_as_a_job(registry, monkeypatch):
    # the job's result links to the chain list page (chains:list), named by the pages' urls
    monkeypatch.setattr("qiangshi.chains.tasks.reverse", lambda name: "/chains/")
    assert "2024年，1 条产业链，3 家企业" in _out("run", "--year", "2024")
    assert Run.objects.count() == 1  # the same inputs: the stored run


def test_load_stores_a_changed_chain_as_a_new_version(registry, tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text(CHAIN.replace("name: 测试链", "name: 测试产业链"), encoding="utf-8")
    assert "测试产业链：第 2 版" in _out("load", str(path), "--note", "改名")
    assert ChainVersion.objects.filter(name=CODE).count() == 2
    path.write_text("code: 坏代码\n", encoding="utf-8")
    with pytest.raises(CommandError, match="产业链图谱有误"):
        _out("load", str(path), "--note", "坏")


def test_benchmark_loads_a_table_of_industries_and_the_next_run_gives_quotients(registry, tmp_path):
    sheet = tmp_path / "基准.csv"
    sheet.write_text("行业代码,营业收入\n3841,300\n3812,100\n", encoding="utf-8")
    said = _out("benchmark", str(sheet), "--name", "山东省分行业营收", "--source", "统计年鉴",
                "--year", "2024")
    assert "已载入区位熵基准 山东省分行业营收（2024年，统计年鉴）：2 个行业" in said
    _out("run")
    battery = json.loads(_out("map", CODE, "--json"))[0]
    assert battery["lq"] is not None


def test_benchmark_without_an_industry_column_is_refused_in_chinese(registry, tmp_path):
    sheet = tmp_path / "基准.csv"
    sheet.write_text("行业,占比\n3841,0.5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="未载入基准：基准表须有 行业代码 列"):
        _out("benchmark", str(sheet), "--name", "省", "--source", "年鉴", "--year", "2024")
