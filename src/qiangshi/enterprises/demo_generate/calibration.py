"""The calibration of the synthetic Jinan, read once from the packaged files in
``enterprises/demo_data/`` (sources: /work/shared/reference/data/jinan_indicators.csv and
jinan-statistics.md):

* ``city_totals.csv``: the yearly city totals (万元) the firms add up to, each with the note
  saying whether it is published, derived or estimated;
* ``profiles.csv``: per industry group, the ratios of `Profile`;
* ``divisions.csv``: 大类 → profile group, share of industrial firms (%) and name words;
* ``districts.csv``: district weights for industrial and software firms;
* ``honours.csv`` and ``tier_honours.csv``: honours and the awards behind the tier rules'
  直通 conditions, with the distinct firms holding them at 10,000 firms;
* ``industries.yaml`` (name words, profiles and weights of some 小类, the anchor firms,
  district affinities, growth, the season) and ``firms.yaml`` (zones, tags, listings, honour
  start years, the characters of names and addresses).

The model's own parameters (thresholds, Pareto exponents, entry and exit rates) are constants
below, each with its reason.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from typing import Any, NamedTuple

import yaml

DEMO_SOURCE = "演示数据（合成）"

TARGET_GROWTH_OUTSIDE = 0.05  # years beyond the tables: ±5 % a year from the nearest entry
ABOVE_SCALE_THRESHOLD = 2_000.0  # 主营业务收入, 万元 (NBS since 2011)
FLOOR = 2_250.0  # 规上 firms' revenue floor: 主营业务收入 ≥ 0.9 × 2,250 > 2,000
SMALL_CAP = 1_990.0  # non-规上 industrial firms stay below the threshold
SOFTWARE_FLOOR = 30.0
SOFTWARE_SHARE = 0.2
PARETO_ALPHA = 1.2
SOFTWARE_ALPHA = 1.4
ENTRY_RATE = 0.06  # share of `above_scale` entering each year
EXIT_RATE = 0.025
FIRST_HONOUR_YEAR = 2018
RD_INSTITUTION = "研发机构（工程技术研究中心、重点实验室等）"
# Organisation bases issued since the USCC reform (2015-10) start with "MA".
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class Profile(NamedTuple):
    """Per industry group: 万元 revenue per employee, profit margin, 增加值率, assets/revenue,
    per 万元 revenue: tce, 万kWh, m³, tonnes of pollutants; R&D rate, export probability,
    technology bonus (honours), revenue per 亩, size affinity (large firms lean this way)."""

    productivity: float
    margin: float
    va_rate: float
    assets: float
    tce: float
    kwh: float
    water: float
    emissions: float
    rd: float
    export: float
    tech: float
    land_yield: float
    size: float


_INTEGER = re.compile(r"-?\d+")


def _text(name: str) -> str:
    return (resources.files("qiangshi.enterprises") / "demo_data" / name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name))))


def _number(text: str) -> Any:
    """A cell as the number it was written as (an integer stays an int: the draws that use it
    must see the same values as before it moved to a file); empty → None."""
    if text == "":
        return None
    return int(text) if _INTEGER.fullmatch(text) else float(text)


def _totals() -> dict[str, dict[int, tuple[float, str]]]:
    totals: dict[str, dict[int, tuple[float, str]]] = {}
    for row in _rows("city_totals.csv"):
        totals.setdefault(row["series"], {})[int(row["year"])] = (_number(row["value"]), row["note"])
    return totals


_TOTALS = _totals()
ABOVE_SCALE_REVENUE = _TOTALS["above_scale_revenue"]  # 规上工业营业收入
EQUIPMENT_REVENUE = _TOTALS["equipment_revenue"]  # 装备制造业营业收入 (大类 33–40, as industry_groups.yaml)
ABOVE_SCALE_PROFIT = _TOTALS["above_scale_profit"]  # 规上工业利润总额
SOFTWARE_REVENUE = _TOTALS["software_revenue"]  # 软件业务收入, carried by the 大类 65 firms

PROFILES = {row["group"]: Profile(*(_number(row[field]) for field in Profile._fields))
            for row in _rows("profiles.csv")}
# 大类 → (profile group, share of industrial firms in %, name words).
DIVISIONS = {row["division"]: (row["profile"], _number(row["share"]), row["words"].split("、"))
             for row in _rows("divisions.csv")}
_DISTRICTS = _rows("districts.csv")
DISTRICT_WEIGHTS = {
    "ind": {row["district"]: _number(row["industrial_weight"]) for row in _DISTRICTS},
    "soft": {row["district"]: _number(row["software_weight"]) for row in _DISTRICTS},
}
# Honours: (label, level, distinct firms at 10,000 firms, validity in years or None). Jinan's
# real counts cover all sectors; these are scaled to the firms generated.
HONOURS = [(row["kind"], row["level"], _number(row["firms"]), _number(row["validity_years"]))
           for row in _rows("honours.csv")]
# (label, level, distinct firms at 10,000 firms, least 营业收入 in last_year (万元), ranks
# (best, worst) or None). Made from their own random stream after the honours above, which
# therefore stay as they were.
TIER_HONOURS = [
    (row["kind"], row["level"], _number(row["firms"]), _number(row["least_revenue"]),
     (_number(row["rank_best"]), _number(row["rank_worst"])) if row["rank_best"] else None)
    for row in _rows("tier_honours.csv")
]

_INDUSTRIES = yaml.safe_load(_text("industries.yaml"))
NAME_OVERRIDES: dict[str, list[str]] = _INDUSTRIES["name_overrides"]
PROFILE_OVERRIDES: dict[str, str] = _INDUSTRIES["profile_overrides"]
PREFERRED: dict[str, float] = _INDUSTRIES["preferred"]
ANCHORS = [tuple(anchor) for anchor in _INDUSTRIES["anchors"]]
DISTRICT_AFFINITY: dict[str, dict[str, float]] = _INDUSTRIES["district_affinity"]
GROWTH: dict[str, dict[int, float]] = _INDUSTRIES["growth"]
SEASON: dict[int, float] = _INDUSTRIES["season"]

_FIRMS = yaml.safe_load(_text("firms.yaml"))
ZONES = [(zone["code"], zone["share"], zone["districts"]) for zone in _FIRMS["zones"]]
TAG_COUNTS: dict[str, int] = _FIRMS["tag_counts"]
LISTED: int = _FIRMS["listed"]
EXCHANGES: dict[str, float] = _FIRMS["exchanges"]
HONOUR_START: dict[str, int] = _FIRMS["honour_start"]
ZIHAO_FIRST = list(_FIRMS["zihao_first"])
ZIHAO_SECOND = list(_FIRMS["zihao_second"])
ROADS: list[str] = _FIRMS["roads"]
