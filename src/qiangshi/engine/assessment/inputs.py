"""The assessment engine's three input tables, their columns and the checks a caller gets back.

A scheme document (built elsewhere) becomes an indicator table; figures become a long table of
values; the units assessed become a unit table. Every parameter column is nullable and the
defaults that the handbooks and the schemes found use are filled in by :func:`indicator_table`,
so a caller names only what its scheme declares.
"""

from __future__ import annotations

import polars as pl

VALUE_SCHEMA = {"unit": pl.Utf8, "indicator": pl.Utf8, "value": pl.Float64}
UNIT_SCHEMA = {"unit": pl.Utf8, "name": pl.Utf8, "band": pl.Utf8}

# Scheme scoring methods (§B2) and the normalisations of the composite index (OECD/JRC).
SCHEME_METHODS = ("efficacy", "linear", "completion", "rank_points", "count")
NORMALISATIONS = ("minmax", "zscore", "target", "rank")
KINDS = ("normal", "bonus", "deduction", "veto")

# Parameter columns and their defaults (null = no such bound).
PARAMETER_DEFAULTS: dict[str, float | None] = {
    "low": None,  # 功效系数法 不允许值; linear 基数值
    "high": None,  # 功效系数法 满意值; linear 目标值; completion 目标; distance-to-target reference
    "base": 60.0,  # 功效系数法: score at 不允许值
    "span": 40.0,  # 功效系数法: score added between 不允许值 and 满意值
    "full": 100.0,  # score at the target (linear), the 标准分 (completion), the first place (rank_points)
    "at_target": 0.8,  # completion: share of 标准分 earned exactly at the target
    "per_point": 0.5,  # completion: points per percentage point above or below the target
    "step": 3.0,  # rank_points: points lost per place (济宁 100, 97, … 64)
    "per_count": 1.0,  # count: points per unit counted (每新增 1 家规上企业 +1 分)
    "floor": None,  # lowest score the method gives (null: unbounded below)
    "cap": None,  # highest score the method gives (null: unbounded above)
}
INDICATOR_SCHEMA = {
    "indicator": pl.Utf8,
    "name": pl.Utf8,
    "group": pl.Utf8,
    "weight": pl.Float64,
    "direction": pl.Int8,
    "method": pl.Utf8,
    "kind": pl.Utf8,
    **{column: pl.Float64 for column in PARAMETER_DEFAULTS},
}
GROUP_SCHEMA = {"group": pl.Utf8, "weight": pl.Float64}


class AssessmentInputInvalid(ValueError):
    """The tables cannot be assessed; ``problems`` lists every reason in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def indicator_table(rows: list[dict] | pl.DataFrame) -> pl.DataFrame:
    """The indicator table with every column present, typed, and the declared defaults filled.

    Required per row: ``indicator`` and ``method``. Defaults: name = indicator, group "" (one
    group), weight 1, direction +1, kind "normal"; parameters from ``PARAMETER_DEFAULTS``.
    """
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(rows, infer_schema_length=None)
    for column, dtype in INDICATOR_SCHEMA.items():
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=dtype).alias(column))
    frame = frame.select(pl.col(column).cast(dtype) for column, dtype in INDICATOR_SCHEMA.items())
    defaults = {column: value for column, value in PARAMETER_DEFAULTS.items() if value is not None}
    frame = frame.with_columns(
        pl.col("name").fill_null(pl.col("indicator")),
        pl.col("group").fill_null(""),
        pl.col("weight").fill_null(1.0),
        pl.col("direction").fill_null(1),
        pl.col("kind").fill_null("normal"),
        *(pl.col(column).fill_null(value) for column, value in defaults.items()),
    )
    problems = indicator_problems(frame)
    if problems:
        raise AssessmentInputInvalid(problems)
    return frame


def indicator_problems(indicators: pl.DataFrame) -> list[str]:
    """Every reason the indicator table cannot be used, in Chinese (empty when it can)."""
    problems = []
    duplicated = indicators.filter(pl.col("indicator").is_duplicated())["indicator"].unique().sort()
    problems += [f"指标 {code} 重复出现" for code in duplicated]
    methods = (*SCHEME_METHODS, *NORMALISATIONS)
    checks = [
        (pl.col("indicator").is_null(), "缺少指标代码"),
        (~pl.col("method").is_in(methods) | pl.col("method").is_null(), "计分方法无法识别"),
        (~pl.col("kind").is_in(KINDS), "指标类别应为 常规/加分/减分/一票否决"),
        (~pl.col("direction").is_in([1, -1]), "指标方向应为 +1（越高越好）或 −1（越低越好）"),
        (pl.col("weight") < 0, "权重不能为负"),
        (
            pl.col("method").is_in(["efficacy", "linear"])
            & (pl.col("low").is_null() | pl.col("high").is_null() | (pl.col("low") == pl.col("high"))),
            "功效系数法与线性计分须给出两个不同的端点值（不允许值/满意值或基数值/目标值）",
        ),
        (pl.col("method").is_in(["completion", "target"]) & pl.col("high").is_null(), "须给出目标值"),
    ]
    for condition, message in checks:
        bad = indicators.filter(condition)["indicator"].fill_null("（空）")
        problems += [f"指标 {code}：{message}" for code in bad]
    return problems


def value_table(rows: list[dict] | pl.DataFrame) -> pl.DataFrame:
    """The long table of values typed (unit, indicator, value; null value = missing)."""
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(rows, schema=VALUE_SCHEMA)
    return frame.select(pl.col(column).cast(dtype) for column, dtype in VALUE_SCHEMA.items())


def unit_table(rows: list[dict] | pl.DataFrame) -> pl.DataFrame:
    """The unit table typed; name defaults to the unit code, band null = one band for all."""
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(rows, infer_schema_length=None)
    for column, dtype in UNIT_SCHEMA.items():
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=dtype).alias(column))
    frame = frame.select(pl.col(column).cast(dtype) for column, dtype in UNIT_SCHEMA.items())
    duplicated = frame.filter(pl.col("unit").is_duplicated())["unit"].unique().sort()
    if len(duplicated):
        raise AssessmentInputInvalid([f"考核单位 {code} 重复出现" for code in duplicated])
    return frame.with_columns(pl.col("name").fill_null(pl.col("unit")), pl.col("band").fill_null(""))


def group_table(rows: list[dict] | pl.DataFrame | None, indicators: pl.DataFrame) -> pl.DataFrame:
    """Group (一级) weights. Without a table each group weighs the sum of its indicators'
    weights, so the hierarchy gives the same totals as one flat weighted sum."""
    if rows is None:
        normal = indicators.filter(pl.col("kind") == "normal")
        return normal.group_by("group").agg(pl.col("weight").sum()).sort("group")
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(rows, schema=GROUP_SCHEMA)
    return frame.select(pl.col(column).cast(dtype) for column, dtype in GROUP_SCHEMA.items())
