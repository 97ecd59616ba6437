"""A chain's document (docs/chain-schema.md): every problem at once with its line, versions
kept on every change and only on a change, a bundle all-or-nothing, the packaged map loads."""

import pytest

from qiangshi.chains.maps import chain_read
from qiangshi.chains.models import ChainVersion
from qiangshi.chains.services import chains_ensure, chains_load
from qiangshi.dataio.documents import DocumentInvalid, yaml_read
from tests.chains.registry import CHAIN

BROKEN = """\
code: New Energy
name: 新能源汽车
level: 核心
targets:
  - {measure: profit, year: 25, value: -1}
nodes:
  - {segment: 上游, name: 动力电池, codes: ["384"]}
  - {segment: 旁路, name: 整车, codes: ["3612"]}
  - {segment: 下游, name: 充电设施}
edges:
  - {upstream: 动力电池, downstream: 电机}
"""


def test_a_chain_document_is_read_into_nodes_targets_and_people():
    chain = chain_read(yaml_read(CHAIN))
    assert (chain.code, chain.name, chain.level) == ("nev", "新能源汽车", "标志性")
    assert chain.nodes["node"].to_list() == ["动力电池", "整车", "充电设施"]
    assert chain.nodes["keywords"].to_list()[0] == ["电芯"]
    assert chain.targets == [{"measure": "revenue", "label": "营业收入", "year": 2025, "value": 30,
                              "unit": "亿元", "source": "示例"}]
    assert chain.people["chain_leader"] == "副市长" and chain.people["members"] == ["市发改委"]
    assert chain.codes_confirmed is False  # unconfirmed unless the document says so


def test_every_problem_of_a_chain_document_is_reported_at_once_on_its_line():
    with pytest.raises(DocumentInvalid) as refused:
        chain_read(yaml_read(BROKEN))
    found = {(p.line, p.field) for p in refused.value.problems}
    assert {(1, "code"), (3, "level"), (5, "targets[0].measure"), (5, "targets[0].year"),
            (5, "targets[0].value"), (7, "nodes[0].codes"), (8, "nodes[1].segment"),
            (9, "nodes[2]"), (11, "edges[0].downstream")} <= found
    messages = " ".join(refused.value.messages)
    assert "384 不是4位小类代码" in messages and "节点须有行业代码或关键词" in messages


@pytest.mark.django_db
def test_loading_the_same_chain_again_keeps_its_version_and_a_change_makes_a_new_one():
    first = chains_load(CHAIN, note="初始")
    assert chains_load(CHAIN, note="重复") == first
    changed = chains_load(CHAIN.replace("servicer: 张三", "servicer: 李四"), note="换服务员")
    assert [v.version for v in changed] == [2]
    assert changed[0].based_on == first[0] and changed[0].note == "换服务员"
    assert ChainVersion.objects.filter(name="nev").count() == 2


@pytest.mark.django_db
def test_a_bundle_with_one_bad_chain_saves_none_of_its_chains():
    good = CHAIN.replace("\n", "\n    ").rstrip()
    bundle = f"chains:\n  - {good}\n  - {{code: x-1, name: 坏链, level: 重点, nodes: []}}\n"
    with pytest.raises(DocumentInvalid) as refused:
        chains_load(bundle, note="整包")
    assert any("nodes" in p.field for p in refused.value.problems)
    assert not ChainVersion.objects.exists()


@pytest.mark.django_db
def test_a_chain_code_twice_in_one_bundle_is_refused():
    good = CHAIN.replace("\n", "\n    ").rstrip()
    with pytest.raises(DocumentInvalid, match="产业链代码 nev 在文件中重复出现"):
        chains_load(f"chains:\n  - {good}\n  - {good}\n", note="整包")


@pytest.mark.django_db
def test_the_packaged_map_of_eleven_chains_and_192_nodes_loads_on_first_use():
    versions = chains_ensure()
    assert len(versions) == 11
    assert sum(len(v.content["nodes"]) for v in versions) == 192
    assert versions[0].title == "集成电路" and versions[0].note == "平台内置产业链图谱"
    assert chains_ensure() == versions  # the second use loads nothing
