"""Monthly chain monitoring (plan §20 运行监测体系): each chain's revenue and output year to
date from its firms' monthly figures, growth like for like, and its targets judged by the
progress engine (docs/progress-method.md), so a chain target reads as a plan target does.

Pure: polars tables in, polars tables out. Method version ``chain-monitoring-1``.
"""

import polars as pl

from qiangshi.engine.progress import METHOD_VERSION as PROGRESS_VERSION
from qiangshi.engine.progress import plan_progress

METHOD_VERSION = f"chain-monitoring-1+{PROGRESS_VERSION}"
WAN_PER_YI = 10_000  # figures are kept in 万元, targets are set in 亿元
# A chain is one series, judged on its own; the region column of the progress engine names it.
REGION = "chain"
MONTH_SCHEMA = {"enterprise_id": pl.Int64, "year": pl.Int32, "month": pl.Int32,
                "revenue_ytd": pl.Float64, "output_ytd": pl.Float64}

STATUS_SCHEMA = {
    **dict.fromkeys(["chain", "measure", "status", "status_label", "method", "explanation"], pl.String),
    **dict.fromkeys(["base_year", "latest_year", "latest_month", "target_year"], pl.Int32),
    **dict.fromkeys(["base_value", "latest_value", "current_value", "target_value", "milestone_value",
                     "completion", "projected_value", "observed_growth", "required_growth"], pl.Float64),
}


def chain_months(attachments: pl.DataFrame, monthly: pl.DataFrame) -> pl.DataFrame:
    """chain, year, month, revenue_ytd, output_ytd, firms_reporting and, over the firms that
    also reported the same period last year (like for like), prior_revenue_ytd,
    prior_output_ytd, growth and output_growth (fractions; null without a comparable prior).

    `attachments` (enterprise_id, chain) are the chain's firms, each counted once however many
    nodes it sits on; `monthly` (enterprise_id, year, month, revenue_ytd, output_ytd) the
    firms' 1–N月 figures in 万元."""
    firms = attachments.select(pl.col("chain").cast(pl.String),
                               pl.col("enterprise_id").cast(pl.Int64)).unique()
    figures = monthly.select([pl.col(name).cast(dtype) for name, dtype in MONTH_SCHEMA.items()])
    prior = figures.select("enterprise_id", (pl.col("year") + 1).alias("year"), "month",
                           pl.col("revenue_ytd").alias("_prior_revenue"),
                           pl.col("output_ytd").alias("_prior_output"))
    rows = (figures.join(firms, on="enterprise_id")
            .join(prior, on=["enterprise_id", "year", "month"], how="left"))
    both = pl.col("_prior_revenue").is_not_null()
    compared = both.any()
    prior_revenue = pl.when(compared).then(pl.col("_prior_revenue").filter(both).sum())
    prior_output = pl.when(compared).then(pl.col("_prior_output").filter(both).sum())
    return (
        rows.group_by("chain", "year", "month")
        .agg(pl.col("revenue_ytd").sum(), pl.col("output_ytd").sum(),
             pl.col("enterprise_id").n_unique().alias("firms_reporting"),
             both.sum().alias("firms_compared"),
             prior_revenue.alias("prior_revenue_ytd"), prior_output.alias("prior_output_ytd"),
             pl.when(prior_revenue > 0)
             .then(pl.col("revenue_ytd").filter(both).sum() / prior_revenue - 1).alias("growth"),
             pl.when(prior_output > 0)
             .then(pl.col("output_ytd").filter(both).sum() / prior_output - 1).alias("output_growth"))
        .with_columns(pl.col("firms_reporting", "firms_compared").cast(pl.Int64))
        .sort("chain", "year", "month")
    )


def _observations(months: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """The chain figures as the progress engine reads them, 1–N月 values in 亿元 and 家,
    under the code of each target on them."""
    measures = {"revenue": pl.col("revenue_ytd") / WAN_PER_YI,
                "output": pl.col("output_ytd") / WAN_PER_YI,
                "above_scale_firms": pl.col("firms_reporting").cast(pl.Float64)}
    figures = pl.concat([
        months.select("chain", pl.lit(measure).alias("measure"), "year", "month", value.alias("value"))
        for measure, value in measures.items()])
    return figures.join(indicators.select("code", "chain", "measure"), on=["chain", "measure"]).select(
        "code", pl.lit(REGION).alias("region"), "year", "month", pl.lit("ytd").alias("period_type"),
        "value")


def target_status(months: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    """Each chain target (chain, measure, year, value; one per chain, measure and year) judged
    at the newest month of `months` by ``plan_progress``, as a level to reach (达到): the base
    is the chain's first complete year with figures; revenue and output are flows, so a
    year-to-date figure is projected to the year; 规上企业数 counts the firms reporting
    monthly figures (only 规上 firms report them).

    chain, measure, status, status_label, method, explanation and the engine's numbers
    (base_value, base_year, latest_value, current_value, target_level, milestone_value,
    completion, projected_value, observed_growth, required_growth)."""
    if months.is_empty() or targets.is_empty():
        return pl.DataFrame(schema=STATUS_SCHEMA)
    first_year = months.group_by("chain").agg(pl.col("year").min().alias("base_year"))
    indicators = (
        targets.join(first_year, on="chain", how="left")
        .select("chain", "measure", pl.format("{}|{}|{}", "chain", "measure", "year").alias("code"),
                pl.lit("level").alias("kind"), pl.lit("gte").alias("comparator"),
                pl.col("value").cast(pl.Float64).alias("target_value"),
                pl.col("year").cast(pl.Int32).alias("target_year"),
                pl.col("base_year").cast(pl.Int32), (pl.col("measure") != "above_scale_firms").alias("flow"))
    )
    newest = months.select("year", "month").sort("year", "month").row(-1)
    base_year = int(indicators["base_year"].drop_nulls().min() or newest[0])
    result = plan_progress(
        indicators.drop("chain", "measure"), _observations(months, indicators),
        as_of_year=newest[0], as_of_month=newest[1],
        period_start=base_year + 1, period_end=max(int(indicators["target_year"].max()), newest[0]),
        milestones=None, reference_region=REGION, region_names={})
    return (result.filter(pl.col("region") == REGION)
            .join(indicators.select("code", "chain", "measure"), on="code")
            .select([pl.col(name).cast(dtype) for name, dtype in STATUS_SCHEMA.items()]))
