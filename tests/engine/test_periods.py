import datetime

import pytest

from qiangshi.engine.periods import (
    JANUARY_ALONE,
    Period,
    PeriodError,
    last_complete_month,
    monthly_period_problem,
    parse_period,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024", Period(2024, 12, "annual")),
        ("2024年", Period(2024, 12, "annual")),
        (2024, Period(2024, 12, "annual")),
        ("2024Q2", Period(2024, 6, "ytd")),
        ("2024年第三季度", Period(2024, 9, "ytd")),
        ("2024年一季度", Period(2024, 3, "ytd")),
        ("2024年上半年", Period(2024, 6, "ytd")),
        ("2024年前三季度", Period(2024, 9, "ytd")),
        ("2024-06", Period(2024, 6, "ytd")),
        ("2024.6", Period(2024, 6, "ytd")),
        ("2024年1-6月", Period(2024, 6, "ytd")),
        ("2024年1—6月", Period(2024, 6, "ytd")),
        ("2024年1至2月", Period(2024, 2, "ytd")),
        ("2024年6月", Period(2024, 6, "ytd")),
        ("2024-06-01 00:00:00", Period(2024, 6, "ytd")),
        (datetime.date(2024, 6, 30), Period(2024, 6, "ytd")),
    ],
)
def test_chinese_statistical_period_forms_parse(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "二〇二四", "2024-13", "1800", "2024年2-6月", "2024Q5"])
def test_unreadable_periods_are_refused_in_chinese(text):
    with pytest.raises(PeriodError) as error:
        parse_period(text)
    assert any("\u4e00" <= c <= "\u9fff" for c in str(error.value))


def test_labels_follow_statistical_practice():
    assert parse_period("2024").label == "2024年"
    assert parse_period("2024-02").label == "2024年1-2月"
    assert parse_period("2024Q2").key == "2024-06"


def test_january_alone_is_refused_for_monthly_figures():
    assert monthly_period_problem(parse_period("2024年1月")) == JANUARY_ALONE
    assert monthly_period_problem(parse_period("2024年1-2月")) is None


@pytest.mark.parametrize(("today", "ended"), [
    (datetime.date(2026, 1, 1), datetime.date(2025, 12, 31)),
    (datetime.date(2024, 3, 1), datetime.date(2024, 2, 29)),
    (datetime.date(2026, 12, 7), datetime.date(2026, 11, 30)),
    (datetime.date(2026, 12, 31), datetime.date(2026, 11, 30))])
def test_the_last_complete_month_is_the_one_before_todays(today, ended):
    assert last_complete_month(today) == ended
