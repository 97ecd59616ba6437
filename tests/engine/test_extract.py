"""The plan-text target extractor: each wording rule on a short hand-written plan snippet,
then recall against the hand-encoded Jinan plan."""

import re
from importlib import resources

import pytest
import yaml

from qiangshi.engine.extract.draft import draft_yaml, extract_targets
from qiangshi.engine.extract.recall import normalise_unit, recall
from qiangshi.engine.extract.vocabulary import DRAFT_FIELDS, EXTRACT_VERSION, REVIEW_NOTE

HEADER = "测试市工业强市三年行动计划\n（征求意见稿）\n\n"


def plan(goals: str = "", tasks: str = "", *, header: str = HEADER) -> str:
    """A minimal plan: a 发展目标 section with the given bullets, a 重点任务 section with tasks."""
    text = header + "一、总体要求\n坚持“12345”的发展思路，聚焦三大重点，提升四大能级。\n"
    text += "二、发展目标\n到2025年，工业强市建设迈上新台阶。\n" + goals
    text += "三、重点任务\n（一）实施制造业强基倍增行动\n" + tasks
    return text


def goal(sentence: str, heading: str = "制造业能级显著提升") -> str:
    return f"——{heading}。{sentence}。\n"


def task(body: str, number: int = 1, units: str = "（责任单位：市工业和信息化局、市科技局）") -> str:
    return f"{number}．提升制造业创新能力。{body}。{units}\n"


def only(text: str) -> dict:
    drafts = extract_targets(text)
    assert len(drafts) == 1, [d["sentence"] for d in drafts]
    return drafts[0]


def values(text: str) -> list:
    return [d["target_value"] for d in extract_targets(text)]


# --- fields and codes -----------------------------------------------------------------------


def test_a_draft_carries_exactly_the_export_fields_plus_sentence_and_high_bound():
    draft = only(plan(goal("规模以上工业营业收入突破1万亿元")))
    assert tuple(draft) == DRAFT_FIELDS
    assert set(DRAFT_FIELDS) == {
        "code", "name", "category", "unit", "kind", "comparator", "target_value", "target_year",
        "base_value", "base_year", "aspirational", "lead_units", "task", "sentence",
        "target_value_high",
    }
    assert EXTRACT_VERSION


def test_codes_are_uppercase_unique_and_name_the_category_or_the_task():
    text = plan(
        goal("软件和信息技术服务业营业收入达到6000亿元以上，电子信息制造业营业收入达到2000亿元以上",
             "数字经济能级显著提升"),
        task("培育100家以上省级软件工程技术中心，打造首版次高端软件800个以上", number=5),
    )
    codes = [d["code"] for d in extract_targets(text)]
    assert codes == ["D-DIGITAL-1", "D-DIGITAL-2", "D-T5-1", "D-T5-2"]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9-]{1,39}", c) for c in codes)


# --- numbers ------------------------------------------------------------------------------


def test_trillion_yuan_becomes_ten_thousand_yi_yuan():
    draft = only(plan(goal("规模以上工业营业收入突破1万亿元")))
    assert (draft["target_value"], draft["unit"]) == (10000, "亿元")
    assert (draft["kind"], draft["comparator"]) == ("level", "gte")
    assert draft["name"] == "规模以上工业营业收入"


def test_decimal_trillions_and_wan_counts_are_multiplied_out():
    text = plan(goal("生产性服务业增加值达到1.5万亿元，企业上云数突破10万家，在用标准机架数达到11万个"))
    assert [(d["target_value"], d["unit"]) for d in extract_targets(text)] == [
        (15000, "亿元"), (100000, "家"), (110000, "个"),
    ]


def test_large_amounts_in_wan_yuan_are_normalised_to_yi_yuan_small_ones_kept():
    text = plan(goal("工业技改投资达到50000万元，亩均税收达到30万元"))
    assert [(d["target_value"], d["unit"]) for d in extract_targets(text)] == [
        (5, "亿元"), (30, "万元"),
    ]


