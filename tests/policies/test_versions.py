"""Policy documents as versions: an edit is a new unpublished version; a version whose clause
tests fail cannot be published and says which; the matching reads only published versions."""

import copy

import pytest

from qiangshi.policies.models import PolicyVersion
from qiangshi.policies.services import PublishRefused, policies_in_force, policy_publish, policy_save
from qiangshi.reference.documents import policy_documents


def _document() -> dict:
    return copy.deepcopy(policy_documents()["jizhengfa-2019-1"])


def _zjtx(document: dict) -> dict:
    return next(c for c in document["clauses"] if c["code"] == "zjtx-new")


def test_the_packaged_policies_are_stored_and_published_on_first_use(db):
    policies = policies_in_force()
    assert {p.code for p in policies} == set(policy_documents())
    assert PolicyVersion.objects.filter(published=True).count() == len(policy_documents())


def test_a_clause_whose_test_fails_cannot_be_published_and_the_failure_is_named(db):
    policies_in_force()
    document = _document()
    _zjtx(document)["amount"]["values"]["省级"] = 40  # its test still expects 30
    draft = policy_save(document, based_on=PolicyVersion.objects.get(name="jizhengfa-2019-1"),
                        note="省级奖励改为40万元")
    assert draft.version == 2 and not draft.published
    with pytest.raises(PublishRefused) as refused:
        policy_publish(draft)
    assert any("zjtx-new" in f or "专精特新" in f for f in refused.value.failures)
    assert not PolicyVersion.objects.get(pk=draft.pk).published
    in_force = next(p for p in policies_in_force() if p.code == "jizhengfa-2019-1")
    assert dict(next(c for c in in_force.clauses if c.code == "zjtx-new").amount.mapping)["省级"] == 30


def test_a_change_with_its_tests_updated_is_published_and_then_in_force(db):
    policies_in_force()
    document = _document()
    clause = _zjtx(document)
    clause["amount"]["values"]["省级"] = 40
    for case in clause["tests"]:
        if case.get("amount") == 30:
            case["amount"] = 40
    published = policy_publish(policy_save(document, based_on=None, note="省级奖励改为40万元"))
    assert published.published and published.published_by and published.published_at
    in_force = next(p for p in policies_in_force() if p.code == "jizhengfa-2019-1")
    assert dict(next(c for c in in_force.clauses if c.code == "zjtx-new").amount.mapping)["省级"] == 40
