"""Small tables for the assessment engine's hand-worked tests."""

from __future__ import annotations

import polars as pl

from qiangshi.engine.assessment.inputs import indicator_table, unit_table, value_table

# linear 0 → 100 with full 100: the score equals the value, so cases can be read off directly.
IDENTITY = {"method": "linear", "low": 0.0, "high": 100.0}


def tables(
    values: dict[str, dict[str, float | None]], indicators: list[dict], bands: dict[str, str] | None = None
):
    """values: unit → indicator → value; returns (values, indicators, units) typed."""
    rows = [
        {"unit": unit, "indicator": code, "value": value}
        for unit, by_code in values.items()
        for code, value in by_code.items()
    ]
    units = unit_table([{"unit": unit, "band": (bands or {}).get(unit)} for unit in values])
    return value_table(rows), indicator_table(indicators), units


def by_unit(frame: pl.DataFrame, column: str) -> dict:
    return dict(zip(frame["unit"], frame[column], strict=True))
