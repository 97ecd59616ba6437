"""The other documents people print: 督办通知单, 催报函, the assessment 通报, the 亩均 公示名单."""

from __future__ import annotations

import datetime

import pytest

from qiangshi.engine.bulletin import (
    BulletinInputInvalid,
    assessment_notice,
    dispatch_colour,
    dispatch_notice,
    mujun_list,
    reporting_reminder,
)
from tests.engine.bulletin_tables import DATE, OCTOBER, ORGAN, RANKING


def notice(deadline=datetime.date(2025, 11, 22), rule="signed_not_started"):
    return dispatch_notice(
        unit="莱芜区工业和信息化局",
        project="电池材料项目",
        region="莱芜区",
        rule=rule,
        stall_days=25,
        request="协调用地手续，尽快开工。",
        deadline=deadline,
        organ=ORGAN,
        signer=ORGAN,
        date=DATE,
        number="督办〔2025〕12号",
    )


@pytest.mark.parametrize(
    ("days_left", "colour"), [(-1, "red"), (3, "red"), (4, "yellow"), (10, "yellow"), (11, "blue")]
)
def test_a_dispatch_is_red_yellow_or_blue_by_the_days_left(days_left, colour):
    assert dispatch_colour(DATE + datetime.timedelta(days=days_left), DATE) == colour


def test_a_dispatch_notice_names_the_unit_the_project_its_stall_and_the_deadline():
    document = notice()
    assert (document.title, document.recipients, document.number) == (
        "督办通知单",
        "莱芜区工业和信息化局：",
        "督办〔2025〕12号",
    )
    assert document.urgency == "特急"
    assert (
        document.sections[0].paragraphs[0].startswith("莱芜区电池材料项目存在签约未开工问题，现予红色督办。")
    )
    rows = dict(document.sections[1].tables[0].rows)
    assert rows["停滞情况"] == "签约未开工（已超出时限25天）"
    assert rows["办理期限"] == "2025年11月22日（剩余2天）"
    assert rows["督办等级"] == "红色督办（特急）"


def test_a_blue_dispatch_has_no_urgency_mark_and_an_overdue_one_says_so():
    assert notice(deadline=datetime.date(2025, 12, 31)).urgency == ""
    rows = dict(notice(deadline=datetime.date(2025, 11, 18)).sections[1].tables[0].rows)
    assert rows["办理期限"] == "2025年11月18日（已逾期2天）"


def test_a_dispatch_with_an_unknown_stall_is_refused():
    with pytest.raises(BulletinInputInvalid):
        notice(rule="not_a_rule")


def test_a_reminder_lists_what_is_owed_and_how_late():
    document = reporting_reminder(
        unit="莱芜区",
        owed=[
            {"indicator": "工业投资", "period_label": "2025年1-10月", "due_on": datetime.date(2025, 11, 15)},
            {
                "indicator": "规上工业营业收入",
                "period_label": "2025年1-10月",
                "due_on": datetime.date(2025, 11, 10),
            },
        ],
        deadline=datetime.date(2025, 11, 25),
        organ=ORGAN,
        signer=ORGAN,
        date=DATE,
    )
    assert document.title == "关于催报莱芜区统计数据的函"
    assert (
        document.sections[0].paragraphs[0]
        == "截至2025年11月20日，你单位以下2项数据尚未报送，最长已逾期10天（明细见下表）。"
    )
    assert document.sections[0].tables[0].rows == [
        ["1", "规上工业营业收入", "2025年1-10月", "2025年11月10日", "10天"],
        ["2", "工业投资", "2025年1-10月", "2025年11月15日", "5天"],
    ]
    assert "于2025年11月25日前通过平台补报" in document.sections[1].paragraphs[0]


def test_a_reminder_with_nothing_owed_is_refused():
    with pytest.raises(BulletinInputInvalid):
        reporting_reminder(unit="莱芜区", owed=[], deadline=DATE, organ=ORGAN, signer=ORGAN, date=DATE)


