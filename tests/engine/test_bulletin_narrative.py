"""The bulletin's narrative on hand-made stored results (tests/engine/bulletin_tables.py):
the words for up, down and flat, rank moves, counts of units, and every number traced."""

from __future__ import annotations

import re

import pytest

from qiangshi.engine.bulletin import DRAFTED, BulletinInputInvalid, bulletin_document
from qiangshi.engine.bulletin.trace import untraced
from qiangshi.engine.bulletin.words import Fact, Facts, grouped
from tests.engine.bulletin_tables import (
    ALL,
    CHAINS,
    DATE,
    DISPATCHES,
    INDICATORS,
    MUJUN,
    OCTOBER,
    ORGAN,
    RANKING,
    REGIONS,
    STALLS,
    TIERS,
    inputs,
)


def bulletin(period=OCTOBER, scope="全市", **changes):
    return bulletin_document(period, scope, inputs(**changes), organ=ORGAN, signer=ORGAN, date=DATE)


def paragraphs(section):
    return [*section.paragraphs, *(p for sub in section.subsections for p in paragraphs(sub))]


def narrative(document):
    return "".join(p for section in document.sections for p in paragraphs(section))


def section(document, name):
    return next(s for s in document.sections if s.heading.endswith(name))


def test_the_headline_sentence_reads_as_jinans_releases():
    overall = section(bulletin()[0], "总体情况").paragraphs[0]
    assert overall.startswith(
        "1—10月，全市规上工业营业收入8,612.3亿元，同比增长6.1%，增速较上月提高0.3个百分点，"
        "完成年度目标的85.2%（时序进度83.3%）；"
    )


def test_a_fall_is_written_as_a_decline_of_its_absolute_value_and_a_flat_rate_as_flat():
    overall = section(bulletin()[0], "总体情况").paragraphs[0]
    assert "规上工业利润总额402.5亿元，同比下降3.2%，增速与上月持平" in overall
    # 0.04 % rounds to 0.0 as written: 持平, with no number
    assert "规上工业增加值同比持平；" in overall


def test_a_rate_falling_from_the_previous_bulletin_is_written_as_falling_back():
    rows = [{**INDICATORS[0], "yoy": 5.5, "previous_yoy": 6.0}]
    assert "同比增长5.5%，增速较上月回落0.5个百分点" in narrative(bulletin(indicators=rows)[0])


def test_a_value_of_another_period_names_its_period():
    assert "研发经费投入强度2024年为2.9%" in narrative(bulletin()[0])


def test_statuses_are_counted_best_first():
    assert "纳入监测的4项指标中，已完成1项、进度正常2项、滞后1项。" in narrative(bulletin()[0])


def test_units_growing_falling_and_flat_are_counted_and_the_fastest_named():
    text = narrative(bulletin()[0])
    assert (
        "1—10月，有2个区县（功能区）规上工业营业收入保持正增长，1个同比下降，1个与上年同期持平；"
        "增速居前三位的是历下区（增长9.1%）、市中区（增长8.2%）、高新区（持平）。"
    ) in text


def test_without_a_growing_unit_the_count_opens_with_the_indicator():
    falling = [{**row, "yoy": -1.0} for row in REGIONS]
    assert "1—10月，规上工业营业收入有4个区县（功能区）同比下降；" in narrative(bulletin(regions=falling)[0])


def test_rank_moves_are_written_forward_backward_and_unchanged():
    text = narrative(bulletin()[0])
    assert "位次前移的有1个，后移的有1个，保持不变的有2个" in text
    assert "历下区位次较上月前移2位（由第3位升至第1位）" in text
    assert "高新区位次较上月后移2位（由第1位降至第3位）" in text
    assert Facts().rank_move(4, 4, "x", "上月") == "位次较上月保持不变"


def test_marks_name_their_units():
    assert "获蓝牌的有历下区；获黄牌的有高新区；获红牌的有莱芜区。" in narrative(bulletin()[0])


def test_the_other_parts_of_the_overall_section():
    text = narrative(bulletin()[0])
    assert (
        "新能源汽车产业链营业收入1,234.5亿元，同比增长8.2%；集成电路产业链营业收入210.3亿元，同比下降1.5%"
        in text
    )
    assert "截至10月底，停滞预警项目5个，其中签约未开工3个、竣工未投产2个" in text
    assert "累计下发督办单12件，已办结8件，未办结4件，其中逾期未办结2件" in text
    assert "各单位应报20份，按时报送17份，逾期报送2份，未报1份，发出催报3次" in text
    assert "2024年度评价A类356家、B类1,208家、C类512家、D类88家" in text
    assert "现有专精特新“小巨人”企业97家、省级专精特新企业1,021家" in text


