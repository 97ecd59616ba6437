"""Thousands separated the way statistical tables write them, sign and decimals kept."""

import polars as pl
import pytest

from qiangshi.engine.numbers import grouped


@pytest.mark.parametrize(("text", "shown"), [
    ("0.8312", "0.8312"), ("100.0", "100.0"), ("999", "999"), ("1000", "1,000"),
    ("9850.0", "9,850.0"), ("-1234567.8", "-1,234,567.8"), ("123456", "123,456"),
    ("-12", "-12"), (None, None)])
def test_the_whole_part_is_grouped_by_threes_from_the_right(text, shown):
    frame = pl.DataFrame({"t": [text]}, schema={"t": pl.String})
    assert frame.select(grouped(pl.col("t")).alias("shown"))["shown"].item() == shown
