import datetime

import polars as pl

from qiangshi.dataio.limits import NUL_REASON, limit_checks
from qiangshi.dataio.validation import NOT_FINITE, apply_checks
from qiangshi.enterprises.models import Enterprise, Fact


def rejected(model, columns, values: dict, **options) -> list[tuple[str, str]]:
    frame = pl.DataFrame(values).with_columns(pl.lit("s").alias("_sheet"),
                                              pl.int_range(pl.len()).alias("_row"))
    _, errors = apply_checks(frame, limit_checks(model, columns, **options))
    return [(e.value, e.reason) for e in errors]


def test_text_longer_than_its_column_or_holding_nul_is_refused_naming_the_limit():
    errors = rejected(Enterprise, {"name": "企业名称"},
                      {"name": ["甲" * 200, "甲" * 201, "甲\x00乙"]})
    assert errors == [("甲" * 201, "超过 200 个字符（本列最多 200 个字符）"), ("甲\x00乙", NUL_REASON)]


def test_decimals_beyond_the_column_and_non_finite_numbers_are_refused():
    errors = rejected(Fact, {"revenue": ("营业收入（万元）", "raw", "value")},
                      {"raw": ["99999999999999.99", "1e14", "nan"],
                       "value": [99999999999999.99, 1e14, float("nan")]})
    assert [value for value, _ in errors] == ["1e14", "nan"]
    assert "100,000,000,000,000" in errors[0][1] and errors[1][1] == NOT_FINITE


def test_integers_beyond_the_column_are_refused():
    errors = rejected(Fact, {"employees": ("从业人员", "e", "e")}, {"e": [2**31 - 1, 2**31, -1]})
    assert [value for value, _ in errors] == [str(2**31), "-1"]
    assert "0 至 2,147,483,647" in errors[0][1]


def test_founding_dates_lie_between_1949_and_today():
    today = datetime.date.today()
    dates = [datetime.date(1900, 1, 1), datetime.date(1949, 1, 1), today,
             today + datetime.timedelta(days=1)]
    errors = rejected(Enterprise, {"founded": "成立日期"}, {"founded": dates},
                      up_to_today=("founded",))
    assert [value for value, _ in errors] == ["1900-01-01", str(today + datetime.timedelta(days=1))]
    assert errors[0][1] == f"日期应在 1949-01-01 至 {today.isoformat()} 之间"
