"""The tier rules in use: the packaged documents and the versions analysts saved, together."""

import datetime
import json

import yaml

from qiangshi.accounts.context import current_actor
from qiangshi.cultivation.models import TierRuleVersion
from qiangshi.engine.tier_rules import RuleInvalid, TierRule, rules_in_force
from qiangshi.engine.tiers import rules_from
from qiangshi.field_values import ValueRefused, text_for_field
from qiangshi.reference.documents import tier_documents


def _stored_documents() -> list[dict]:
    return list(TierRuleVersion.objects.order_by("created_at", "pk").values_list("document", flat=True))


def rules_all() -> list[TierRule]:
    """Every version of every tier: packaged first, then the saved ones in the order saved."""
    return rules_from(tier_documents() + _stored_documents())


def rules_on(as_of: datetime.date) -> list[TierRule]:
    """Each tier's version in force on `as_of`."""
    return rules_in_force(rules_all(), as_of)


def _yaml(doc: dict) -> str:
    # Innermost lists inline, as the packaged files write tests and bands.
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def rule_text(tier: str, version: str) -> tuple[str, bool] | None:
    """The YAML of a version as written (a ``based_on`` left as such), and whether an analyst
    saved it; None if there is no such version."""
    saved = TierRuleVersion.objects.filter(tier=tier, version=version).first()
    if saved is not None:
        return _yaml(saved.document), True
    for doc in tier_documents():
        if doc.get("tier") == tier and doc.get("version") == version:
            return _yaml(doc), False
    return None


def rule_save(text: str, *, note: str) -> TierRuleVersion:
    """Save a rule document given as YAML as a new version. Raises RuleInvalid (problems in
    Chinese) for YAML that does not parse, an invalid rule or a version that exists."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RuleInvalid([f"YAML 格式有误：{error}"]) from None
    if not isinstance(doc, dict):
        raise RuleInvalid(["规则应为一个映射（tier、name、version …）"])
    if not note.strip():
        raise RuleInvalid(["请填写修改说明"])
    try:
        note = text_for_field(TierRuleVersion._meta.get_field("note"), note)
    except ValueRefused as error:
        raise RuleInvalid([str(error)]) from None
    # JSON has no dates: keep them as ISO text, which the rule parser reads.
    doc = json.loads(json.dumps(doc, default=str, ensure_ascii=False))
    taken = {(r.tier, r.version) for r in rules_all()}
    if (doc.get("tier"), doc.get("version")) in taken:
        raise RuleInvalid([f"梯队 {doc.get('tier')} 已有版本 {doc.get('version')}，请改用新的版本号"])
    rules_from(tier_documents() + _stored_documents() + [doc])  # raises if anything is wrong
    actor = current_actor()
    return TierRuleVersion.objects.create(tier=doc["tier"], version=doc["version"], document=doc,
                                          note=note.strip(), created_by=actor.user,
                                          created_by_name=actor.name)
