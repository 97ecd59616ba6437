"""Generic cell readers for every import: yes/no, whole numbers, years, USCC codes.

Numbers with units and dates are read by `dataio.validation` (`number`, `date`), beside the
checks that use them. Readers that know one sheet's conventions stay in their app."""

import polars as pl

from qiangshi.dataio.validation import filled
from qiangshi.engine.uscc import uscc_validate

YES = ["是", "Y", "y", "1", "true", "True", "TRUE", "√"]
NO = ["否", "N", "n", "0", "false", "False", "FALSE", ""]


def yes_no(column: str) -> pl.Expr:
    """True / False, or null when the cell is neither a yes nor a no."""
    cell = pl.col(column).fill_null("")
    return (pl.when(cell.is_in(YES)).then(True)
            .when(cell.is_in(NO)).then(False).otherwise(None))


def integer(column: str, dtype: type[pl.DataType] = pl.Int32) -> pl.Expr:
    """A whole number typed as text (full-width digits too) or read from a spreadsheet as
    "3.0"; null otherwise, and null when it does not fit `dtype` (pass the column's width)."""
    return (pl.col(column).str.normalize("NFKC").str.strip_chars().str.replace(r"\.0$", "")
            .cast(dtype, strict=False))


def year(column: str) -> pl.Expr:
    return integer(column)


def bad_year(column: str) -> pl.Expr:
    parsed = year(column)
    return filled(column) & (parsed.is_null() | (parsed < 1949) | (parsed > 2100))


def with_uscc_check(rows: pl.DataFrame) -> pl.DataFrame:
    """Adds uscc_code (normalised, full-width letters and digits as ASCII) and uscc_reason
    (null when valid)."""
    checked = uscc_validate(rows["uscc"].str.normalize("NFKC"))
    return rows.with_columns(
        checked["code"].alias("uscc_code"), checked["reason"].alias("uscc_reason"))