def test_decimals_and_percentages():
    draft = only(plan(goal("规模以上工业企业研究与试验发展经费支出占营业收入比重达到2.2%以上",
                           "创新发展能级显著提升")))
    assert (draft["target_value"], draft["unit"], draft["kind"]) == (2.2, "%", "share")
    assert draft["category"] == "innovation"


@pytest.mark.parametrize("written", ["3-5", "3–5", "3至5", "3~5"])
def test_ranges_give_the_lower_bound_and_the_high_bound(written):
    draft = only(plan(tasks=task(f"园区工业增加值增幅高于全市平均水平{written}个百分点")))
    assert (draft["target_value"], draft["target_value_high"]) == (3, 5)
    assert draft["unit"] == "百分点"


def test_percentage_ranges_with_the_sign_on_both_bounds():
    draft = only(plan(tasks=task("工业园区亩均产出年均增幅3%-5%")))
    assert (draft["target_value"], draft["target_value_high"], draft["unit"]) == (3, 5, "%")
    assert draft["kind"] == "avg_growth"


def test_a_bare_index_value_after_达到_is_a_target_counted_in_points():
    draft = only(plan(tasks=task("两化融合发展指数达到110")))
    assert (draft["target_value"], draft["unit"], draft["name"]) == (110, "点", "两化融合发展指数")


# --- comparators and kinds ----------------------------------------------------------------


@pytest.mark.parametrize(("clause", "comparator"), [
    ("规模以上工业营业收入突破1万亿元", "gte"),
    ("软件业营业收入达到6000亿元以上", "gte"),
    ("软件业营业收入超过6000亿元", "gte"),
    ("专项资金不低于50亿元", "gte"),
    ("软件业营业收入达到6000亿元", "gte"),
    ("十亿级企业达到150家左右", "approx"),
    ("低效企业数量降至100家以下", "lte"),
    ("低效企业数量不超过100家", "lte"),
    ("低效企业数量控制在100家", "lte"),
])
def test_comparator_follows_the_wording(clause, comparator):
    assert only(plan(goal(clause)))["comparator"] == comparator


def test_力争_marks_the_target_aspirational():
    draft = only(plan(goal("百亿级企业力争达到20家左右", "企业发展能级显著提升")))
    assert draft["aspirational"] is True
    assert (draft["comparator"], draft["target_value"], draft["name"]) == ("approx", 20, "百亿级企业")
    assert only(plan(goal("十亿级企业达到150家左右")))["aspirational"] is False


def test_每年_is_an_annual_flow_dated_to_the_first_year_of_the_period():
    draft = only(plan(tasks=task("每年实施山东省技术创新项目800项左右")))
    assert (draft["kind"], draft["target_year"], draft["unit"]) == ("annual_flow", 2023, "项")
    assert (draft["comparator"], draft["name"]) == ("approx", "山东省技术创新项目")


@pytest.mark.parametrize("clause", ["新增省级以上质量奖获奖单位4个", "累计建设5G基站6万个以上"])
def test_新增_and_累计_are_cumulative(clause):
    draft = only(plan(tasks=task(clause)))
    assert draft["kind"] == "cumulative"
    assert draft["target_year"] == 2025


def test_a_verbless_clause_inherits_新增_from_the_clause_before_it():
    text = plan(tasks=task("新增省级以上质量奖获奖单位4个，“好品山东”品牌（制造业）30个以上"))
    drafts = extract_targets(text)
    assert [(d["kind"], d["target_value"], d["comparator"]) for d in drafts] == [
        ("cumulative", 4, "gte"), ("cumulative", 30, "gte"),
    ]
    assert drafts[1]["name"] == "“好品山东”品牌（制造业）"


def test_a_fall_against_a_base_year_is_a_negative_change():
    draft = only(plan(goal("单位工业增加值能耗比2020年降低17%左右", "绿色发展能级显著提升")))
    assert (draft["kind"], draft["target_value"], draft["unit"]) == ("change", -17, "%")
    assert (draft["base_year"], draft["comparator"]) == (2020, "approx")
    assert draft["name"] == "单位工业增加值能耗"
    assert draft["target_year"] == 2025


