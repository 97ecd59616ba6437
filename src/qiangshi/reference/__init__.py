"""Packaged reference data, read with importlib.resources. No Django here.

regions.csv  Jinan's administrative divisions by GB/T 2260 code (after the 2019
             merger of 莱芜), 370171 for 济南高新区 as in the statistical division
             codes, and functional zones that have no national code under
             internal codes ending in Z01…, marked official_code=N.
units.csv    the responsible units (责任单位) named in the plan's task list, with
             short names and aliases for matching imported text, plus one
             government or management committee per region.
"""

import csv
import io
from dataclasses import dataclass
from importlib import resources

REGION_KINDS = {"city", "district", "county", "zone"}
UNIT_KINDS = {"party", "department", "office", "government", "zone_admin", "central", "collective"}


@dataclass(frozen=True)
class RegionRecord:
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str
    official_code: bool
    note: str
    sort_order: int


@dataclass(frozen=True)
class UnitRecord:
    code: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    kind: str
    region_code: str
    sort_order: int


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def regions() -> tuple[RegionRecord, ...]:
    return tuple(
        RegionRecord(
            code=row["code"], name=row["name"], short_name=row["short_name"], kind=row["kind"],
            parent_code=row["parent_code"], official_code=row["official_code"] == "Y",
            note=row["note"], sort_order=index,
        )
        for index, row in enumerate(_rows("regions.csv"), start=1)
    )


def units() -> tuple[UnitRecord, ...]:
    return tuple(
        UnitRecord(
            code=row["code"], name=row["name"], short_name=row["short_name"],
            aliases=tuple(a for a in row["aliases"].split("|") if a), kind=row["kind"],
            region_code=row["region_code"], sort_order=index,
        )
        for index, row in enumerate(_rows("units.csv"), start=1)
    )
