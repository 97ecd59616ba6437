"""Statistical industry classifications: the packaged tables and the classify engine.

Plain pytest, no database.  Expected values were checked by hand against the
shared reference notes (/work/shared/reference); see docs/classifications.md.
"""

import copy

import polars as pl
import pytest

from qiangshi.engine.classify import (
    OUTPUT_SCHEMA,
    classification_problems,
    classify,
    industry_code_table,
)
from qiangshi.reference import classifications as reference
from qiangshi.reference.classifications import classify_codes

PILLARS = ["大数据与新一代信息技术", "智能制造与高端装备", "精品钢与先进材料", "生物医药与大健康"]


@pytest.fixture(scope="module")
def tables():
    return {
        "tree": reference.industry_tree(),
        "hightech": reference.hightech_table(),
        "digital_core": reference.digital_core_table(),
        "groups": reference.industry_groups(),
    }


@pytest.fixture(scope="module")
def tree(tables):
    return tables["tree"]


@pytest.fixture(scope="module")
def codes(tables):
    return industry_code_table(**tables)


def one(code, tables):
    rows = classify(pl.Series([code]), **tables).to_dicts()
    assert len(rows) == 1
    return rows[0]


def leaves(codes):
    return codes.filter(pl.col("level") == "小类")


# ---------------------------------------------------------------- the code tree


def test_tree_has_the_amended_counts_20_97_473_1382(tree):
    counts = dict(tree.group_by("level").len().iter_rows())
    assert counts == {"门类": 20, "大类": 97, "中类": 473, "小类": 1382}
    assert tree["code"].is_unique().all()


def test_every_code_has_a_parent_chain_to_its_section(tree):
    parent = dict(zip(tree["code"], tree["parent_code"], strict=True))
    level = dict(zip(tree["code"], tree["level"], strict=True))
    section = dict(zip(tree["code"], tree["section"], strict=True))
    below = {"小类": "中类", "中类": "大类", "大类": "门类"}
    for code in tree.filter(pl.col("level") == "小类")["code"]:
        node = code
        while level[node] != "门类":
            up = parent[node]
            assert up in level, f"{node} has no parent row"
            assert level[up] == below[level[node]]
            if level[up] != "门类":
                assert node.startswith(up), f"{node} is not under {up}"
            node = up
        assert node == section[code]
    assert tree.filter(pl.col("level") == "门类")["parent_code"].is_null().all()


def test_codes_have_the_length_of_their_level(tree):
    lengths = tree.with_columns(pl.col("code").str.len_chars().alias("n"))
    expected = {"门类": 1, "大类": 2, "中类": 3, "小类": 4}
    for level, n in expected.items():
        assert (lengths.filter(pl.col("level") == level)["n"] == n).all()


def test_amendment_1_splits_923_into_three(tree):
    names = dict(zip(tree["code"], tree["name"], strict=True))
    assert names["923"] == "监察委员会、人民法院和人民检察院"
    assert (names["9231"], names["9232"], names["9233"]) == ("监察委员会", "人民法院", "人民检察院")
    notes = dict(zip(tree["code"], tree["note"], strict=True))
    assert "修改单" in notes["9233"]


def test_rows_whose_sources_disagreed_carry_a_note(tree):
    noted = tree.filter(pl.col("note").str.starts_with("来源名称不一"))["code"].to_list()
    assert "0171" in noted and "96" in noted
    assert len(noted) == 19  # 9233, also flagged in the shared file, carries the amendment note


# ---------------------------------------------------------------- packaged mapping tables


def test_hightech_counts_per_group_match_the_reference(tables):
    counts = dict(tables["hightech"].group_by("hightech_code").len().iter_rows())
    assert counts == {"01": 9, "02": 6, "03": 35, "04": 8, "05": 25, "06": 2}
    assert tables["hightech"]["gbt4754_code"].is_unique().all()


def test_hightech_codes_are_manufacturing_小类(tables, tree):
    joined = tables["hightech"].join(tree, left_on="gbt4754_code", right_on="code", how="left")
    assert (joined["level"] == "小类").all()
    assert (joined["section"] == "C").all()
    assert (joined["gbt4754_name"] == joined["name"]).all()


