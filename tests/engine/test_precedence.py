"""The choice of the figure a target is judged on, worked by hand."""

import polars as pl
import pytest

from qiangshi.engine.progress import SOURCES, figures_chosen, precedence_ranks

SCHEMA = {"id": pl.Int64, "code": pl.String, "region": pl.String, "year": pl.Int32,
          "month": pl.Int32, "period_type": pl.String, "value": pl.Float64, "source": pl.String}


def _counted(rows, precedence=None) -> list[int]:
    figures = pl.DataFrame(rows, orient="row", schema=SCHEMA)
    ranks = precedence_ranks(pl.DataFrame(
        {"code": ["A"], "precedence": [precedence]},
        schema={"code": pl.String, "precedence": pl.List(pl.String)}))
    chosen = figures_chosen(figures, ranks)
    assert chosen.height == figures.height
    return sorted(chosen.filter("counted")["id"].to_list())


def _figure(id_, source, year=2024, month=12, period_type="annual", region="370100"):
    return (id_, "A", region, year, month, period_type, float(id_), source)


CASES = {
    "one figure counts whatever its source": ([_figure(1, "demo")], [1]),
    # The December year-to-date report and the annual demo figure are the same period.
    "of two, the approved report over the annual demo figure": (
        [_figure(1, "demo"), _figure(2, "reported_approved", period_type="ytd")], [2]),
    "of three, published first; an unapproved report is below a computed figure": (
        [_figure(1, "computed"), _figure(2, "reported", period_type="ytd"),
         _figure(3, "published", period_type="ytd"), _figure(4, "computed", year=2023),
         _figure(5, "reported", year=2023, period_type="ytd")], [3, 4]),
    "a tie by the same source gives the annual figure": (
        [_figure(1, "demo", period_type="ytd"), _figure(2, "demo")], [2]),
    "other months and regions do not compete": (
        [_figure(1, "demo", month=11, period_type="ytd"), _figure(2, "published"),
         _figure(3, "demo", region="370102")], [1, 2, 3]),
}


@pytest.mark.parametrize(("rows", "counted"), CASES.values(), ids=CASES.keys())
def test_the_figure_of_highest_precedence_counts_for_each_period(rows, counted):
    assert _counted(rows) == counted


def test_an_indicator_precedence_reorders_and_unlisted_sources_follow_in_default_order():
    rows = [_figure(1, "published"), _figure(2, "computed", period_type="ytd")]
    assert _counted(rows, ["computed"]) == [2]
    ranks = precedence_ranks(pl.DataFrame(
        {"code": ["A"], "precedence": [["demo", "computed"]]},
        schema={"code": pl.String, "precedence": pl.List(pl.String)}))
    assert ranks.sort("rank")["source"].to_list() == [
        "demo", "computed", *(s for s in SOURCES if s not in {"demo", "computed"})]


def test_the_default_order_is_published_approved_report_computed_report_demo():
    assert SOURCES == ("published", "reported_approved", "computed", "reported", "demo")
