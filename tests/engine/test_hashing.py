"""The one input hash of every stored run: order-stable, and sensitive to everything that
makes an input different."""

import polars as pl

from qiangshi.engine.hashing import input_hash


def _frame() -> pl.DataFrame:
    # Repeated first-column values: a sort on the first column alone leaves these rows in
    # query order, which is what made two of the old hashes depend on it.
    return pl.DataFrame({
        "uscc": ["A", "A", "B", "B", None],
        "year": [2024, 2023, 2023, 2024, 2024],
        "revenue": [1.5, 2.0, None, 4.0, 5.0],
        "honours": [["high_tech"], [], None, ["srdi", "high_tech"], []],
    })


def test_the_same_rows_in_any_order_give_the_same_hash():
    frame = _frame()
    expected = input_hash(frame, method="m-1")
    assert input_hash(frame.reverse(), method="m-1") == expected
    assert input_hash(frame.sample(fraction=1.0, shuffle=True, seed=3), method="m-1") == expected
    assert input_hash(frame.select(reversed(frame.columns)), method="m-1") == expected


def test_a_changed_value_an_added_row_or_a_removed_row_changes_the_hash():
    frame = _frame()
    expected = input_hash(frame, method="m-1")
    changed = frame.with_columns(pl.col("revenue").fill_null(0.0))
    assert input_hash(changed, method="m-1") != expected
    nested = frame.with_columns(pl.Series("honours", [["high_tech"], [], None, ["srdi"], []]))
    assert input_hash(nested, method="m-1") != expected
    assert input_hash(pl.concat([frame, frame.head(1)]), method="m-1") != expected
    assert input_hash(frame.head(4), method="m-1") != expected


def test_the_schema_counts_a_renamed_column_or_changed_type_changes_the_hash():
    frame = _frame()
    expected = input_hash(frame, method="m-1")
    assert input_hash(frame.rename({"revenue": "income"}), method="m-1") != expected
    assert input_hash(frame.with_columns(pl.col("year").cast(pl.Int32)), method="m-1") != expected
    empty = frame.clear()
    assert input_hash(empty, method="m-1") != input_hash(empty.drop("honours"), method="m-1")


def test_a_changed_method_version_or_parameter_changes_the_hash_but_not_key_order():
    frame = _frame()
    expected = input_hash(frame, method="m-1", parameters={"a": 1, "b": [2, 3]})
    assert input_hash(frame, method="m-2", parameters={"a": 1, "b": [2, 3]}) != expected
    assert input_hash(frame, method="m-1", parameters={"a": 1, "b": [3, 2]}) != expected
    assert input_hash(frame, method="m-1", parameters={"b": [2, 3], "a": 1}) == expected


def test_tables_are_kept_apart_and_parts_cannot_slide_into_each_other():
    one, two = _frame().head(2), _frame().tail(3)
    assert input_hash(one, two, method="m") != input_hash(pl.concat([one, two]), method="m")
    assert input_hash(one, two, method="m") != input_hash(two, one, method="m")
    assert input_hash(method="a|", parameters="b") != input_hash(method="a", parameters="|b")
