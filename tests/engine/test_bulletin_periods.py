"""The period as Chinese releases write it, in the title and the narrative, and the 附件 and
ranking tables of the bulletin."""

from __future__ import annotations

import pytest

from qiangshi.engine.bulletin import QUARTERLY, YEARLY, BulletinPeriod, bulletin_document, bulletin_title
from tests.engine.bulletin_tables import DATE, OCTOBER, ORGAN, inputs


def overall_opening(period, scope="全市"):
    document, _ = bulletin_document(period, scope, inputs(), organ=ORGAN, signer=ORGAN, date=DATE)
    return document.title, document.sections[1].paragraphs[0]


def test_a_monthly_bulletin_covers_the_year_to_date_with_a_dash():
    title, opening = overall_opening(OCTOBER)
    assert title == "关于2025年1—10月全市工业经济运行情况的通报"
    assert opening.startswith("1—10月，全市规上工业营业收入")


def test_january_alone_is_written_1月():
    title, opening = overall_opening(BulletinPeriod(2025, 1))
    assert title == "关于2025年1月全市工业经济运行情况的通报"
    assert opening.startswith("1月，全市")


@pytest.mark.parametrize(("month", "span"), [(3, "一季度"), (6, "上半年"), (9, "前三季度"), (12, "全年")])
def test_a_quarterly_bulletin_is_written_as_releases_name_the_quarters(month, span):
    title, opening = overall_opening(BulletinPeriod(2025, month, QUARTERLY))
    assert title == f"关于2025年{span}全市工业经济运行情况的通报"
    assert opening.startswith(f"{span}，全市")
    assert BulletinPeriod(2025, month, QUARTERLY).previous == "上季度"


def test_a_yearly_bulletin_is_written_with_the_year():
    title, opening = overall_opening(BulletinPeriod(2025, 12, YEARLY))
    assert title == "关于2025年全市工业经济运行情况的通报"
    assert opening.startswith("2025年，全市")
    assert BulletinPeriod(2025, 12, YEARLY).previous == "上年"


def test_a_districts_bulletin_names_the_district():
    assert bulletin_title(OCTOBER, "历下区") == "关于2025年1—10月历下区工业经济运行情况的通报"
    assert overall_opening(OCTOBER, "历下区")[1].startswith("1—10月，历下区规上工业营业收入")


@pytest.mark.parametrize(("month", "kind"), [(5, QUARTERLY), (10, YEARLY), (13, "monthly"), (3, "weekly")])
def test_a_period_that_is_no_bulletins_is_refused(month, kind):
    with pytest.raises(ValueError):
        BulletinPeriod(2025, month, kind)


def test_the_attachment_is_units_by_value_growth_rank_and_completion():
    document, _ = bulletin_document(OCTOBER, "全市", inputs(), organ=ORGAN, signer=ORGAN, date=DATE)
    _, attachment = document.attachments
    assert attachment.name == "2025年1—10月各区县（功能区）规上工业营业收入完成情况"
    assert attachment.table.columns == [
        "区县（功能区）",
        "绝对额（亿元）",
        "增速（%）",
        "位次",
        "目标完成率（%）",
    ]
    assert attachment.table.rows == [
        ["历下区", "1,234.5", "9.1", "1", "91.0"],
        ["市中区", "987.6", "8.2", "2", "88.0"],
        ["高新区", "2,345.0", "0.0", "3", "80.0"],
        ["莱芜区", "456.7", "-2.5", "4", "—"],
    ]


def test_the_ranking_table_shows_rank_change_and_mark():
    document, _ = bulletin_document(OCTOBER, "全市", inputs(), organ=ORGAN, signer=ORGAN, date=DATE)
    [table] = document.sections[2].tables
    assert table.columns == ["位次", "区县（功能区）", "类别", "得分", "上月位次", "位次变化", "亮牌"]
    assert table.rows == [
        ["1", "历下区", "区县", "92.50", "3", "前移2位", "蓝牌"],
        ["2", "市中区", "区县", "88.00", "2", "不变", "—"],
        ["3", "高新区", "功能区", "85.25", "1", "后移2位", "黄牌"],
        ["4", "莱芜区", "区县", "70.00", "4", "不变", "红牌"],
    ]


def test_the_document_carries_its_organ_number_and_recipients():
    document, _ = bulletin_document(
        OCTOBER, "全市", inputs(), organ=ORGAN, signer=ORGAN, date=DATE, number="济工信通〔2025〕10号"
    )
    assert (document.organ, document.number, document.date) == (ORGAN, "济工信通〔2025〕10号", DATE)
    assert document.recipients == "各区县人民政府，各功能区管委会，市直有关部门："


def test_the_first_attachment_is_the_indicators_progress_with_their_explanations():
    document, _ = bulletin_document(OCTOBER, "全市", inputs(), organ=ORGAN, signer=ORGAN, date=DATE)
    table = document.attachments[0].table
    assert (
        table.columns
        == "指标 计量单位 数值 增速（%） 目标值 目标完成率（%） 时序进度（%） 进度状态 说明".split()
    )
    assert table.rows[1] == [
        "规上工业利润总额",
        "亿元",
        "402.5",
        "-3.2",
        "—",
        "60.1",
        "83.3",
        "滞后",
        "按当前进度推算全年完成约72%",
    ]
