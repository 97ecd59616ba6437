"""Pipeline figures for target monitoring: projects counted by the year they reached a stage,
and the yearly growth of their completed investment, for the city, districts and zones.

A plan formula with `source: projects`:

    {source: projects, measure: count, stage: reserve}                      # 新增储备项目
    {source: projects, measure: count, stage: started,
     where: {kind: [renovation], min_investment: 10000}}                     # 亿元以上技改开工
    {source: projects, measure: count, stage: signed, where: {chain_strengthening: true}}
    {source: projects, measure: growth, where: {kind: [renovation]}}         # 技改投资增长 %

Pure polars; the same output shape as engine.aggregate.compute (code, region, year, value,
firms — here the number of projects).
"""

import polars as pl

from qiangshi.engine.projects import REGISTERED, STAGES

PIPELINE_VERSION = "pipeline-1"
MEASURES = {"count", "growth"}
CONDITIONS = {"kind", "min_investment", "chain_strengthening", "major"}
OUTPUT = {"code": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64,
          "firms": pl.Int64}


def pipeline_formula_problems(formula: dict) -> list[str]:
    problems = []
    if formula.get("measure") not in MEASURES:
        problems.append(f"项目口径 measure 应为 {'、'.join(sorted(MEASURES))} 之一")
    if formula.get("measure") == "count" and formula.get("stage") not in (*STAGES, REGISTERED):
        problems.append(f"项目口径 stage 应为项目阶段之一：{'、'.join(STAGES)}")
    unknown = set(formula.get("where", {})) - CONDITIONS
    if unknown:
        problems.append(f"项目口径未知的筛选条件：{'、'.join(sorted(unknown))}")
    return problems


def _condition(where: dict) -> pl.Expr:
    expr = pl.lit(True)
    if where.get("kind"):
        expr &= pl.col("kind").is_in(where["kind"])
    if "min_investment" in where:
        expr &= pl.col("planned_investment") >= where["min_investment"]
    for flag in ("chain_strengthening", "major"):
        if flag in where:
            expr &= pl.col(flag) == bool(where[flag])
    return expr


def _places(frame: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([frame.with_columns(pl.col(p).alias("place")).filter(pl.col("place").is_not_null())
                      for p in ("city", "region", "zone")])


def pipeline_figures(projects: pl.DataFrame, stages: pl.DataFrame, progress: pl.DataFrame,
                     formulas: dict[str, dict]) -> pl.DataFrame:
    """projects: project_id, city, region, zone, kind, planned_investment, chain_strengthening,
    major; stages: project_id, stage, on (Date); progress: project_id, year, month,
    invested_month."""
    frames = []
    for code, formula in formulas.items():
        chosen = projects.filter(_condition(formula.get("where", {})))
        if formula["measure"] == "count":
            reached = stages.filter(pl.col("stage") == formula["stage"]).select(
                "project_id", pl.col("on").dt.year().cast(pl.Int32).alias("year"))
            result = (_places(chosen.join(reached, on="project_id"))
                      .group_by("place", "year").agg(pl.len().cast(pl.Float64).alias("value"),
                                                     pl.len().alias("firms")))
        else:
            yearly = (_places(chosen.join(progress, on="project_id"))
                      .group_by("place", "year").agg(pl.col("invested_month").sum().alias("total"),
                                                     pl.col("project_id").n_unique().alias("firms"))
                      .sort("place", "year"))
            result = yearly.with_columns(
                pl.col("total").shift(1).over("place").alias("_previous"),
                pl.col("year").shift(1).over("place").alias("_previous_year"),
            ).filter((pl.col("_previous_year") == pl.col("year") - 1) & (pl.col("_previous") > 0)
                     ).with_columns(((pl.col("total") / pl.col("_previous") - 1) * 100).alias("value"))
        frames.append(result.select(pl.lit(code).alias("code"), pl.col("place").alias("region"),
                                    pl.col("year").cast(pl.Int32), pl.col("value").cast(pl.Float64),
                                    pl.col("firms").cast(pl.Int64)))
    return pl.concat(frames).sort("code", "region", "year") if frames else pl.DataFrame(schema=OUTPUT)