def test_digital_core_rows_are_core_大类_and_unverified(tables, tree):
    digital = tables["digital_core"]
    assert set(digital["dalei_code"]) == {"01", "02", "03", "04"}
    assert (digital["zhonglei_code"].str.slice(0, 2) == digital["dalei_code"]).all()
    assert set(digital["partial"]) <= {"Y", "N"}
    assert set(digital["verified"]) == {"N"}
    assert set(digital["confidence"]) <= {"high", "medium"}
    # one name per 大类 and per 中类
    for code, name in (("dalei_code", "dalei_name"), ("zhonglei_code", "zhonglei_name")):
        assert digital.group_by(code).agg(pl.col(name).n_unique())[name].max() == 1
    joined = digital.join(tree, left_on="gbt4754_code", right_on="code", how="left")
    assert (joined["code_level"] == joined["level"]).all()
    assert (joined["gbt4754_name"] == joined["name"]).all()


def test_packaged_tables_and_lists_have_no_problems(tables):
    assert classification_problems(**tables) == []


def test_every_list_has_a_version_and_a_source(tables):
    groups = tables["groups"]
    assert groups["version"]
    for key in ("equipment_manufacturing", "advanced_manufacturing", "pillars"):
        assert groups[key]["version"] and groups[key]["source"] and groups[key]["status"]
    assert groups["equipment_manufacturing"]["include"] == [str(n) for n in range(33, 41)]
    assert "平台默认" in groups["pillars"]["status"]
    assert "平台默认" in groups["advanced_manufacturing"]["status"]


def test_the_plan_has_four_pillars_and_the_default_lists_do_not_overlap(tables, codes):
    assert [g["name"] for g in tables["groups"]["pillars"]["groups"]] == PILLARS
    pillar = leaves(codes)["pillar"].drop_nulls()
    assert not pillar.str.contains("、").any()
    assert set(pillar) == set(PILLARS)


def test_industry_groups_returns_a_copy(tables):
    groups = reference.industry_groups()
    groups["pillars"]["groups"].clear()
    assert len(reference.industry_groups()["pillars"]["groups"]) == 4


# ---------------------------------------------------------------- hand-checked codes


def test_3911_computer_is_hightech_04_digital_01_and_equipment(tables):
    row = one("3911", tables)
    assert row["valid"] and row["name"] == "计算机整机制造" and row["level"] == "小类"
    assert row["section"] == "C" and row["division"] == "39"
    assert row["hightech_mfg"] == "04 计算机及办公设备制造业"
    assert row["digital_core"] == "01 数字产品制造业"
    assert row["digital_core_class"] == "0101 计算机制造"
    assert row["digital_core_partial"] is False
    assert row["equipment_mfg"] is True and row["advanced_mfg"] is True
    assert row["pillar"] == "大数据与新一代信息技术"


def test_2710_pharmaceutical_is_hightech_01_and_biomedicine(tables):
    row = one("2710", tables)
    assert row["name"] == "化学药品原料药制造"
    assert row["hightech_mfg"] == "01 医药制造业"
    assert row["pillar"] == "生物医药与大健康"
    assert row["equipment_mfg"] is False and row["advanced_mfg"] is True
    assert row["digital_core"] is None and row["digital_core_partial"] is None


def test_3110_ironmaking_is_steel_and_not_hightech(tables):
    row = one("3110", tables)
    assert row["name"] == "炼铁"
    assert row["hightech_mfg"] is None
    assert row["pillar"] == "精品钢与先进材料"
    assert row["equipment_mfg"] is False and row["advanced_mfg"] is False


def test_6511_basic_software_is_digital_03_and_not_manufacturing(tables):
    row = one("6511", tables)
    assert row["name"] == "基础软件开发" and row["section"] == "I"
    assert row["digital_core"] == "03 数字技术应用业"
    assert row["digital_core_class"] == "0301 软件开发"
    assert row["hightech_mfg"] is None
    assert row["equipment_mfg"] is False and row["advanced_mfg"] is False


def test_amended_codes_classify(tables):
    assert one("9231", tables)["name"] == "监察委员会"
    assert one("9233", tables)["name"] == "人民检察院"
    assert one("9233", tables)["division"] == "92"


