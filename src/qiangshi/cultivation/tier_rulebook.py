"""The tier rules in use: the packaged documents and the versions analysts saved, together."""

import datetime
import json
import re

import yaml

from qiangshi.accounts.context import current_actor
from qiangshi.cultivation.models import TierRuleVersion
from qiangshi.dataio.documents import located, mapping_read
from qiangshi.dataio.versions import version_save
from qiangshi.engine.tier_rules import RuleInvalid, TierRule, rules_in_force
from qiangshi.engine.tiers import rules_from
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


def _rule_path(where: str, doc: dict) -> str | None:
    """"规则 specialized x1 条件 3" (engine.tier_rules) → "conditions[2]", for problems of
    `doc` (not of the stored rules checked with it)."""
    found = re.search(r"(条件|评分项) (\d+)$", where)
    if found is None or not where.startswith(f"规则 {doc.get('tier')} {doc.get('version')} "):
        return None
    index = int(found.group(2)) - 1
    return f"conditions[{index}]" if found.group(1) == "条件" else f"score.items[{index}]"


def rule_save(text: str, *, note: str) -> TierRuleVersion:
    """Save a rule document given as YAML as a new version (dataio.versions). Raises
    DocumentInvalid (problems in Chinese, YAML errors with their line) for YAML that does not
    parse, an invalid rule, a version that exists or a missing note."""
    lined = mapping_read(text, "规则应为一个映射（tier、name、version …）")
    # JSON has no dates: keep them as ISO text, which the rule parser reads.
    doc = json.loads(json.dumps(lined, default=str, ensure_ascii=False))
    problems = []
    if (doc.get("tier"), doc.get("version")) in {(r.tier, r.version) for r in rules_all()}:
        problems.append(f"梯队 {doc.get('tier')} 已有版本 {doc.get('version')}，请改用新的版本号")
    else:
        try:
            rules_from(tier_documents() + _stored_documents() + [doc])
        except RuleInvalid as invalid:
            problems += located(invalid.problems, lined, lambda where: _rule_path(where, doc))
    actor = current_actor()
    return version_save(TierRuleVersion, problems=problems, note=note, tier=doc.get("tier"),
                        version=doc.get("version"), document=doc, created_by=actor.user,
                        created_by_name=actor.name)
