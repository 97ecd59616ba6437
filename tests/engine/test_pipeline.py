"""Pipeline figures on five projects worked by hand.

project  district  zone    kind        investment  chain  reserve     started     invested
1        370112    370171  renovation  12,000      no     2023-02-01  2023-05-01  2023: 600, 2024: 900
2        370112    —       renovation  8,000       no     2023-03-01  2024-01-10  2024: 300
3        370102    —       new         50,000      yes    2024-04-01  —           —
4        370102    —       renovation  20,000      no     2024-06-01  2024-08-01  2024: 300
5        370105    —       attracted   9,000       yes    —           —           —
"""

import datetime

import polars as pl
import pytest

from qiangshi.engine.pipeline import pipeline_figures, pipeline_formula_problems

D = datetime.date
PROJECTS = pl.DataFrame({
    "project_id": [1, 2, 3, 4, 5], "city": ["370100"] * 5,
    "region": ["370112", "370112", "370102", "370102", "370105"],
    "zone": ["370171", None, None, None, None],
    "kind": ["renovation", "renovation", "new", "renovation", "attracted"],
    "planned_investment": [12000.0, 8000.0, 50000.0, 20000.0, 9000.0],
    "chain_strengthening": [False, False, True, False, True], "major": [False] * 5,
})
STAGES = pl.DataFrame({
    "project_id": [1, 2, 3, 4, 1, 2, 4, 5],
    "stage": ["reserve", "reserve", "reserve", "reserve", "started", "started", "started", "signed"],
    "on": [D(2023, 2, 1), D(2023, 3, 1), D(2024, 4, 1), D(2024, 6, 1), D(2023, 5, 1),
           D(2024, 1, 10), D(2024, 8, 1), D(2024, 9, 1)],
})
PROGRESS = pl.DataFrame({
    "project_id": [1, 1, 2, 4], "year": [2023, 2024, 2024, 2024], "month": [12, 6, 6, 12],
    "invested_month": [600.0, 900.0, 300.0, 300.0],
}, schema_overrides={"year": pl.Int32, "month": pl.Int32})
FORMULAS = {
    "RESERVE": {"source": "projects", "measure": "count", "stage": "reserve"},
    "BIG-RENOVATION": {"source": "projects", "measure": "count", "stage": "started",
                       "where": {"kind": ["renovation"], "min_investment": 10000}},
    "CHAIN": {"source": "projects", "measure": "count", "stage": "signed",
              "where": {"chain_strengthening": True}},
    "RENOVATION-GROWTH": {"source": "projects", "measure": "growth",
                          "where": {"kind": ["renovation"]}},
}


def _value(result, code, region, year):
    row = result.filter((pl.col("code") == code) & (pl.col("region") == region)
                        & (pl.col("year") == year))
    return None if row.is_empty() else row["value"][0]


def test_projects_are_counted_in_the_year_they_reach_the_stage():
    result = pipeline_figures(PROJECTS, STAGES, PROGRESS, FORMULAS)
    assert _value(result, "RESERVE", "370100", 2023) == 2
    assert _value(result, "RESERVE", "370100", 2024) == 2
    assert _value(result, "RESERVE", "370102", 2024) == 2
    assert _value(result, "RESERVE", "370171", 2023) == 1
    # 亿元以上 (≥ 10,000 万元) renovation starts: project 1 in 2023, project 4 in 2024 (2 is too small).
    assert _value(result, "BIG-RENOVATION", "370100", 2023) == 1
    assert _value(result, "BIG-RENOVATION", "370100", 2024) == 1
    assert _value(result, "CHAIN", "370105", 2024) == 1


def test_investment_growth_compares_consecutive_years():
    result = pipeline_figures(PROJECTS, STAGES, PROGRESS, FORMULAS)
    # Renovation investment: 2023 = 600; 2024 = 900 + 300 + 300 = 1,500 → +150 %.
    assert _value(result, "RENOVATION-GROWTH", "370100", 2024) == pytest.approx(150.0)
    assert _value(result, "RENOVATION-GROWTH", "370100", 2023) is None  # no earlier year


def test_malformed_pipeline_formulas_are_explained():
    assert pipeline_formula_problems({"measure": "count", "stage": "dreaming"})[0].startswith(
        "项目口径 stage")
    assert pipeline_formula_problems({"measure": "count", "stage": "reserve",
                                      "where": {"colour": 1}}) == ["项目口径未知的筛选条件：colour"]
