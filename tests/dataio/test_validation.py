import datetime

import polars as pl

from qiangshi.dataio.validation import (
    CLEAR_MARK,
    NOT_A_NUMBER,
    NOT_FINITE,
    apply_checks,
    date,
    filled,
    given,
    number,
    number_check,
    sheet_rows,
    unknown_headers,
)

COLUMNS = {"name": "企业名称", "capital": "注册资本（万元）", "profit": "利润总额（万元）"}


def test_an_absent_column_is_null_an_empty_cell_empty_and_only_clear_mark_clears():
    sheets = {"企业": pl.DataFrame({"企业名称": ["甲", "乙", "丙"],
                                    "注册资本 (万元)": ["", CLEAR_MARK, "5"]})}
    rows, errors = sheet_rows(sheets, COLUMNS, required=("name",))
    assert errors == []
    assert rows["profit"].to_list() == [None, None, None]          # absent: keep stored
    assert rows["capital"].to_list() == ["", CLEAR_MARK, "5"]      # header matched by key
    flags = rows.select(given("capital"), filled("capital").alias("f"), given("profit").alias("p"))
    assert flags.rows() == [(False, False, False), (True, False, False), (True, True, False)]


def test_unknown_headers_are_listed_as_warnings():
    sheets = {"企业": pl.DataFrame({"企业名称": ["甲"], "备注": ["x"], "注册资本(万元)": ["1"]})}
    [warning] = unknown_headers(sheets, COLUMNS)
    assert (warning.sheet, warning.row, warning.value) == ("企业", 1, "备注")
    assert "忽略" in warning.reason


def test_number_converts_full_width_digits_and_refuses_nan_and_infinity_in_chinese():
    frame = pl.DataFrame({"v": ["１２，３４５．５", "－３", "nan", "inf", "-inf", "1e400", "abc",
                                "", CLEAR_MARK]})
    assert frame.select(number("v")).to_series().to_list() == [
        12345.5, -3.0, None, None, None, None, None, None, None]
    _, errors = apply_checks(frame.with_columns(pl.lit("s").alias("_sheet"),
                                                pl.int_range(pl.len()).alias("_row")),
                             [number_check("注册资本（万元）", "v")])
    assert [(e.value, e.reason) for e in errors] == [
        ("nan", NOT_FINITE), ("inf", NOT_FINITE), ("-inf", NOT_FINITE), ("1e400", NOT_FINITE),
        ("abc", NOT_A_NUMBER)]


def test_excel_serial_dates_are_converted_and_a_bare_year_is_not_taken_for_one():
    frame = pl.DataFrame({"d": ["42185", "42185.75", "2015-06-30 00:00:00", "２０１５年６月３０日",
                                "2015", "x"]})
    june_30 = datetime.date(2015, 6, 30)
    assert frame.select(date("d")).to_series().to_list() == [june_30] * 4 + [None, None]
