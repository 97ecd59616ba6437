"""Sheets and users for the tests of the target list and the carriers."""

import polars as pl

from qiangshi.chains.services import chains_ensure

NEV = "new-energy-vehicle"
IC = "integrated-circuit"
# Two real USCCs (中国工商银行, 清华大学) for the USCC-keyed tests.
USCC = "91100000100003962T"
OTHER_USCC = "12100000400000624D"


def sheet(columns: dict[str, str], rows: list[dict], name: str) -> dict[str, pl.DataFrame]:
    """One sheet of text cells with the headers of `columns` (all of them, or those the rows
    use when `rows` name fewer)."""
    used = [field for field in columns if any(field in row for row in rows)]
    return {name: pl.DataFrame({columns[f]: [row.get(f, "") for row in rows] for f in used},
                               schema=dict.fromkeys((columns[f] for f in used), pl.String))}


def nodes(code: str) -> list[str]:
    version = next(v for v in chains_ensure() if v.name == code)
    return [node["name"] for node in version.content["nodes"]]
