"""RCA, proximity and density worked by hand on three regions and three industries.

Revenue: R1 A 10, B 10 · R2 A 10 · R3 C 10 (total 40; A 20, B 10, C 10).
RCA: R1 A = (10/20)/(20/40) = 1 exactly, R1 B = 2, R2 A = 2, R3 C = 4.
Specialised: R1 {A, B}, R2 {A}, R3 {C}; ubiquity A 2, B 1, C 1.
φ(A, B) = 1 region together / max(2, 1) = ½ = min(P(B|A) = ½, P(A|B) = 1); C is found with neither.
"""

from __future__ import annotations

import polars as pl
import pytest

from qiangshi.engine.chains import density, node_density, node_table, proximity, specialisation


def registry(r1_a=10.0):
    return pl.DataFrame(
        {
            "region": ["R1", "R1", "R2", "R3"],
            "industry_code": ["A", "B", "A", "C"],
            "revenue": [r1_a, 10.0, 10.0, 10.0],
        }
    )


def test_rca_is_the_regions_share_of_an_industry_over_the_citys():
    rca = {(r, i): v for r, i, v in specialisation(registry()).iter_rows()}
    assert rca == {("R1", "A"): pytest.approx(1.0), ("R1", "B"): 2.0, ("R2", "A"): 2.0, ("R3", "C"): 4.0}


def test_proximity_is_the_smaller_conditional_probability_of_being_found_together():
    assert proximity(registry()).rows() == [("A", "B", 0.5), ("B", "A", 0.5)]


def test_an_rca_just_below_one_does_not_count_as_specialised():
    # R1 A 9.99 gives RCA 0.9998: A is then specialised only in R2 and never meets B
    assert proximity(registry(r1_a=9.99)).is_empty()


def test_density_is_the_share_of_relatedness_landing_on_the_citys_strong_industries():
    phi = pl.DataFrame(
        {"industry_i": ["A", "A", "B"], "industry_j": ["B", "C", "A"], "phi": [0.5, 0.25, 0.5]}
    )
    result = dict(density(phi, ["B"]).rows())
    assert result == {"A": pytest.approx(0.5 / 0.75), "B": 0.0}


def test_a_nodes_density_is_the_mean_over_its_known_codes_and_null_when_none_is_known():
    nodes = node_table(
        [
            {
                "chain": "c",
                "node": "n1",
                "segment": "上游",
                "codes": ["1111", "2222", "3333"],
                "keywords": [],
            },
            {"chain": "c", "node": "n2", "segment": "中游", "codes": ["4444"], "keywords": []},
        ]
    )
    industry = pl.DataFrame({"industry_code": ["1111", "2222"], "density": [0.2, 0.6]})
    assert node_density(nodes, industry).rows() == [("c", "n1", pytest.approx(0.4)), ("c", "n2", None)]