def test_a_fall_of_at_least_n_percent_is_capped_from_above():
    draft = only(plan(goal("单位GDP能耗比2020年下降13.5%以上")))
    assert (draft["target_value"], draft["comparator"]) == (-13.5, "lte")


def test_a_rise_against_a_base_year_is_a_positive_change():
    draft = only(plan(goal("全员劳动生产率比2022年提高20%")))
    assert (draft["kind"], draft["target_value"], draft["base_year"]) == ("change", 20, 2022)


@pytest.mark.parametrize("clause", ["技改投资年均增幅10%以上", "规上工业增加值年均增长8%"])
def test_年均增长_is_average_growth(clause):
    draft = only(plan(tasks=task(clause)))
    assert draft["kind"] == "avg_growth"
    assert draft["target_year"] == 2025


@pytest.mark.parametrize("clause", [
    "数字经济规模占GDP比重达到50%以上",
    "规模以上工业企业新产品销售收入占比达到30%以上",
    "一般工业固体废物综合利用率达到73%",
    "千兆光纤网络覆盖90%以上的家庭",
])
def test_percent_shares(clause):
    draft = only(plan(goal(clause)))
    assert (draft["kind"], draft["unit"]) == ("share", "%")


def test_higher_than_the_city_average_is_a_differential_for_each_listed_series():
    text = plan(tasks=task(
        "每年工业类开发区规模以上工业增加值、工业投资、技改投资增幅均高于全市平均水平3-5个百分点",
        number=15,
    ))
    drafts = extract_targets(text)
    assert [d["name"] for d in drafts] == [
        "工业类开发区规模以上工业增加值增幅", "工业投资增幅", "技改投资增幅",
    ]
    assert {(d["kind"], d["comparator"], d["target_value"], d["target_value_high"], d["unit"])
            for d in drafts} == {("differential", "gte", 3, 5, "百分点")}
    assert {d["task"] for d in drafts} == {15}


@pytest.mark.parametrize(("clause", "comparator", "unit"), [
    ("工业增加值占GDP比重持续提升", "increase", "%"),
    ("单位产值排放强度持续下降", "decrease", ""),
    ("保持制造业贷款比重基本稳定", "stable", "%"),
    ("园区主导产业集聚度逐年提高", "increase", ""),
])
def test_direction_words_without_a_number_give_a_direction_target(clause, comparator, unit):
    draft = only(plan(goal(clause)))
    assert (draft["kind"], draft["comparator"], draft["unit"]) == ("direction", comparator, unit)
    assert draft["target_value"] is None
    assert "持续" not in draft["name"] and "保持" not in draft["name"]


@pytest.mark.parametrize(("clause", "value", "name"), [
    ("全市工业经济总量在全省排名保持第2位", 2, "全市工业经济总量在全省排名"),
    ("综合实力进入全国前10名", 10, "综合实力全国排名"),
])
def test_a_rank_is_a_position_to_stay_at_or_above(clause, value, name):
    draft = only(plan(goal(clause)))
    assert (draft["kind"], draft["comparator"], draft["unit"]) == ("rank", "lte", "位次")
    assert (draft["target_value"], draft["name"]) == (value, name)


def test_physical_units_keep_their_wan_prefix():
    draft = only(plan(tasks=task("新增光伏装机100万千瓦")))
    assert (draft["target_value"], draft["unit"], draft["kind"]) == (100, "万千瓦", "cumulative")


def test_everything_else_with_a_number_is_a_level():
    draft = only(plan(tasks=task("创建国家先进制造业集群2个", number=4)))
    assert (draft["kind"], draft["comparator"], draft["name"]) == ("level", "gte", "国家先进制造业集群")


# --- enumerations and names ---------------------------------------------------------------


