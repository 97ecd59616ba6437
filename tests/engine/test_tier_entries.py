"""Score items the platform cannot compute (领域, 质量管理, 山东特色化, 高企 expert items …) take
the points an analyst entered for the firm; a firm whose every open item is entered is decided,
no longer 数据不全 or 待人工核验 for ever."""

import polars as pl
import pytest

from qiangshi.engine.tier_metrics import firm_frame
from qiangshi.engine.tier_rules import RuleInvalid, parse_rule
from qiangshi.engine.tier_wording import describe
from qiangshi.engine.tiers import ENTRY_SCHEMA, HONOUR_SCHEMA, all_metrics, assess
from qiangshi.reference.documents import tier_documents
from tests.engine.test_tiers import BASE, MID_2025, load_rules

# 专精特新 2022 for BASE with R&D 420 / 14000 = 3 %: computed items 5 + 10 + 2 + 3 + 6 + 3 + 8 +
# 8 + 3 + 0 = 48; 细分市场 unknown (no share or rank on record); five manual items.
SPECIALIZED = {"rd_expense_y0": 420}
ENTRIES = [("sd_market", 3), ("field", 3), ("quality", 3), ("sd_industry", 2), ("sd_innovation", 2),
           ("sd_listing", 0)]


def described(tier: str, entries=(), **changes) -> dict:
    rules = [r for r in load_rules(MID_2025) if r.tier == tier]
    honours = pl.DataFrame(schema=HONOUR_SCHEMA)
    table = pl.DataFrame([("A", tier, key, points) for key, points in entries], orient="row",
                         schema=ENTRY_SCHEMA)
    firms = firm_frame([{**BASE, **changes}])
    result = assess(firms, honours, rules, as_of=MID_2025, entries=table)
    return describe(result, firms, honours, rules, MID_2025, table).row(0, named=True)


def _item(result: dict, label: str) -> dict:
    [item] = [i for i in result["items"] if i["label"].startswith(label)]
    return item


def test_without_entries_the_open_items_leave_the_firm_undecided():
    result = described("specialized", **SPECIALIZED)
    assert result["status"] == "数据不全" and (result["score"], result["score_max"]) == (48, 73)


def test_entries_for_every_open_item_decide_the_firm():
    # 48 + 3 + 3 + 3 + 2 + 2 + 0 = 61 ≥ 60.
    result = described("specialized", ENTRIES, **SPECIALIZED)
    assert result["status"] == "已符合" and (result["score"], result["score_max"]) == (61, 61)
    assert result["missing"] == [] and not any(m.startswith("评分项") for m in result["manual"])
    assert _item(result, "质量管理水平")["entered"] is True
    assert _item(result, "数字化水平")["entered"] is False


def test_entries_that_fall_short_fail_the_firm():
    # 48 + 0 … + 0 = 48 < 60: 不符合, with the total's own gap.
    result = described("specialized", [(key, 0) for key, _ in ENTRIES], **SPECIALIZED)
    assert result["status"] == "不符合" and "评价得分 48 分，需达到 60 分，差 12 分" in result["gaps"]


def test_an_entry_replaces_a_manual_items_range_and_is_held_to_its_maximum():
    # 创新型 领域: 5 to 10 open; 战新 entered → 10 (score 80 → 85); 99 is held to the 10 maximum.
    assert (described("innovative_sme")["score"], described("innovative_sme")["score_max"]) == (80, 85)
    entered = described("innovative_sme", [("field", 10)])
    assert (entered["score"], entered["score_max"]) == (85, 85)
    assert described("innovative_sme", [("field", 99)])["score"] == 85


def test_an_expert_item_of_high_tech_takes_the_entered_points():
    result = described("high_tech", [("conversion", 24)])
    assert _item(result, "科技成果转化能力")["points"] == 24


@pytest.mark.parametrize(("listed", "points"), [(True, 3), (False, None)])
def test_listing_progress_comes_from_the_registry_where_it_is_on_record(listed, points):
    result = described("specialized", listed=listed, **SPECIALIZED)
    assert _item(result, "上市进展情况")["points"] == points


def test_options_outside_the_items_points_are_refused_in_chinese():
    doc = next(d for d in tier_documents() if d["tier"] == "innovative_sme" and "items" in d.get("score", {}))
    field = next(i for i in doc["score"]["items"] if i["key"] == "field")
    broken = {**doc, "score": {**doc["score"], "items": [
        {**field, "options": [[12, "超过满分"]]} if i is field else i for i in doc["score"]["items"]]}}
    with pytest.raises(RuleInvalid, match="options 应写作"):
        parse_rule(broken, set(all_metrics(MID_2025)))


def test_an_entered_item_is_no_longer_listed_for_a_person_to_score():
    result = described("specialized", [("quality", 3)], **SPECIALIZED)
    assert result["status"] == "数据不全"  # 细分市场 and four manual items still open
    assert not any("质量管理水平" in m for m in result["manual"])
    assert any("主导产品所属领域" in m for m in result["manual"])
