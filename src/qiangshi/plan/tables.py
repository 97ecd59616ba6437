"""The plan as polars tables for the progress engine: indicators, figures, milestones."""

import polars as pl

from qiangshi.engine import progress as engine
from qiangshi.plan.figures.rules import locked_figures
from qiangshi.plan.figures.store import indicator_rules
from qiangshi.plan.models import Indicator, Milestone, Observation, Plan

# Money amounts and yearly counts add up month by month; stocks, shares and rates do not,
# so their year-to-date value is already the estimate for the year.
FLOW_KINDS = {"annual_flow", "cumulative"}


def indicator_table(plan: Plan) -> pl.DataFrame:
    rows = Indicator.objects.filter(plan=plan).values(
        "pk", "code", "kind", "comparator", "target_value", "target_value_high", "target_year",
        "base_value", "base_year", "tolerance", "lower_limit", "upper_limit", "compare_to", "unit",
        "precedence", "observed_as", "direction_method",
    )
    frame = pl.DataFrame(list(rows), schema={
        "pk": pl.Int64, "code": pl.String, "kind": pl.String, "comparator": pl.String,
        "target_value": pl.Float64, "target_value_high": pl.Float64, "target_year": pl.Int32,
        "base_value": pl.Float64, "base_year": pl.Int32, "tolerance": pl.Float64,
        "lower_limit": pl.Float64, "upper_limit": pl.Float64, "compare_to": pl.String,
        "unit": pl.String, "precedence": pl.List(pl.String), "observed_as": pl.String,
        "direction_method": pl.String,
    })
    return frame.with_columns(
        # empty: the city's method, which the service passes as the run's default
        pl.col("direction_method").replace("", None),
        (pl.col("kind").is_in(FLOW_KINDS)
         | ((pl.col("kind") == "level") & pl.col("unit").str.ends_with("元"))).alias("flow"),
        # "高于全市平均水平": the same indicator for the whole city, unless compare_to names
        # another indicator of the plan.
        pl.when(pl.col("compare_to").is_in(frame["code"].implode()))
        .then("compare_to").otherwise("code").alias("compare_to"),
    )


def observation_table(plan: Plan, **only) -> pl.DataFrame:
    """The figures the engine reads, those that count (see `figure_table`): code, region,
    year, month, period_type, value."""
    return counted(figure_table(plan, **only))


def counted(figures: pl.DataFrame) -> pl.DataFrame:
    """Of a `figure_table`, the figures that count, in the columns of `observation_table`."""
    return figures.filter("counted").drop(FIGURE_TRACE)


FIGURE_TRACE = ["observation_id", "source_kind", "source", "rank", "counted"]


def figure_table(plan: Plan, *, code: str | None = None, region: str | None = None
                 ) -> pl.DataFrame:
    """Every figure of the plan (or of one indicator code and region code) with its id, source
    kind, precedence source (a unit's report covered by an approved submission is
    `reported_approved`), rank and whether it is the one that counts for its period
    (engine.progress.precedence; figures compete only within an indicator and region)."""
    only = {"indicator__code": code, "region__code": region}
    rows = Observation.objects.filter(
        indicator__plan=plan, **{name: value for name, value in only.items() if value}
    ).values_list(
        "pk", "source_kind", "indicator__code", "region__code", "year", "month", "period_type",
        "value", "indicator_id", "region_id")
    figures = pl.DataFrame(list(rows), orient="row", schema={
        "observation_id": pl.Int64, "source_kind": pl.String, "code": pl.String,
        "region": pl.String, "year": pl.Int32, "month": pl.Int32, "period_type": pl.String,
        "value": pl.Float64, "indicator_id": pl.Int64, "region_id": pl.Int64,
    })
    approved = locked_figures(plan, indicator_rules(plan)).select(
        *APPROVAL_KEY, pl.lit(True).alias("approved"))
    figures = figures.with_columns(pl.col("year", "month").cast(pl.Int64)).join(
        approved, on=APPROVAL_KEY, how="left")
    return engine.figures_chosen(
        figures.select(
            "observation_id", "source_kind", "code", "region", pl.col("year").cast(pl.Int32),
            pl.col("month").cast(pl.Int32), "period_type", "value",
            pl.when(pl.col("approved").fill_null(False) & (pl.col("source_kind") == REPORTED))
            .then(pl.lit("reported_approved")).otherwise("source_kind").alias("source")),
        engine.precedence_ranks(indicator_table(plan).select("code", "precedence")))


APPROVAL_KEY = ["indicator_id", "region_id", "year", "month", "period_type"]
REPORTED = Observation.SourceKind.REPORTED.value


def milestone_table(plan: Plan) -> pl.DataFrame:
    rows = Milestone.objects.filter(plan_code=plan.code).values_list(
        "indicator_code", "region__code", "year", "value")
    return pl.DataFrame(list(rows), orient="row", schema={
        "code": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64})
