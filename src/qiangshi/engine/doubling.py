"""倍增计划: choosing firms for the doubling pool and following them towards doubling.

The plan (task 11) asks the city to choose 20 firms a year "增长潜力大、创新能力强、项目前景好、
具备较强倍增意愿" and the districts 100 a year, and to follow each towards doubling its revenue
(规模) and profit (效益). Pure functions over polars tables: no Django, no I/O, no Python loop
over firms.

Selection score (`selection_scores`), one row per candidate, from four parts named by the plan:

- growth 增长潜力: compound yearly revenue growth over the last two years,
  ``(revenue / revenue_two_years_before) ** 0.5 − 1``; known when the earlier revenue is > 0.
- innovation 创新能力: R&D intensity of the latest year in per cent, ``100 × rd_expense /
  revenue``, plus ``HONOUR_BONUS`` points per honour in force (at most ``HONOUR_BONUS_CAP``
  honours count); known when R&D expense is reported and revenue > 0. A firm with no honour
  on record holds none, so a null honour count is 0.
- projects 项目前景: planned investment of the firm's active projects over its revenue; known
  when the planned investment is (0 means the pipeline lists no active project) and revenue > 0.
- willingness 倍增意愿: recorded by the district, 强/一般/弱 → 1 / 0.5 / 0.

Each part is scaled to 0–100 by percentile rank among the candidates whose part is known:
``100 × (rank − 1) / (n − 1)``, ties sharing their average rank (n = 1 gives 50). Ranks make
parts measured in per cent, ratios and an ordinal judgement comparable, and are robust to
outliers: a firm whose revenue grew ninefold from a tiny base ranks first but does not
squash every other firm towards zero as min–max scaling would. A part where every firm is
equal gives each 50 and so favours nobody. A part that is not known scores 0 and is named in
``missing``: it is never taken for a real zero silently. The total is the weighted mean of
the part scores (weights are relative; `DEFAULT_WEIGHTS` is a platform default, not from a
policy document). Rank 1 is the highest total; equal totals share the better rank.

Doubling progress (`doubling_progress`), one row per pooled firm and measure (revenue,
profit), against the base-year value snapshot at intake:

- latest: the newest year after the base year with a value for the measure;
- multiple = latest / base; progress = (latest − base) / base (1.0 = doubled);
- required_growth = 2 ** (1 / target_years) − 1: the yearly growth that doubles the base in
  `target_years`; actual_growth = multiple ** (1 / (latest_year − base_year)) − 1, the
  compound growth so far (null when the latest value is not positive);
- expected_progress = 2 ** ((latest_year − base_year) / target_years) − 1: where the path that
  doubles in `target_years` stands at the latest year;
- on_track: actual_growth ≥ required_growth, i.e. progress ≥ expected_progress (False when
  the latest value is not positive);
- remaining_growth: the yearly growth still needed from the latest value to double by the
  target year (0 once doubled, null when no year is left);
- years_left = base_year + target_years − latest_year (never below 0);
- doubled: latest ≥ 2 × base;
- status (see `STATUS_LABELS`): a base that is missing or not positive (a loss-making base
  year: doubling a loss means nothing) and a firm with no figure after the base year are
  reported as such, with the figures left null.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import polars as pl

SELECTION_METHOD_VERSION = "doubling-selection-1"
PROGRESS_METHOD_VERSION = "doubling-progress-1"

PARTS: tuple[str, ...] = ("growth", "innovation", "projects", "willingness")
PART_LABELS: dict[str, str] = {
    "growth": "增长潜力", "innovation": "创新能力", "projects": "项目前景", "willingness": "倍增意愿",
}
#: Platform default, configurable per selection; the plan names the parts but not weights.
DEFAULT_WEIGHTS: dict[str, float] = {
    "growth": 0.4, "innovation": 0.3, "projects": 0.2, "willingness": 0.1,
}
#: Innovation points per honour in force (高新技术企业, 专精特新 …), in R&D-intensity per cent:
#: a recognised firm counts as much as one more point of R&D spending per honour.
HONOUR_BONUS = 1.0
HONOUR_BONUS_CAP = 3
WILLINGNESS_VALUES: dict[str, float] = {"strong": 1.0, "normal": 0.5, "weak": 0.0}

CANDIDATE_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.Int64(), "revenue": pl.Float64(),
    "revenue_two_years_before": pl.Float64(), "rd_expense": pl.Float64(),
    "honours": pl.Int64(), "planned_investment": pl.Float64(), "willingness": pl.String(),
}

MEASURES: tuple[str, ...] = ("revenue", "profit")
MEASURE_LABELS: dict[str, str] = {"revenue": "营业收入", "profit": "利润总额"}
STATUS_LABELS: dict[str, str] = {
    "doubled": "已倍增",
    "on_track": "进度正常",
    "behind": "进度落后",
    "no_data": "基期后暂无数据",
    "base_not_positive": "基期值不为正，倍增无定义",
    "no_base": "基期无数据",
}
MEMBER_SCHEMA: dict[str, pl.DataType] = {
    "member_id": pl.Int64(), "enterprise_id": pl.Int64(), "base_year": pl.Int32(),
    "base_revenue": pl.Float64(), "base_profit": pl.Float64(),
}
FACT_SCHEMA: dict[str, pl.DataType] = {
    "enterprise_id": pl.Int64(), "year": pl.Int32(), "revenue": pl.Float64(),
    "profit": pl.Float64(),
}


def weights_checked(weights: Mapping[str, float]) -> dict[str, float]:
    """The weights of every part (absent parts weigh 0), refusing what cannot be a weight."""
    unknown = set(weights) - set(PARTS)
    if unknown:
        raise ValueError(f"未知的评分项：{'、'.join(sorted(unknown))}")
    checked = {part: float(weights.get(part, 0.0)) for part in PARTS}
    if any(not (math.isfinite(value) and value >= 0) for value in checked.values()):
        raise ValueError("权重应为不小于 0 的数，不能为负数")
    if sum(checked.values()) <= 0:
        raise ValueError("权重不能全为 0")
    return checked


def _percentile(value: pl.Expr) -> pl.Expr:
    known = value.count()
    scaled = (value.rank("average") - 1) / (known - 1) * 100
    return (pl.when(value.is_null()).then(0.0)
            .when(known == 1).then(50.0)
            .otherwise(scaled))


def selection_scores(candidates: pl.DataFrame, weights: Mapping[str, float]) -> pl.DataFrame:
    """candidates: CANDIDATE_SCHEMA columns (others are carried through). Adds
    ``<part>_value`` (the raw figure), ``<part>_score`` (0–100), ``total``, ``rank`` and
    ``missing`` (the parts not known), sorted by rank."""
    weights = weights_checked(weights)
    revenue = pl.col("revenue")
    values = {
        "growth": pl.when((pl.col("revenue_two_years_before") > 0) & (revenue >= 0))
        .then((revenue / pl.col("revenue_two_years_before")).sqrt() - 1),
        "innovation": pl.when(pl.col("rd_expense").is_not_null() & (revenue > 0))
        .then(100 * pl.col("rd_expense") / revenue
              + HONOUR_BONUS * pl.col("honours").fill_null(0).clip(0, HONOUR_BONUS_CAP)),
        "projects": pl.when(pl.col("planned_investment").is_not_null() & (revenue > 0))
        .then(pl.col("planned_investment") / revenue),
        "willingness": pl.col("willingness").replace_strict(WILLINGNESS_VALUES,
                                                            return_dtype=pl.Float64),
    }
    total_weight = sum(weights.values())
    return (
        candidates.with_columns(**{f"{part}_value": expr for part, expr in values.items()})
        .with_columns(**{f"{part}_score": _percentile(pl.col(f"{part}_value")) for part in PARTS})
        .with_columns(
            total=pl.sum_horizontal([weights[p] * pl.col(f"{p}_score") for p in PARTS])
            / total_weight,
            missing=pl.concat_list([pl.when(pl.col(f"{p}_value").is_null()).then(pl.lit(p))
                                    for p in PARTS]).list.drop_nulls(),
        )
        .with_columns(rank=pl.col("total").rank("min", descending=True).cast(pl.Int64))
        .sort("rank", "enterprise_id")
    )


def required_growth(target_years: int) -> float:
    """The yearly growth that doubles a figure in `target_years`."""
    if target_years < 1:
        raise ValueError("倍增目标年限至少为 1 年")
    return 2 ** (1 / target_years) - 1


def doubling_progress(members: pl.DataFrame, facts: pl.DataFrame, *,
                      target_years: int) -> pl.DataFrame:
    """members: MEMBER_SCHEMA; facts: FACT_SCHEMA (one row per firm-year). One row per member
    and measure, sorted by member and measure; see the module text for each column."""
    required = required_growth(target_years)
    bases = pl.concat([
        members.select("member_id", "enterprise_id", "base_year",
                       pl.lit(measure).alias("measure"), pl.col(f"base_{measure}").alias("base"))
        for measure in MEASURES
    ])
    values = (facts.unpivot(on=list(MEASURES), index=["enterprise_id", "year"],
                            variable_name="measure", value_name="value")
              .filter(pl.col("value").is_not_null()))
    latest = (bases.join(values, on=["enterprise_id", "measure"])
              .filter(pl.col("year") > pl.col("base_year"))
              .sort("year")
              .group_by("member_id", "measure")
              .agg(pl.col("year").last().alias("latest_year"),
                   pl.col("value").last().alias("latest")))
    base, latest_value = pl.col("base"), pl.col("latest")
    comparable = (base > 0) & latest_value.is_not_null()
    elapsed = pl.col("latest_year") - pl.col("base_year")
    target_year = pl.col("base_year") + target_years
    frame = (bases.join(latest, on=["member_id", "measure"], how="left")
             .with_columns(
                 multiple=pl.when(comparable).then(latest_value / base),
                 years_left=(target_year - pl.coalesce("latest_year", "base_year")).clip(0),
                 doubled=pl.when(comparable).then(latest_value >= 2 * base),
                 required_growth=pl.lit(required),
                 expected_progress=2 ** (elapsed / target_years) - 1,
             )
             .with_columns(
                 progress=pl.col("multiple") - 1,
                 actual_growth=pl.when(comparable & (latest_value > 0))
                 .then(pl.col("multiple") ** (1 / elapsed) - 1),
                 remaining_growth=pl.when(pl.col("doubled")).then(0.0)
                 .when(comparable & (latest_value > 0) & (pl.col("years_left") > 0))
                 .then((2 * base / latest_value) ** (1 / pl.col("years_left")) - 1),
             )
             .with_columns(on_track=pl.when(comparable).then(
                 (latest_value > 0) & (pl.col("actual_growth") >= required))))
    return frame.with_columns(
        status=pl.when(base.is_null()).then(pl.lit("no_base"))
        .when(base <= 0).then(pl.lit("base_not_positive"))
        .when(latest_value.is_null()).then(pl.lit("no_data"))
        .when(pl.col("doubled")).then(pl.lit("doubled"))
        .when(pl.col("on_track")).then(pl.lit("on_track"))
        .otherwise(pl.lit("behind")),
    ).select(
        "member_id", "enterprise_id", "measure", "base_year", "base", "latest_year", "latest",
        "multiple", "progress", "expected_progress", "required_growth", "actual_growth",
        "remaining_growth", "on_track", "years_left", "doubled", "status",
    ).sort("member_id", "measure")
