"""The plan as polars tables for the progress engine: indicators, figures, milestones."""

import polars as pl

from qiangshi.plan.models import Indicator, Milestone, Observation, Plan

# Money amounts and yearly counts add up month by month; stocks, shares and rates do not,
# so their year-to-date value is already the estimate for the year.
FLOW_KINDS = {"annual_flow", "cumulative"}


def indicator_table(plan: Plan) -> pl.DataFrame:
    rows = Indicator.objects.filter(plan=plan).values(
        "pk", "code", "kind", "comparator", "target_value", "target_value_high", "target_year",
        "base_value", "base_year", "tolerance", "lower_limit", "upper_limit", "compare_to", "unit",
    )
    frame = pl.DataFrame(list(rows), schema={
        "pk": pl.Int64, "code": pl.String, "kind": pl.String, "comparator": pl.String,
        "target_value": pl.Float64, "target_value_high": pl.Float64, "target_year": pl.Int32,
        "base_value": pl.Float64, "base_year": pl.Int32, "tolerance": pl.Float64,
        "lower_limit": pl.Float64, "upper_limit": pl.Float64, "compare_to": pl.String,
        "unit": pl.String,
    })
    return frame.with_columns(
        (pl.col("kind").is_in(FLOW_KINDS)
         | ((pl.col("kind") == "level") & pl.col("unit").str.ends_with("元"))).alias("flow"),
        # "高于全市平均水平": the same indicator for the whole city, unless compare_to names
        # another indicator of the plan.
        pl.when(pl.col("compare_to").is_in(frame["code"].implode()))
        .then("compare_to").otherwise("code").alias("compare_to"),
    )


def observation_table(plan: Plan) -> pl.DataFrame:
    """The plan's figures as the engine reads them: code, region, year, month, period_type,
    value (`figure_table` adds each figure's id and source kind, for tracing)."""
    return figure_table(plan).drop(FIGURE_TRACE)


FIGURE_TRACE = ["observation_id", "source_kind"]


def figure_table(plan: Plan) -> pl.DataFrame:
    rows = Observation.objects.filter(indicator__plan=plan).values_list(
        "pk", "source_kind", "indicator__code", "region__code", "year", "month", "period_type",
        "value")
    return pl.DataFrame(list(rows), orient="row", schema={
        "observation_id": pl.Int64, "source_kind": pl.String, "code": pl.String,
        "region": pl.String, "year": pl.Int32, "month": pl.Int32, "period_type": pl.String,
        "value": pl.Float64,
    })


def milestone_table(plan: Plan) -> pl.DataFrame:
    rows = Milestone.objects.filter(plan_code=plan.code).values_list(
        "indicator_code", "region__code", "year", "value")
    return pl.DataFrame(list(rows), orient="row", schema={
        "code": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64})
