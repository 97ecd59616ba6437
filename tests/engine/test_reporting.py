import datetime

from qiangshi.engine.reporting import due_periods


def test_monthly_figures_start_with_january_february_combined_and_are_due_on_the_tenth():
    due = due_periods("monthly_cumulative", first_year=2024, last_year=2024,
                      today=datetime.date(2024, 5, 3))
    assert [d.label for d in due] == ["2024年1-2月", "2024年1-3月", "2024年1-4月"]
    assert due[0].deadline == datetime.date(2024, 3, 10)
    assert due[-1].deadline == datetime.date(2024, 5, 10)


def test_quarterly_figures_are_cumulative_quarters():
    due = due_periods("quarterly", first_year=2023, last_year=2024, today=datetime.date(2024, 1, 1))
    assert [d.key for d in due] == ["2023-03", "2023-06", "2023-09", "2023-12"]
    assert due[-1].deadline == datetime.date(2024, 1, 15)


def test_annual_figures_are_due_ninety_days_after_the_year_unless_configured():
    due = due_periods("annual", first_year=2023, last_year=2025, today=datetime.date(2025, 6, 1))
    assert [(d.key, d.deadline) for d in due] == [("2023", datetime.date(2024, 3, 30)),
                                                   ("2024", datetime.date(2025, 3, 31))]
    custom = due_periods("annual", first_year=2024, last_year=2024, today=datetime.date(2025, 6, 1),
                         deadline_days=60)
    assert custom[0].deadline == datetime.date(2025, 3, 1)


def test_days_late_counts_from_the_deadline_and_is_never_negative():
    due = due_periods("annual", first_year=2024, last_year=2024, today=datetime.date(2025, 6, 1))[0]
    assert due.days_late(datetime.date(2025, 4, 10)) == 10
    assert due.days_late(datetime.date(2025, 3, 1)) == 0
