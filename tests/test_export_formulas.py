import io
import zipfile

import polars as pl
import pytest

from qiangshi.dataio.excel import formula_inert, xlsx_bytes, xlsx_workbook


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1", "\r=1",
                                  "=HYPERLINK(\"http://x\")", "-cmd|' /C calc'!A0"])
def test_text_that_could_start_a_formula_gets_an_apostrophe(text):
    frame = formula_inert(pl.DataFrame({"名称": [text]}))
    assert frame["名称"].to_list() == ["'" + text]


@pytest.mark.parametrize("text", ["济南重汽", "-3.5", "+12%", "42", "", "a=b", "—"])
def test_ordinary_text_and_plain_numbers_written_as_text_stay_as_they_are(text):
    assert formula_inert(pl.DataFrame({"名称": [text]}))["名称"].to_list() == [text]


def test_numbers_dates_nulls_and_categories_keep_their_values():
    frame = pl.DataFrame({
        "金额": [-5.0, 3.0], "人数": [-1, 2], "日期": [None, None],
        "类别": pl.Series(["=A1", "A"], dtype=pl.Categorical),
    }).with_columns(pl.col("日期").cast(pl.Date))
    out = formula_inert(frame)
    assert out["金额"].to_list() == [-5.0, 3.0] and out["人数"].to_list() == [-1, 2]
    assert out.schema["金额"] == pl.Float64 and out.schema["人数"] == pl.Int64
    assert out["类别"].to_list() == ["'=A1", "A"]


def _cells(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return book.read("xl/sharedStrings.xml").decode() + book.read(
            "xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("write", [
    lambda frame: xlsx_bytes(frame, sheet="表"),
    lambda frame: xlsx_workbook({"表": frame}),
    lambda frame: xlsx_workbook({"表": frame}, titles={"表": "公示名单"}),
])
def test_every_workbook_writer_and_layout_stores_formula_text_as_a_quoted_string_and_no_formula(write):
    content = write(pl.DataFrame({"名称": ["=1+1"], "值": [-2]}))
    cells = _cells(content)
    assert "<f>" not in cells and "<t>'=1+1</t>" in cells
    titled = pl.read_excel(io.BytesIO(content), read_options={"header_row": 1}) \
        if "公示名单" in cells else pl.read_excel(io.BytesIO(content))
    assert titled["值"].to_list() == [-2]