def test_分别_pairs_listed_subjects_with_listed_numbers_in_order():
    text = plan(tasks=task(
        "到2025年，单项冠军企业、专精特新企业、创新型中小企业数量分别达到50家、2000家、3000家以上",
        number=12,
    ))
    drafts = extract_targets(text)
    assert [(d["name"], d["target_value"], d["unit"]) for d in drafts] == [
        ("单项冠军企业数量", 50, "家"), ("专精特新企业数量", 2000, "家"),
        ("创新型中小企业数量", 3000, "家"),
    ]
    assert {d["comparator"] for d in drafts} == {"gte"}
    assert {d["sentence"] for d in drafts} == {
        "单项冠军企业、专精特新企业、创新型中小企业数量分别达到50家、2000家、3000家以上"
    }


def test_enumerations_keep_commas_inside_brackets_together():
    text = plan(tasks=task(
        "到2025年，市级及以上绿色工厂、绿色供应链管理企业、绿色工业园区（产业集群、产业集聚区）"
        "分别达到300家、50家、30家", number=3,
    ))
    assert [(d["name"], d["target_value"]) for d in extract_targets(text)] == [
        ("市级及以上绿色工厂", 300), ("绿色供应链管理企业", 50),
        ("绿色工业园区（产业集群、产业集聚区）", 30),
    ]


def test_a_single_number_after_a_list_of_kinds_stays_one_target():
    draft = only(plan(goal(
        "省级以上瞪羚、专精特新、制造业单项冠军、独角兽、创新型中小企业等优质企业数量达到5000家以上",
        "企业发展能级显著提升",
    )))
    assert (draft["name"], draft["target_value"]) == ("省级以上优质企业数量", 5000)


def test_numbers_each_with_their_own_subject_in_one_clause():
    text = plan(tasks=task("新增国家级绿色工厂10家、省级30家"))
    assert [(d["name"], d["target_value"], d["kind"]) for d in extract_targets(text)] == [
        ("国家级绿色工厂", 10, "cumulative"), ("省级绿色工厂", 30, "cumulative"),
    ]


@pytest.mark.parametrize(("clause", "name"), [
    ("培育100家以上省级软件工程技术中心", "省级软件工程技术中心"),
    ("每年统筹安排不低于50亿元专项资金用于支持工业强市建设", "专项资金"),
    ("到2025年，规上工业企业数量力争突破3000家", "规上工业企业数量"),
    ("累计建设5G基站6万个以上", "5G基站"),
])
def test_the_name_is_the_subject_or_the_object_counted(clause, name):
    assert only(plan(tasks=task(clause)))["name"] == name


# --- what is not a target -----------------------------------------------------------------


def test_task_numbers_quoted_codes_counts_of_groups_and_years_are_not_targets():
    text = plan(
        goal("到2025年，工业强市建设迈上新台阶"),
        task("落实“4个1”的“链长制”工作推进机制，实行“3个1”工作体系，确立“12345”的发展思路", number=19)
        + task("聚焦10个标志性产业链群，围绕10个标志性产业链群建立统计指标体系", number=20)
        + task("对三年目标任务进行逐年分解，引导企业参与DCMM贯标，持续优化M0政策", number=21)
        + task("推动5G网络深度覆盖，加快2023—2025年重点项目建设，公布第3批名单", number=22),
    )
    assert extract_targets(text) == []


def test_numbers_inside_names_are_not_targets_but_the_target_next_to_them_is():
    text = plan(goal("万元工业增加值用水量比2020年降低10%左右", "绿色发展能级显著提升"))
    assert values(text) == [-10]
    text = plan(tasks=task("每年培育30家以上工业互联网标杆工厂、5G全连接工厂、晨星工厂"))
    assert values(text) == [30]


# --- structure ----------------------------------------------------------------------------


def test_goal_bullets_give_the_category_and_unknown_headings_keep_their_text():
    text = plan(goal("数字经济规模占GDP比重达到50%以上", "数字经济能级显著提升")
                + goal("生产性服务业增加值达到5000亿元", "服务业能级显著提升"))
    drafts = extract_targets(text)
    assert [(d["category"], d["task"], d["code"]) for d in drafts] == [
        ("digital", None, "D-DIGITAL-1"), ("服务业能级显著提升", None, "D-C2-1"),
    ]