def test_the_assessment_notice_states_its_basis_ranking_and_each_units_items():
    items = [
        {"region": "历下区", "name": "营业收入", "score": 98.0},
        {"region": "历下区", "name": "工业投资", "score": 71.2},
        {"region": "莱芜区", "name": "营业收入", "score": 60.0},
    ]
    document = assessment_notice(
        period=OCTOBER,
        scheme_title="区县工业经济考核办法",
        scheme_number="济工信发〔2025〕3号",
        units=RANKING,
        items=items,
        organ=ORGAN,
        signer=ORGAN,
        date=DATE,
    )
    assert document.title == "关于2025年1—10月区县（功能区）考核结果的通报"
    assert (
        document.sections[0]
        .paragraphs[0]
        .startswith(
            "根据《区县工业经济考核办法》（济工信发〔2025〕3号），对4个区县（功能区）2025年1—10月工作情况进行了考核评价。"
        )
    )
    assert [s.heading for s in document.sections] == ["", "一、考核结果", "二、得分情况", "三、有关要求"]
    assert document.sections[2].paragraphs[0] == (
        "历下区综合得分92.50分，其中营业收入得分最高（98.00分），工业投资得分最低（71.20分）。"
    )
    table = document.attachments[0].table
    assert table.columns == ["位次", "区县（功能区）", "营业收入", "工业投资", "综合得分"]
    assert table.rows[0] == ["1", "历下区", "98.00", "71.20", "92.50"]
    assert table.rows[3] == ["4", "莱芜区", "60.00", "—", "70.00"]


FIRMS = [
    {
        "name": "乙公司",
        "uscc": "X2",
        "region": "历下区",
        "group": "规上",
        "score": 40.126,
        "group_rank": 9,
        "grade": "D",
        "surcharge": "0.1元/千瓦时",
    },
    {
        "name": "甲公司",
        "uscc": "X1",
        "region": "历下区",
        "group": "规上",
        "score": 87.5,
        "group_rank": 1,
        "grade": "A",
    },
    {
        "name": "丁公司",
        "uscc": "X4",
        "region": "市中区",
        "group": "规上",
        "score": 80.05,
        "group_rank": 2,
        "grade": "A",
    },
]


def test_the_mujun_list_shows_graded_firms_by_class_and_rank_and_the_others_apart():
    document = mujun_list(
        year=2024,
        method_title="亩产效益评价办法",
        firms=FIRMS,
        exempt=[{"name": "丙公司", "uscc": "X3", "region": "莱芜区", "reason": "投产不满一年"}],
        publicity_end=datetime.date(2025, 11, 27),
        organ=ORGAN,
        signer=ORGAN,
        date=DATE,
    )
    assert document.title == "关于2024年度工业企业亩产效益综合评价结果的公示"
    lead, objection = document.sections[0].paragraphs
    assert "本次参评企业3家，其中A类2家、D类1家；暂不评价企业1家。" in lead
    assert objection.startswith("公示期为2025年11月20日至2025年11月27日。")
    graded, exempt = document.attachments
    assert (
        graded.table.columns
        == "序号 企业名称 统一社会信用代码 所在区县 评价组 综合得分 组内排名 评价类别 电价加价".split()
    )
    assert graded.table.rows == [
        ["1", "甲公司", "X1", "历下区", "规上", "87.50", "1", "A类", "—"],
        ["2", "丁公司", "X4", "市中区", "规上", "80.05", "2", "A类", "—"],
        ["3", "乙公司", "X2", "历下区", "规上", "40.13", "9", "D类", "0.1元/千瓦时"],
    ]
    assert exempt.table.rows == [["1", "丙公司", "X3", "莱芜区", "投产不满一年"]]


def test_a_firm_without_a_class_a_to_d_is_refused_from_the_list():
    with pytest.raises(BulletinInputInvalid):
        mujun_list(
            year=2024,
            method_title="办法",
            firms=[{**FIRMS[0], "grade": "T"}],
            exempt=[],
            publicity_end=DATE,
            organ=ORGAN,
            signer=ORGAN,
            date=DATE,
        )
