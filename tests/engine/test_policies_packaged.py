"""The packaged policy documents (qiangshi/reference/policies): each reads, each clause has test
cases and they pass; a clause with a wrong test is reported, so it could not be published."""

from dataclasses import replace

import pytest

from qiangshi.engine.policies import clause_tests, policy_read
from qiangshi.engine.policies.schema import Case
from qiangshi.reference.documents import policy_documents

DOCUMENTS = policy_documents()


def test_the_reference_clauses_are_packaged_with_their_document_numbers():
    numbers = {policy_read(doc).doc_no for doc in DOCUMENTS.values()}
    assert {"济政发〔2019〕1号", "济发〔2020〕16号", "临政办字〔2021〕73号"} <= numbers


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_packaged_clause_has_tests_that_pass(name):
    policy = policy_read(DOCUMENTS[name])
    assert all(c.tests for c in policy.clauses)
    assert clause_tests(policy) == []


def test_unverified_amounts_are_marked():
    policy = policy_read(DOCUMENTS["jizhengfa-2019-1"])
    unverified = {c.code for c in policy.clauses if not c.verified}
    assert unverified == {"platform-cross-industry", "platform-industry", "tech-loan-interest"}


def test_a_clause_with_a_wrong_test_is_reported_in_chinese():
    policy = policy_read(DOCUMENTS["jizhengfa-2019-1"])
    zjtx = next(c for c in policy.clauses if c.code == "zjtx-new")
    wrong = replace(
        zjtx,
        tests=(
            Case({"zjtx_level": "省级", "zjtx_year": 2024}, 2024, True, 50.0),
            Case({"zjtx_level": "省级", "zjtx_year": 2020}, 2024, True, None),
        ),
    )
    failures = clause_tests(replace(policy, clauses=(wrong,)))
    assert failures == [
        "条款 zjtx-new 测试 1（2024年）：金额应为 50 万元，实为 30 万元——"
        "2024年新认定专精特新中小企业（省级） → 一次性奖励 30 万元（济政发〔2019〕1号 第2条）",
        "条款 zjtx-new 测试 2（2024年）：应可享受，实为不可享受——"
        "2024年新认定专精特新中小企业：不符合（专精特新中小企业认定年份为评价当年）",
    ]