def test_medical_devices_are_biomedicine_not_intelligent_manufacturing(tables):
    row = one("3581", tables)
    assert row["pillar"] == "生物医药与大健康"
    assert row["hightech_mfg"] == "05 医疗仪器设备及仪器仪表制造业"
    assert row["equipment_mfg"] is True
    assert one("3421", tables)["pillar"] == "智能制造与高端装备"


def test_aircraft_repair_is_hightech_and_advanced_but_not_equipment(tables):
    row = one("4343", tables)
    assert row["hightech_mfg"] == "02 航空、航天器及设备制造业"
    assert row["equipment_mfg"] is False and row["advanced_mfg"] is True


def test_partial_digital_classes_are_flagged(tables):
    assert one("7213", tables)["digital_core_partial"] is True
    assert one("7213", tables)["digital_core"] == "04 数字要素驱动业"
    assert one("3912", tables)["digital_core_partial"] is False


# ---------------------------------------------------------------- levels above 小类


def test_a_大类_classifies_at_its_level(tables):
    row = one("39", tables)
    assert row["valid"] and row["level"] == "大类" and row["division"] == "39"
    assert row["equipment_mfg"] is True and row["advanced_mfg"] is True
    assert row["digital_core"] == "01 数字产品制造业"
    assert row["hightech_mfg"] is None  # its 小类 fall in 03 and 04 (and 3964 in none)
    assert row["pillar"] == "大数据与新一代信息技术"


def test_a_class_takes_a_value_only_when_all_its_小类_share_it(tables):
    assert one("27", tables)["hightech_mfg"] == "01 医药制造业"
    assert one("65", tables)["digital_core"] == "03 数字技术应用业"
    assert one("64", tables)["digital_core"] is None  # 643 互联网平台 is 04, the rest 03
    assert one("643", tables)["digital_core"] == "04 数字要素驱动业"
    assert one("35", tables)["pillar"] is None  # 358 is 生物医药与大健康
    assert one("35", tables)["equipment_mfg"] is True


def test_a_门类_has_no_division(tables):
    row = one("C", tables)
    assert row["valid"] and row["level"] == "门类" and row["division"] is None
    assert row["equipment_mfg"] is False and row["name"] == "制造业"
    assert one("I", tables)["pillar"] == "大数据与新一代信息技术"


# ---------------------------------------------------------------- input handling


def test_unknown_code_is_invalid_with_nulls(tables):
    row = one("9999", tables)
    assert row["valid"] is False
    assert all(row[c] is None for c in OUTPUT_SCHEMA if c not in {"code", "valid"})
    assert row["code"] == "9999"


def test_one_row_per_input_in_order_with_duplicates_and_bad_values(tables):
    inputs = ["6511", "9999", "3911", None, "", " 0111 ", "3911", "39x", "C3911", "D3911", "c"]
    result = classify(pl.Series(inputs, dtype=pl.String), **tables)
    assert result["code"].to_list() == inputs
    assert result["valid"].to_list() == [
        True, False, True, False, False, True, True, False, True, False, True]
    assert result["name"].to_list()[:3] == ["基础软件开发", None, "计算机整机制造"]
    assert result.schema == pl.Schema(OUTPUT_SCHEMA)


def test_an_empty_series_gives_an_empty_table(tables):
    result = classify(pl.Series([], dtype=pl.String), **tables)
    assert result.height == 0 and result.schema == pl.Schema(OUTPUT_SCHEMA)


def test_numbers_are_refused_because_they_lose_leading_zeros(tables):
    with pytest.raises(TypeError, match="前导 0"):
        classify(pl.Series([111, 3911]), **tables)


def test_a_large_batch_classifies_like_the_code_table(tables, tree, codes):
    sample = tree["code"].sample(20_000, with_replacement=True, seed=7)
    result = classify(sample, **tables)
    assert result.height == 20_000 and result["valid"].all()
    expected = sample.to_frame("code").join(codes, on="code", how="left", maintain_order="left")
    columns = [c for c in OUTPUT_SCHEMA if c != "valid"]
    assert result.select(columns).equals(expected.select(columns))


