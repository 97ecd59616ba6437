import polars as pl

from qiangshi.engine.sizes import industrial_size


def _size(employees, revenue):
    frame = pl.DataFrame({"e": [employees], "r": [revenue]},
                         schema={"e": pl.Int64, "r": pl.Float64})
    return frame.select(industrial_size(pl.col("e"), pl.col("r")))[0, 0]


def test_bands_need_both_lower_bounds():
    assert _size(1000, 40000) == "large"
    assert _size(1000, 39999) == "medium"   # revenue short of 大型 → 中型
    assert _size(5000, 1999) == "small"     # revenue short of 中型 → 小型
    assert _size(300, 2000) == "medium"
    assert _size(20, 300) == "small"
    assert _size(19, 100000) == "micro"
    assert _size(20, 299) == "micro"


def test_unknown_figures_give_no_class():
    assert _size(None, 5000) is None
    assert _size(50, None) is None