PERIOD_WORDS = re.compile(r"\d{4}年(?:1—\d+月|1月)?|1—\d+月|\d+月底|\b1月")


def test_every_number_in_the_narrative_is_a_recorded_fact():
    document, facts = bulletin()
    text = PERIOD_WORDS.sub("", narrative(document))
    for written in sorted({fact.text for fact in facts}, key=len, reverse=True):
        assert written in text or written in narrative(document), written
        text = text.replace(written, "※")
    assert re.findall(r"\d", text) == []


def test_the_scan_for_untraced_numbers_can_fail():
    document, facts = bulletin()
    text = PERIOD_WORDS.sub("", narrative(document)) + "增长9.9%"
    for written in sorted({fact.text for fact in facts}, key=len, reverse=True):
        text = text.replace(written, "※")
    assert re.findall(r"\d", text) == ["9", "9"]


def _stored(source: str):
    """The input value a fact's source names (table/key…/column)."""
    table, *key, column = source.split("/")
    rows = {
        "indicators": (INDICATORS, ["code"]),
        "regions": (REGIONS, ["region", "indicator"]),
        "ranking": (RANKING, ["region"]),
        "chains": (CHAINS, ["chain"]),
        "stalls": (STALLS, ["rule"]),
        "dispatches": (DISPATCHES, []),
        "mujun": (MUJUN, ["grade"]),
        "tiers": (TIERS, ["tier"]),
    }[table]
    data, names = rows
    return next(row[column] for row in data if [row[n] for n in names] == key)


DERIVED = {
    "indicators/REV/yoy-previous_yoy": 0.3,
    "indicators/count(status)": 4,
    "indicators/count(status=achieved)": 1,
    "indicators/count(status=on_track)": 2,
    "indicators/count(status=lagging)": 1,
    "regions/REV/count(yoy up)": 2,
    "regions/REV/count(yoy down)": 1,
    "regions/REV/count(yoy flat)": 1,
    "ranking/count(前移)": 1,
    "ranking/count(后移)": 1,
    "ranking/count(保持不变)": 2,
    "ranking/历下区/previous_rank-rank": 2,
    "ranking/高新区/previous_rank-rank": -2,
    "stalls/sum(count)": 5,
    "reporting/sum(due)": 20,
    "reporting/sum(on_time)": 17,
    "reporting/sum(late)": 2,
    "reporting/sum(missing)": 1,
    "reporting/sum(reminders)": 3,
    "mujun/year": 2024,
}


def test_each_facts_value_is_in_the_inputs_or_worked_by_hand_from_them():
    _, facts = bulletin()
    for fact in facts:
        expected = DERIVED[fact.source] if fact.source in DERIVED else _stored(fact.source)
        assert fact.value == pytest.approx(expected), fact


def test_a_missing_input_leaves_its_paragraph_out_and_writes_none_of_its_numbers():
    document, facts = bulletin(chains=None, reporting=None, mujun=None)
    text = narrative(document)
    assert "产业链营业收入" not in text and "数据报送方面" not in text and "亩均" not in text
    assert not [f for f in facts if f.source.split("/")[0] in ("chains", "reporting", "mujun")]
    assert "数据报送不够及时" not in text


def test_without_regions_and_ranking_the_sections_are_renumbered():
    document, _ = bulletin(regions=None, ranking=None)
    assert [s.heading for s in document.sections] == ["", "一、总体情况", "二、存在问题", "三、下步工作"]
    assert [a.name for a in document.attachments] == ["2025年1—10月主要指标完成情况"]


def test_with_nothing_but_indicators_only_the_overall_and_its_drafts_remain():
    only = {name: None for name in ALL if name != "indicators"}
    document, _ = bulletin(**only)
    assert [s.heading for s in document.sections] == ["", "一、总体情况", "二、存在问题", "三、下步工作"]
    assert len(section(document, "总体情况").paragraphs) == 2


def test_the_sections_come_in_the_order_of_the_reference_bulletins():
    document, _ = bulletin()
    assert [s.heading for s in document.sections] == [
        "",
        "一、总体情况",
        "二、区县（功能区）情况",
        "三、存在问题",
        "四、下步工作",
    ]
    assert document.sections[0].paragraphs == ["现将2025年1—10月全市工业经济运行情况通报如下："]