def test_classify_codes_returns_plain_dicts_for_the_cli():
    rows = classify_codes(["3911", "9999"])
    required = {"code", "name", "level", "section", "division", "hightech_mfg", "digital_core",
                "equipment_mfg", "pillar", "advanced_mfg"}
    assert required <= set(rows[0])
    assert rows[0]["hightech_mfg"] == "04 计算机及办公设备制造业"
    assert rows[1]["valid"] is False and rows[1]["name"] is None


# ---------------------------------------------------------------- configurable lists


def test_advanced_is_hightech_union_equipment_by_default(codes):
    leaf = leaves(codes)
    expected = leaf["hightech_mfg"].is_not_null() | leaf["equipment_mfg"]
    assert (leaf["advanced_mfg"] == expected).all()
    # 269 小类 in 33–40, plus 27 (9), 2664, 2665 and 4343 from 高技术制造业
    assert leaf.filter(pl.col("equipment_mfg")).height == 269
    assert leaf.filter(pl.col("advanced_mfg")).height == 269 + 9 + 2 + 1


def test_equipment_is_exactly_divisions_33_to_40(codes):
    leaf = leaves(codes)
    expected = leaf["division"].cast(pl.Int32).is_between(33, 40)
    assert (leaf["equipment_mfg"] == expected).all()


def test_a_code_in_two_pillars_gets_both_joined(tables):
    groups = copy.deepcopy(tables["groups"])
    groups["pillars"]["groups"][0]["include"].append("3562")  # also 智能制造与高端装备 (35)
    changed = {**tables, "groups": groups}
    assert one("3562", changed)["pillar"] == "大数据与新一代信息技术、智能制造与高端装备"
    assert one("3561", changed)["pillar"] == "智能制造与高端装备"


def test_an_exclude_wins_over_a_union(tables):
    groups = copy.deepcopy(tables["groups"])
    groups["advanced_manufacturing"]["exclude"] = ["2750"]  # 兽用药品制造
    changed = {**tables, "groups": groups}
    assert one("2750", changed)["advanced_mfg"] is False
    assert one("2750", changed)["hightech_mfg"] == "01 医药制造业"
    assert one("2710", changed)["advanced_mfg"] is True


def test_a_bad_list_is_refused_with_a_chinese_message(tables):
    groups = copy.deepcopy(tables["groups"])
    groups["pillars"]["groups"][2]["include"] += ["3199", 31]
    groups["advanced_manufacturing"]["union_of"].append("strategic_emerging")
    problems = classification_problems(**{**tables, "groups": groups})
    assert any("3199" in p and "精品钢与先进材料" in p for p in problems)
    assert any("31" in p and "2–4 位" in p for p in problems)
    assert any("strategic_emerging" in p for p in problems)
    with pytest.raises(ValueError, match="行业分类配置有误"):
        classify(pl.Series(["3110"]), **{**tables, "groups": groups})


def test_a_table_code_outside_the_tree_is_a_problem(tables):
    extra = pl.DataFrame({"gbt4754_code": ["3998"], "hightech_code": ["03"],
                          "hightech_name": ["电子及通信设备制造业"]})
    hightech = pl.concat([tables["hightech"].select(extra.columns), extra])
    problems = classification_problems(**{**tables, "hightech": hightech})
    assert problems == ["高技术产业（制造业）对照表：代码 3998 不在 GB/T 4754-2017 代码表中"]


def test_a_prefix_row_covers_every_小类_under_it(tables):
    digital = pl.DataFrame({
        "gbt4754_code": ["39", "3911"], "dalei_code": ["01", "01"], "dalei_name": ["数字产品制造业"] * 2,
        "zhonglei_code": [None, "0101"], "zhonglei_name": [None, "计算机制造"], "partial": ["Y", "N"],
    })
    changed = {**tables, "digital_core": digital}
    assert one("3973", changed)["digital_core_partial"] is True
    assert one("3911", changed)["digital_core_class"] == "0101 计算机制造"  # the longest prefix wins
    assert one("3911", changed)["digital_core_partial"] is False
    assert one("39", changed)["digital_core_partial"] is True