def test_task_targets_take_the_task_number_and_its_first_unit_as_lead():
    text = plan(tasks=task("省级以上产业创新平台达到1000家以上", number=1,
                           units="（责任单位：市工业和信息化局、市科技局、市发展改革委）"))
    draft = only(text)
    assert (draft["task"], draft["category"]) == (1, None)
    assert draft["lead_units"] == ["市工业和信息化局"]


def test_an_unlabelled_unit_list_is_still_read_and_等市直有关部门_is_dropped():
    text = plan(tasks=task(
        "保持制造业贷款比重基本稳定，每年统筹安排不低于50亿元专项资金", number=16,
        units="（市财政局、市发展改革委、人民银行济南营管部、莱芜银保监分局）",
    ) + task("每年引进项目50个以上", number=17,
             units="（责任单位：市政府办公厅、市工业和信息化局等市直有关部门）"))
    drafts = extract_targets(text)
    assert [d["lead_units"] for d in drafts] == [["市财政局"], ["市财政局"], ["市政府办公厅"]]
    parsed = yaml.safe_load(draft_yaml(text, source_file="t.txt"))
    tasks = {t["number"]: t for t in parsed["tasks"]}
    assert tasks[16]["supporting_units"] == ["市发展改革委", "人民银行济南营管部", "莱芜银保监分局"]
    assert tasks[17]["supporting_units"] == ["市工业和信息化局"]
    assert "市财政局" not in tasks[16]["text"]


def test_target_year_comes_from_the_sentence_else_the_end_of_the_period():
    text = plan(tasks=task("到2024年，建成5G基站3万个，企业上云率达到60%。技改投资年均增幅10%以上"))
    assert [d["target_year"] for d in extract_targets(text)] == [2024, 2024, 2025]


def test_the_period_is_read_from_the_title_when_it_is_written_out():
    header = "某市制造业高质量发展行动方案\n（2024—2026年）\n\n"
    text = plan(goal("软件业营业收入达到600亿元"), task("每年引进项目50个以上"), header=header)
    assert [d["target_year"] for d in extract_targets(text)] == [2026, 2024]


# --- draft_yaml ---------------------------------------------------------------------------


def test_draft_yaml_round_trips_through_safe_load_with_a_review_note_on_each_indicator():
    text = plan(
        goal("规模以上工业营业收入突破1万亿元，工业增加值占GDP比重持续提升"),
        task("每年工业类开发区规模以上工业增加值、工业投资增幅均高于全市平均水平3-5个百分点", number=15),
    )
    document = yaml.safe_load(draft_yaml(text, source_file="test-2023-2025-draft.txt"))
    assert document["plan"]["title"] == "测试市工业强市三年行动计划"
    assert document["plan"]["version"] == "征求意见稿"
    assert (document["plan"]["period_start"], document["plan"]["period_end"]) == (2023, 2025)
    assert document["plan"]["base_year"] == 2022
    assert document["plan"]["source_file"] == "test-2023-2025-draft.txt"
    assert document["categories"] == [{"code": "manufacturing", "name": "制造业能级"}]
    assert document["actions"] == [{"code": "A1", "name": "实施制造业强基倍增行动"}]
    assert [(t["number"], t["title"], t["lead_units"]) for t in document["tasks"]] == [
        (15, "提升制造业创新能力", ["市工业和信息化局"]),
    ]
    indicators = document["indicators"]
    assert [i["code"] for i in indicators] == [d["code"] for d in extract_targets(text)]
    assert all(i["note"] == REVIEW_NOTE for i in indicators)
    assert all(i["source"] == "reported" and i["frequency"] == "annual" for i in indicators)
    differential = indicators[-1]
    assert differential["reporting_units"] == ["市工业和信息化局"]
    assert differential["target_value_high"] == 5
    assert differential["compare_to"] == "全市平均"
    assert indicators[0]["target_value"] == 10000


# --- recall -------------------------------------------------------------------------------


