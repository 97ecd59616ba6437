import polars as pl

from qiangshi.dataio.merge import (
    CHANGED,
    FLOAT,
    NEW,
    UNCHANGED,
    Tolerance,
    compare,
    counted,
    field_tolerance,
)
from qiangshi.enterprises.models import Enterprise, Fact
from qiangshi.plan.models import Observation


def _compare(new_values, stored_values, field="revenue", model=Fact, **options):
    new = pl.DataFrame({"key": list(range(len(new_values))), field: new_values,
                        f"_given_{field}": [True] * len(new_values)},
                       schema={"key": pl.Int64, field: pl.Float64, f"_given_{field}": pl.Boolean})
    stored = pl.DataFrame({"stored_id": [k + 100 for k in range(len(stored_values))],
                           "key": list(range(len(stored_values))), field: stored_values},
                          schema={"stored_id": pl.Int64, "key": pl.Int64, field: pl.Float64})
    return compare(new, stored, on=["key"], fields=[field], id_column="stored_id", model=model,
                   **options)


def test_each_row_is_new_changed_or_unchanged():
    compared = _compare([1.0, 2.0, 3.0], [1.0, 2.5])
    assert compared["_change"].to_list() == [UNCHANGED, CHANGED, NEW]
    assert counted(compared) == (1, 1)


def test_money_within_half_a_cent_is_unchanged_and_beyond_it_changed():
    compared = _compare([100.004, 100.006], [100.0, 100.0])
    assert compared["_change"].to_list() == [UNCHANGED, CHANGED]


def test_a_float_field_compares_relative_to_its_size():
    big = float("123456789.1234567")
    compared = _compare([float("123456789.12345671"), big + 1], [big, big], field="value",
                        model=Observation)
    assert compared["_change"].to_list() == [UNCHANGED, CHANGED]


def test_a_stored_value_against_an_empty_one_is_a_change():
    compared = _compare([None], [5.0])
    assert compared["_change"].to_list() == [CHANGED]


def test_an_importer_may_set_a_fields_tolerance():
    compared = _compare([100.4], [100.0], tolerance={"revenue": Tolerance(absolute=0.5)})
    assert compared["_change"].to_list() == [UNCHANGED]


def test_the_tolerance_comes_from_the_stored_field():
    assert field_tolerance(Fact, "revenue") == Tolerance(absolute=0.005)
    assert field_tolerance(Observation, "value") == FLOAT
    assert field_tolerance(Fact, "employees") is None
    assert field_tolerance(Enterprise, "region_id") is None
