"""The extractor's public results: the draft targets of a plan text, and a plan YAML draft."""

from __future__ import annotations

import re
from collections import Counter

import yaml

from .clauses import block_targets
from .document import parse
from .vocabulary import DRAFT_FIELDS, EXTRACT_VERSION, REVIEW_NOTE


def extract_targets(text: str) -> list[dict]:
    """Draft one dict per quantitative target of the plan text (fields: DRAFT_FIELDS)."""
    doc = parse(text)
    drafts = []
    counters: Counter[str] = Counter()
    for block in doc.blocks:
        for target in block_targets(block, doc):
            counters[block.code_prefix] += 1
            target["code"] = f"D-{block.code_prefix}-{counters[block.code_prefix]}".upper()
            drafts.append({key: target[key] for key in DRAFT_FIELDS})
    return drafts


def draft_yaml(text: str, *, source_file: str) -> str:
    """A plan YAML draft (docs/plan-schema.md) of what the text yields, for review."""
    doc = parse(text)
    drafts = extract_targets(text)
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", source_file.rsplit("/", 1)[-1])
    code = re.sub(r"[-_]?(?:draft|草稿)$", "", stem) or stem
    plan = {
        "code": code,
        "title": doc.title or None,
        "city": doc.city,
        "region_code": None,
        "document_number": doc.document_number,
        "version": doc.version,
        "period_start": doc.period_start,
        "period_end": doc.period_end,
        "base_year": doc.period_start - 1 if doc.period_start else None,
        "source_file": source_file,
    }
    tasks = [
        {
            "number": t.number, "action": t.action, "title": t.title, "text": t.text,
            "lead_units": t.lead_units, "supporting_units": t.supporting_units,
        }
        for t in doc.tasks
    ]
    indicators = []
    for draft in drafts:
        indicator = {
            "code": draft["code"], "name": draft["name"], "category": draft["category"],
            "task": draft["task"], "unit": draft["unit"], "kind": draft["kind"],
            "comparator": draft["comparator"], "target_value": draft["target_value"],
        }
        if draft["target_value_high"] is not None:
            indicator["target_value_high"] = draft["target_value_high"]
        share = draft["kind"] == "share" and draft["unit"] == "%"
        indicator |= {
            "target_year": draft["target_year"], "base_value": draft["base_value"],
            "base_year": draft["base_year"], "tolerance": None,
            "lower_limit": 0 if share else None, "upper_limit": 100 if share else None,
            "aspirational": draft["aspirational"], "frequency": "annual", "source": "reported",
            "reporting_units": list(draft["lead_units"]),
        }
        if draft["kind"] == "differential":
            against = re.search(r"(?:高于|高出|快于)(.*?)(?:平均水平|平均)", draft["sentence"])
            indicator["compare_to"] = (against.group(1) + "平均") if against else None
        indicator["sentence"] = draft["sentence"]
        indicator["note"] = REVIEW_NOTE
        indicators.append(indicator)
    document = {
        "plan": plan,
        "categories": doc.categories,
        "actions": doc.actions,
        "tasks": tasks,
        "indicators": indicators,
    }
    header = (
        f"# 草稿：由 qiangshi.engine.extract {EXTRACT_VERSION} 从 {source_file} 自动抽取，"
        "每个指标均须人工复核（note: 待人工复核）。\n"
        "# Draft: every value, kind, comparator and unit must be checked against the plan text.\n"
    )
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000,
                          default_flow_style=False)
    return header + body
