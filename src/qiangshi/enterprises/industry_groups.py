"""The configurable industry lists in force, and saving a changed version (with history)."""

import copy
import re

import polars as pl
from django.db import transaction

from qiangshi.accounts.context import current_actor
from qiangshi.dataio.documents import located
from qiangshi.dataio.versions import version_next, version_save
from qiangshi.engine.classify import classification_problems, classify
from qiangshi.enterprises.models import IndustryGroupsVersion
from qiangshi.reference import classifications

PACKAGED = "平台默认口径"
# The memberships engine.classify reports, as people read them.
GROUP_LABELS = {"hightech_mfg": "高技术制造业", "digital_core": "数字经济核心产业",
                "equipment_mfg": "装备制造业", "pillar": "主导支柱产业", "advanced_mfg": "先进制造业"}


def groups_current() -> tuple[dict, str]:
    """(lists in force, their version label)."""
    latest = IndustryGroupsVersion.objects.first()
    if latest is None:
        return classifications.industry_groups(), f"{PACKAGED} {classifications.industry_groups()['version']}"
    return latest.content, f"第 {latest.number} 版"


def _tables() -> dict:
    return {"tree": classifications.industry_tree(), "hightech": classifications.hightech_table(),
            "digital_core": classifications.digital_core_table()}


def industry_classify(codes: list[str]) -> pl.DataFrame:
    """engine.classify with the lists in force."""
    groups, _ = groups_current()
    return classify(pl.Series("code", codes, dtype=pl.String), groups=groups, **_tables())


def prefixes(text: str) -> list[str]:
    """"33, 34 358" → ["33", "34", "358"]."""
    return [p for p in re.split(r"[\s,，、;；]+", text.strip()) if p]


def groups_with_lists(base: dict, lists: dict[str, tuple[list[str], list[str]]]) -> dict:
    """A copy of `base` with include/exclude replaced: keys are "equipment_manufacturing",
    "advanced_manufacturing" and "pillar:<name>"."""
    content = copy.deepcopy(base)
    for key, (include, exclude) in lists.items():
        if key.startswith("pillar:"):
            name = key.split(":", 1)[1]
            target = next(g for g in content["pillars"]["groups"] if g["name"] == name)
        else:
            target = content[key]
        target["include"], target["exclude"] = include, exclude
    return content


@transaction.atomic
def groups_save(content: dict, *, note: str, user=None) -> IndustryGroupsVersion:
    """Validate and save as the next version (dataio.versions); raises DocumentInvalid with
    every problem of the lists and the note."""
    actor = current_actor()
    problems = located(classification_problems(groups=content, **_tables()), content)
    return version_save(
        IndustryGroupsVersion, problems=problems, note=note,
        number=version_next(IndustryGroupsVersion.objects.all(), "number"), content=content,
        created_by=user or actor.user, created_by_name=user.get_username() if user else actor.name)
