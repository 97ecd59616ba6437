"""A clause's amount in words does not depend on the order the store gives a mapping back in
(PostgreSQL's jsonb sorts object keys: 市级 before 省级): the largest amount comes first."""

import copy

from qiangshi.engine.policies import policy_read
from qiangshi.policies.words import amount_words
from qiangshi.reference.documents import policy_documents


def test_levels_are_written_largest_first_whatever_order_they_were_stored_in():
    document = copy.deepcopy(policy_documents()["jizhengfa-2019-1"])
    clause = next(c for c in document["clauses"] if c["code"] == "zjtx-new")
    clause["amount"]["values"] = {"市级": 10, "省级": 30}  # the order jsonb gives back
    policy = policy_read(document)
    amount = next(c for c in policy.clauses if c.code == "zjtx-new").amount
    assert amount_words(policy, amount, 2024) == "一次性奖励：省级 30 万元、市级 10 万元"