def test_problems_draw_on_the_lagging_indicators_units_chains_projects_and_reports():
    problems = section(bulletin()[0], "存在问题")
    assert [s.heading for s in problems.subsections] == [
        "（一）部分指标进度滞后",
        "（二）部分区县（功能区）增长乏力",
        "（三）部分产业链进度偏慢",
        "（四）项目推进仍有堵点",
        "（五）数据报送不够及时",
    ]
    assert problems.subsections[0].paragraphs == [
        "规上工业利润总额进度滞后，1—10月完成年度目标的60.1%（时序进度83.3%）。"
    ]
    assert problems.subsections[1].paragraphs == [
        "1—10月，莱芜区（下降2.5%）规上工业营业收入同比下降；莱芜区被亮红牌；高新区被亮黄牌。"
    ]


def test_next_steps_draw_on_open_dispatches_and_the_lagging_items():
    steps = section(bulletin()[0], "下步工作")
    text = "".join(paragraphs(steps))
    assert "聚焦规上工业利润总额等滞后指标" in text
    assert "督促莱芜区、高新区对标先进" in text
    assert "对4件未办结督办事项（其中逾期2件）逐件跟踪" in text
    assert "督促莱芜区严格按时限报送数据" in text


def test_nothing_lagging_leaves_the_drafts_without_those_parts():
    calm = [{**row, "status": "on_track"} for row in INDICATORS]
    steps = section(bulletin(indicators=calm)[0], "下步工作")
    assert "（一）紧盯滞后指标" not in [s.heading for s in steps.subsections]


def test_inputs_are_refused_with_every_reason_in_chinese():
    with pytest.raises(BulletinInputInvalid) as refused:
        inputs(
            indicators=[{**INDICATORS[0], "status": "unknown"}, INDICATORS[0]],
            ranking=[{**RANKING[0], "mark": "green"}],
            stalls=[{"rule": "signed_not_started", "count": "三个"}],
            dispatches=[DISPATCHES[0], DISPATCHES[0]],
        )
    assert refused.value.problems == [
        "指标进度表中 REV 重复出现",
        "指标进度表中进度状态“unknown”无法识别",
        "考核排名表中亮牌“green”无法识别",
        "项目停滞表第 1 行：数量的值“三个”无法识别",
        "督办统计表应只有一行（本期合计）",
    ]


def test_numbers_are_grouped_by_thousands_and_a_negative_zero_is_zero():
    assert grouped(8612.34) == "8,612.3"
    assert grouped(-1234567.85, 2) == "-1,234,567.85"
    assert grouped(-0.04) == "0.0"
    assert grouped(1021, 0) == "1,021"


def test_rows_without_figures_write_no_empty_paragraph():
    document, _ = bulletin(
        chains=[
            {"chain": "集成电路产业链", "status": "lagging"},
            {"chain": "新能源汽车产业链", "growth": 8.2},
        ],
        stalls=None,
        dispatches=[{"issued": None}],
        reporting=[{"unit": "历下区"}],
    )
    text = narrative(document)
    assert (
        "重点产业链方面，1—10月，新能源汽车产业链营业收入同比增长8.2%。其中集成电路产业链未达到目标进度。"
        in text
    )
    assert "项目建设方面" not in text and "数据报送方面" not in text


def test_a_value_without_its_unit_is_refused():
    with pytest.raises(BulletinInputInvalid) as refused:
        inputs(indicators=[{**INDICATORS[0], "unit": None}])
    assert refused.value.problems == ["指标进度表中指标 REV 有数值但缺少计量单位"]


def test_every_fact_traces_back_to_the_inputs():
    _, facts = bulletin()
    assert facts and untraced(inputs(), facts) == []


def test_a_fact_that_is_not_in_the_inputs_is_found():
    wrong = [
        Fact("8,612.4亿元", "indicators/REV/value", 8612.4),
        Fact("9个", "ranking/count(前移)", 9),
        Fact("1个", "chains/不存在/revenue", 1.0),
        Fact("5个", "stalls/sum(count)", 5),
    ]
    assert untraced(inputs(), wrong) == wrong[:3]


def test_the_drafted_sections_are_named_for_the_edit_form():
    document, _ = bulletin()
    drafted = [s.heading for s in document.sections if s.heading.endswith(DRAFTED)]
    assert drafted == ["三、存在问题", "四、下步工作"]