def encoded(code, value, unit, *, task=None, category=None, kind="level", sentence=""):
    return {"code": code, "target_value": value, "unit": unit, "task": task,
            "category": category, "kind": kind, "sentence": sentence, "name": ""}


def draft(value, unit, *, task=None, category=None, sentence=""):
    return {"target_value": value, "unit": unit, "task": task, "category": category,
            "sentence": sentence, "name": ""}


def test_recall_matches_value_unit_and_place_and_normalises_money():
    hand = [
        encoded("REV", 1, "万亿元", category="manufacturing"),
        encoded("PLATFORMS", 1000, "家", task=1),
        encoded("HUB", None, "", category="digital", kind="qualitative"),
        encoded("SHARE", None, "%", category="manufacturing", kind="direction"),
        encoded("MISSED", 45, "家", task=12),
    ]
    drafts = [
        draft(10000, "亿元", category="manufacturing"),
        draft(1000, "家", task=2),          # wrong task
        draft(1000, "家", task=1),
        draft(45, "个", task=12),           # wrong unit
    ]
    result = recall(drafts, hand)
    assert result["quantitative"] == 3
    assert result["matched"] == 2
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["drafts"] == 4
    assert result["precision"] == pytest.approx(2 / 4)
    assert result["missed"] == ["MISSED"]
    assert len(result["unmatched_drafts"]) == 2


def test_one_draft_matches_one_indicator_chosen_by_sentence_overlap():
    hand = [
        encoded("A", 3000, "家", task=12, sentence="规上工业企业数量力争突破3000家"),
        encoded("B", 3000, "家", task=12, sentence="创新型中小企业数量分别达到3000家以上"),
    ]
    drafts = [draft(3000, "家", task=12, sentence="创新型中小企业数量分别达到3000家以上")]
    result = recall(drafts, hand)
    assert result["matched"] == 1
    assert result["missed"] == ["A"]


def test_goal_targets_match_only_within_the_same_category():
    hand = [encoded("G", 40, "家", category="green")]
    assert recall([draft(40, "家", category="manufacturing")], hand)["matched"] == 0
    assert recall([draft(40, "家", category="green")], hand)["matched"] == 1
    assert recall([draft(40, "家", task=3)], hand)["matched"] == 0


def test_unit_normalisation():
    assert normalise_unit(1, "万亿元") == (10000, "亿元")
    assert normalise_unit(3, "个百分点") == (3, "百分点")
    assert normalise_unit(6, "万个") == (60000, "个")
    assert normalise_unit(110, "点") == (110, "点")


def test_recall_is_zero_not_an_error_when_there_is_nothing_to_compare():
    assert recall([], [])["recall"] == 0.0
    assert recall([], [])["precision"] == 0.0


# --- the Jinan plan -----------------------------------------------------------------------


def test_recall_on_the_jinan_plan_is_at_least_0_95():
    plans = resources.files("qiangshi.reference").joinpath("plans")
    text = plans.joinpath("jinan-2023-2025-draft.txt").read_text(encoding="utf-8")
    hand = yaml.safe_load(plans.joinpath("jinan-2023-2025.yaml").read_text(encoding="utf-8"))
    result = recall(extract_targets(text), hand["indicators"])
    assert result["quantitative"] >= 50
    assert result["recall"] >= 0.95, result["missed"]
    assert result["precision"] >= 0.90, result["unmatched_drafts"]


def test_the_jinan_draft_yaml_loads_and_lists_all_22_tasks():
    plans = resources.files("qiangshi.reference").joinpath("plans")
    text = plans.joinpath("jinan-2023-2025-draft.txt").read_text(encoding="utf-8")
    document = yaml.safe_load(draft_yaml(text, source_file="jinan-2023-2025-draft.txt"))
    assert [t["number"] for t in document["tasks"]] == list(range(1, 23))
    assert document["plan"]["city"] == "济南市"
    assert document["plan"]["title"] == "深入推进新型工业化加快建设工业强市三年行动计划"
    assert len(document["actions"]) == 6
    assert len({i["code"] for i in document["indicators"]}) == len(document["indicators"])
