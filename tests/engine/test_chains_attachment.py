"""Attachment of firms to chain nodes: by code, by keyword, and by the task force's hand."""

from __future__ import annotations

import pytest

from qiangshi.engine.chains import ChainInputInvalid, attach, decision_table, firm_table, node_table
from tests.engine.chain_tables import MACH, NEV, decisions, firms, nodes


def placed(attachments, firm):
    rows = attachments.filter(attachments["enterprise_id"] == firm).select("chain", "node", "basis")
    return {tuple(row) for row in rows.iter_rows()}


def test_a_firm_whose_industry_code_is_a_nodes_code_is_attached_by_code():
    result = attach(firms(), nodes())
    assert placed(result, "F5") == {(NEV, "整车", "code")}
    assert result.filter(result["enterprise_id"] == "F5")["reason"].item() == "行业代码 3612 属本节点"


def test_a_keyword_in_the_main_products_attaches_a_firm_of_another_industry():
    result = attach(firms(), nodes())
    assert placed(result, "F2") == {(NEV, "动力电池", "keyword")}
    assert result.filter(result["enterprise_id"] == "F2")["reason"].item() == "名称或主营产品含“电芯”"


def test_code_and_keyword_together_give_the_code_as_basis_and_name_both():
    result = attach(firms(), nodes())
    row = result.filter(result["enterprise_id"] == "F3")
    assert placed(result, "F3") == {(NEV, "动力电池", "code")}
    assert row["reason"].item() == "行业代码 3841 属本节点；名称或主营产品含“动力电池”"


def test_a_firm_can_sit_on_nodes_of_two_chains():
    assert placed(attach(firms(), nodes()), "F4") == {(MACH, "液压件", "code"), (NEV, "驱动电机", "keyword")}


def test_a_firm_matching_no_rule_is_not_attached():
    assert placed(attach(firms(), nodes()), "F7") == set()


def test_a_rejection_by_the_task_force_removes_the_rules_attachment():
    assert placed(attach(firms(), nodes(), decisions()), "F5") == set()


def test_a_confirmation_attaches_a_firm_no_rule_found():
    result = attach(firms(), nodes(), decisions())
    assert placed(result, "F6") == {(NEV, "充电设施", "manual")}
    assert result.filter(result["enterprise_id"] == "F6")["reason"].item() == "专班人工确认"


def test_a_confirmation_of_a_rule_match_becomes_manual_and_keeps_the_rules_reason():
    result = attach(firms(), nodes(), decisions())
    assert placed(result, "F1") == {(NEV, "动力电池", "manual")}
    assert (
        result.filter(result["enterprise_id"] == "F1")["reason"].item()
        == "专班人工确认（规则亦匹配：行业代码 3841 属本节点）"
    )


def test_nodes_with_a_code_that_is_not_four_digits_are_refused_in_chinese():
    with pytest.raises(ChainInputInvalid) as refused:
        node_table([{"chain": NEV, "node": "整车", "segment": "中游", "codes": ["361"], "keywords": []}])
    assert refused.value.problems == ["节点 整车：行业代码 361 不是4位小类代码"]


def test_a_node_in_an_unknown_segment_is_refused():
    with pytest.raises(ChainInputInvalid) as refused:
        node_table([{"chain": NEV, "node": "整车", "segment": "中间", "codes": ["3612"], "keywords": []}])
    assert refused.value.problems == ["节点 整车：环节应为 上游/中游/下游/支撑"]


def test_decisions_on_unknown_nodes_or_with_unknown_values_are_all_refused():
    with pytest.raises(ChainInputInvalid) as refused:
        decision_table(
            [
                {"enterprise_id": "F1", "chain": NEV, "node": "电池", "decision": "confirmed"},
                {"enterprise_id": "F2", "chain": NEV, "node": "整车", "decision": "maybe"},
            ],
            nodes(),
        )
    assert refused.value.problems == [
        "企业 F2 的人工判定应为 确认 或 否定",
        f"人工判定所指节点 {NEV}·电池 不存在",
    ]


def test_a_firm_listed_twice_is_refused():
    with pytest.raises(ChainInputInvalid) as refused:
        firm_table(
            [
                {"enterprise_id": "F1", "industry_code": "3841"},
                {"enterprise_id": "F1", "industry_code": "3612"},
            ]
        )
    assert refused.value.problems == ["企业 F1 重复出现"]
