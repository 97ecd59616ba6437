"""engine.policies.policy_read: every problem of a document at once, in Chinese, with its path."""

import pytest

from qiangshi.engine.policies import PolicyInvalid, policy_read
from tests.engine.policy_docs import clause, document


def _problems(doc) -> list[str]:
    with pytest.raises(PolicyInvalid) as caught:
        policy_read(doc)
    return caught.value.problems


def test_a_valid_document_reads_into_a_policy():
    policy = policy_read(document(clause()))
    assert (policy.doc_no, policy.category, policy.delivery, policy.clauses[0].code) == (
        "济政发〔2019〕1号",
        "奖补",
        "免申即享",
        "c1",
    )


def test_every_problem_is_reported_at_once_with_its_path():
    bad = clause(
        conditions=[
            {"field": "revenu", "op": ">=", "value": 1},
            {"field": "revenue", "op": "~", "value": 1},
            {"field": "profit", "op": "≥", "value": 1},
        ],
        amount={"kind": "rate", "base": "revenue", "rate": "no_such", "cap": "x"},
    )
    problems = _problems(document(bad, category="补贴", delivery="直接发"))
    assert "category：应为 减免、奖补、权益、资质 之一，实为 '补贴'" in problems
    assert "delivery：应为 免申即享、快申快享、依申请 之一，实为 '直接发'" in problems
    assert "clauses[0].conditions[0].field：未知字段 'revenu'" in problems
    assert any(p.startswith("clauses[0].conditions[1].op：应为") for p in problems)
    assert any(p.startswith("clauses[0].conditions[2].op：应为") for p in problems)
    assert "clauses[0].conditions[2].field：未知字段 'profit'" in problems
    assert "clauses[0].amount.rate：'no_such' 不是数值，也不是已声明的参数（parameters）" in problems
    assert "clauses[0].amount.cap：'x' 不是数值，也不是已声明的参数（parameters）" in problems


def test_unknown_fields_are_refused_by_name_in_amounts_and_test_firms():
    bad = clause(
        amount={"kind": "rate", "base": "turnover", "rate": 0.1},
        tests=[{"firm": {"profit": 1}, "year": 2024, "eligible": True}],
    )
    problems = _problems(document(bad))
    assert "clauses[0].amount.base：未知字段 'turnover'" in problems
    assert "clauses[0].tests[0].firm：未知字段 'profit'" in problems


def test_a_clause_without_tests_and_a_non_stacking_code_not_in_the_policy_are_refused():
    problems = _problems(document(clause(tests=[], non_stacking=["ghost"])))
    assert "clauses[0].tests：每个条款至少要有一个测试用例" in problems
    assert "clauses[0].non_stacking：'ghost' 不是本政策的另一条款" in problems


def test_parameters_need_dates_in_order_values_and_references():
    parameters = {
        "rate": [
            {"from": "2024-01-01", "value": 0.1, "ref": "甲"},
            {"from": "2020-13-01", "value": "十", "ref": ""},
        ]
    }
    problems = _problems(document(clause(), parameters=parameters))
    assert "parameters.rate[1].from：应为日期（如 2019-01-01），实为 '2020-13-01'" in problems
    assert "parameters.rate[1].value：应为数值，实为 '十'" in problems


def test_operators_must_suit_the_fields_kind():
    conditions = [
        {"field": "dishonest", "op": ">=", "value": 1},
        {"field": "chain_codes", "op": "==", "value": "a"},
        {"field": "zjtx_year", "op": "==", "value": "去年"},
    ]
    problems = _problems(document(clause(conditions=conditions)))
    assert any(p.startswith("clauses[0].conditions[0].value：是否类字段 dishonest") for p in problems)
    assert any(p.startswith("clauses[0].conditions[1].value：列表字段 chain_codes") for p in problems)
    assert any(p.startswith("clauses[0].conditions[2].value：年份应为整数或 $year") for p in problems)


def test_installments_and_staged_payment_are_checked():
    amount = {"kind": "fixed", "value": 60, "installments": [1], "staged": {"now": 1.5, "after": "考核后"}}
    problems = _problems(document(clause(amount=amount)))
    assert any(p.startswith("clauses[0].amount.installments：应为至少两个正数的列表") for p in problems)
    assert "clauses[0].amount.staged.now：当期比例应在 0 与 1 之间，实为 1.5" in problems
    assert "clauses[0].amount：installments 与 staged 不能同时使用" in problems


def test_a_document_that_is_not_a_mapping_is_refused():
    assert _problems(["x"]) == ["政策文件应为映射（字典），实为 list"]
