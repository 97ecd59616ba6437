import io

import polars as pl
import pytest
import xlsxwriter

from qiangshi.dataio.tables import (
    NO_DATA,
    NOTES_SHEET,
    TableFileError,
    file_import,
    header_key,
    read_sheets,
)


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        for name, rows in sheets.items():
            sheet = book.add_worksheet(name)
            for i, row in enumerate(rows):
                sheet.write_row(i, 0, row)
    return buffer.getvalue()


def test_header_key_makes_full_and_half_width_brackets_spaces_and_line_breaks_agree():
    assert header_key("注册资本（万元）") == header_key("注册资本 (万元)") \
        == header_key("注册资本\n（万元）") == header_key("注册资本（万元）\u3000")
    assert header_key("ＡＢ１２") == header_key("AB12")


def test_read_sheets_refuses_a_header_repeated_after_normalisation_with_a_chinese_row_error():
    content = xlsx({"企业": [["企业名称", "营业收入（万元）", "营业收入 (万元)"], ["甲", "1", "2"]]})
    with pytest.raises(TableFileError) as caught:
        read_sheets(content, "a.xlsx")
    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == ("企业", 1, "表头")
    assert "表头重复" in error.reason and "营业收入 (万元)" in error.value


def test_a_file_with_headers_but_no_data_rows_says_so_in_chinese():
    for content, name in [(xlsx({"企业": [["企业名称", "地址"]]}), "a.xlsx"),
                          ("企业名称,地址\n".encode(), "a.csv"), (b"", "a.csv"),
                          (xlsx({"企业": [["企业名称"], [""], ["  "]]}), "a.xlsx")]:
        report = file_import(lambda *a, **k: pytest.fail("no sheets to import"), content, name)
        assert [e.reason for e in report.errors] == [NO_DATA] or \
            report.errors[0].reason.startswith(NO_DATA), (name, report.errors)


@pytest.mark.parametrize(("content", "name"), [
    (b"not a workbook", "a.xlsx"), (b"a,b\n1,2,3\n", "a.csv"), (b"\xff\xfe\x00", "a.csv"),
])
def test_library_errors_reach_the_user_in_chinese_only(content, name):
    report = file_import(lambda *a, **k: None, content, name)
    [error] = report.errors
    assert error.reason and not any("a" <= ch.lower() <= "z" for ch in
                                    error.reason.replace(name, "").replace("Excel", "")
                                    .replace("CSV", "").replace("UTF", "").replace("xlsx", ""))


def test_the_notes_sheet_is_skipped_and_headers_keep_their_text():
    content = xlsx({"企业": [[" 企业名称 ", "地址"], ["甲", "济南"]],
                    NOTES_SHEET: [[NOTES_SHEET], ["说明"]]})
    sheets = read_sheets(content, "a.xlsx")
    assert list(sheets) == ["企业"]
    assert sheets["企业"].columns == ["企业名称", "地址"]
    assert sheets["企业"].to_dicts() == [{"企业名称": "甲", "地址": "济南"}]


def test_another_sheet_without_data_is_no_error_when_one_sheet_has_rows():
    content = xlsx({"企业": [["企业名称"], ["甲"]], "荣誉资质": [["荣誉资质"]]})
    assert read_sheets(content, "a.xlsx")["荣誉资质"].height == 0


def test_csv_is_read_as_text():
    sheets = read_sheets("企业名称,代码\n甲,007\n".encode(), "名录.csv")
    assert sheets == {"名录": sheets["名录"]}
    assert sheets["名录"].to_dicts() == [{"企业名称": "甲", "代码": "007"}]
    assert sheets["名录"].schema == pl.Schema({"企业名称": pl.String, "代码": pl.String})


def test_a_column_without_header_is_dropped_when_empty_and_named_for_a_warning_when_not():
    content = xlsx({"企业": [["企业名称", None, None], ["甲", None, "多余"]]})
    assert read_sheets(content, "a.xlsx")["企业"].columns == ["企业名称", "第 3 列（无表头）"]
