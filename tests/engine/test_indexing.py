import polars as pl
import pytest

from qiangshi.engine.indexing import growth_to_index

SCHEMA = {"code": pl.String, "region": pl.String, "year": pl.Int32, "month": pl.Int32,
          "period_type": pl.String, "value": pl.Float64}


def _obs(rows):
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def test_yearly_rates_chain_into_an_index_from_the_base_year():
    # 2023 +10 % → 110; 2024 +5 % → 110 × 1.05 = 115.5
    index = growth_to_index(_obs([("T", "370100", 2023, 12, "annual", 10.0),
                                  ("T", "370100", 2024, 12, "annual", 5.0)]), base_year=2022)
    values = dict(index.select("year", "value").iter_rows())
    assert values == {2022: 100.0, 2023: pytest.approx(110.0), 2024: pytest.approx(115.5)}


def test_a_year_to_date_rate_estimates_its_year_from_the_last_full_year():
    # 2024 1–7月 +20 % on 2023's 110 → 132
    index = growth_to_index(_obs([("T", "370100", 2023, 12, "annual", 10.0),
                                  ("T", "370100", 2024, 7, "ytd", 20.0)]), base_year=2022)
    ytd = index.filter(pl.col("period_type") == "ytd")
    assert ytd["value"].to_list() == [pytest.approx(132.0)]


def test_rates_up_to_the_base_year_only_set_the_base():
    index = growth_to_index(_obs([("T", "370100", 2021, 6, "ytd", 24.8),
                                  ("T", "370100", 2022, 12, "annual", 3.0)]), base_year=2022)
    assert index.select("year", "value").rows() == [(2022, 100.0)]


def test_a_ytd_rate_without_the_previous_full_year_is_left_out():
    index = growth_to_index(_obs([("T", "370100", 2025, 4, "ytd", 9.0)]), base_year=2022)
    assert index.filter(pl.col("period_type") == "ytd").is_empty()
