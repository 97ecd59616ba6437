import datetime

import pytest
from django.http import Http404, QueryDict

from qiangshi.params import (
    choice_param,
    date_param,
    id_list_param,
    id_param,
    int_param,
    number_param,
    year_param,
)


def q(text: str) -> QueryDict:
    return QueryDict(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("year=2024", 2024), ("year=1949", 1949), ("year=2100", 2100), ("year=-1", 7), ("year=99999", 7),
    ("year=1948", 7), ("year=２０２４", 7), ("year=2_024", 7), ("year=2024.0", 7), ("year=", 7), ("", 7),
])
def test_year_param_takes_only_plain_years_of_the_platform_calendar(text, expected):
    assert year_param(q(text), "year", 7) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("d=2024-02-29", datetime.date(2024, 2, 29)), ("d=0001-01-01", None), ("d=9999-12-31", None),
    ("d=2024-02-30", None), ("d=20240101", datetime.date(2024, 1, 1)), ("d=", None),
])
def test_date_param_takes_iso_dates_within_1949_to_2100(text, expected):
    assert date_param(q(text), "d") == expected


@pytest.mark.parametrize("text", ["a=x", "a=0", "a=-1", "a=1.5", "a=99999999999999999999", "", "a=%00"])
def test_id_param_answers_404_for_what_names_no_row(text):
    with pytest.raises(Http404):
        id_param(q(text), "a")


def test_id_param_and_int_param_read_plain_integers():
    assert id_param(q("a=12"), "a") == 12
    assert int_param(q("n=5"), "n", 0, low=1, high=9) == 5
    assert int_param(q("n=10"), "n", 0, low=1, high=9) == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("g=12.5", 12.5), ("g=nan", 3.0), ("g=inf", 3.0), ("g=1e400", 3.0), ("g=1e1", 3.0), ("g=101", 3.0),
    ("g=-1", 3.0), ("g=1_0", 3.0),
])
def test_number_param_takes_plain_decimals_within_bounds(text, expected):
    assert number_param(q(text), "g", 3.0, low=0, high=100) == expected


def test_choice_param_takes_only_offered_choices():
    assert choice_param(q("s=open"), "s", {"open", "closed"}, "open") == "open"
    assert choice_param(q("s=Z"), "s", {"open", "closed"}, "open") == "open"


def test_id_list_param_keeps_only_values_that_can_name_a_row():
    params = q("region=3&region=0&region=-1&region=99999999999999999999999&region=x"
                       "&region=%EF%BC%91&region=12")
    assert id_list_param(params, "region") == [3, 12]
