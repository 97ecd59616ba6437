"""Packaged statistical industry classifications, read with importlib.resources.

Pure reads, no Django.  Every table comes back with string columns only (codes
such as "01" keep their leading zero); see docs/classifications.md for what each
file is, where it came from and what is still unverified.

gbt4754_2017.csv                GB/T 4754-2017 as amended by 第1号修改单 (derived):
                                20 门类, 97 大类, 473 中类, 1,382 小类.
hightech_manufacturing_2017.csv 高技术产业（制造业）分类（2017）: 85 小类 → groups 01–06.
digital_economy_core_2021.csv   数字经济及其核心产业统计分类（2021）, core 大类 01–04:
                                a best-effort mapping, every row verified=N.
industry_groups.yaml            装备制造业, 先进制造业 and the plan's 四大主导支柱产业
                                as configurable prefix lists.
"""

import copy
import io
from functools import cache
from importlib import resources

import polars as pl
import yaml

from qiangshi.engine.classify import classify

TREE_FILE = "gbt4754_2017.csv"
HIGHTECH_FILE = "hightech_manufacturing_2017.csv"
DIGITAL_CORE_FILE = "digital_economy_core_2021.csv"
GROUPS_FILE = "industry_groups.yaml"


def _data(filename: str) -> bytes:
    return resources.files(__package__).joinpath("data", filename).read_bytes()


@cache
def _csv(filename: str) -> pl.DataFrame:
    return pl.read_csv(io.BytesIO(_data(filename)), infer_schema=False)


def industry_tree() -> pl.DataFrame:
    """code, level (门类/大类/中类/小类), name, parent_code, section, note."""
    return _csv(TREE_FILE).clone()


def hightech_table() -> pl.DataFrame:
    """gbt4754_code, code_level, gbt4754_name, hightech_code, hightech_name, verified, note."""
    return _csv(HIGHTECH_FILE).clone()


def digital_core_table() -> pl.DataFrame:
    """gbt4754_code, code_level, gbt4754_name, dalei_code, dalei_name, zhonglei_code,
    zhonglei_name, partial (Y/N), verified (Y/N), confidence, basis."""
    return _csv(DIGITAL_CORE_FILE).clone()


@cache
def _groups() -> dict:
    return yaml.safe_load(_data(GROUPS_FILE).decode("utf-8"))


def industry_groups() -> dict:
    """The configurable lists (version, equipment_manufacturing, advanced_manufacturing,
    pillars); a fresh copy each call, so a caller may edit it."""
    return copy.deepcopy(_groups())


def classify_codes(codes: list[str]) -> list[dict]:
    """engine.classify over the packaged tables, as plain dicts (for the CLI and JSON)."""
    result = classify(
        pl.Series("code", codes, dtype=pl.String),
        tree=industry_tree(), hightech=hightech_table(), digital_core=digital_core_table(),
        groups=industry_groups(),
    )
    return result.to_dicts()
