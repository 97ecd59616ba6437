"""Project pipeline (建设项目监测调度): lifecycle transitions and stall detection.

A project moves through the stages of STAGES in order:

    谋划 planning → 储备 reserve → 签约 signed → 开工 started → 在建 building
    → 竣工 completed → 投产 producing → 纳统 counted (the owner firm entered 规上 statistics)

and, separately, 入库 registered (in fixed-asset investment statistics; required for
projects with planned investment ≥ 500 万元) once it has started.

`transition_problem` says, in Chinese, why a stage change is impossible (None when allowed).
`stalls` lists the projects stuck at a stage longer than the rules allow, one row per
(project, rule). Pure functions over polars tables: no Django import, no I/O, no Python
loop over projects.

Stalls (`stalls`, only dates on or before `as_of` count; a stage date after `as_of` is
treated as not yet reached, and the project's stage is then the highest stage reached
by `as_of`):

- signed_not_started 签约未开工: signed, not started, (as_of − signed_on) > days;
  days_overdue = elapsed − days (so the day `days` itself is not yet overdue).
- started_not_registered 在建未入库: started, not registered, planned_investment ≥
  min_investment, (as_of − started_on) > days; days_overdue = elapsed − days.
- completed_not_producing 竣工未投产: completed, not producing, (as_of − completed_on) > days;
  days_overdue = elapsed − days.
- producing_not_counted 投产未纳统: producing, not counted, owner not 规上 (null = not 规上), and
  either owner_revenue ≥ revenue_threshold (stalled at once; days_overdue = days since
  producing_on) or as_of > producing_on + `months` calendar months (month ends clamp:
  2024-02-29 + 12 months = 2025-02-28; days_overdue = (as_of − that date).days). When
  both hold, the revenue branch gives the figure.
- investment_behind 投资进度滞后: year_plan > 0, stage 开工 or 在建 at as_of, and the investment
  completed in as_of's year up to and including as_of's month is below
  (1 − percent/100) × year_plan × month/12, both compared exact (engine.exact: on the line is
  not behind). behind_percent = 100 × (expected − done) / expected where expected =
  year_plan × month/12; days_overdue = as_of.day (days into the month of as_of, a simple "how
  long this month" figure).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from qiangshi.engine.exact import exact

PROJECTS_VERSION = "projects-1"

STAGES: tuple[str, ...] = (
    "planning", "reserve", "signed", "started", "building", "completed", "producing", "counted",
)
STAGE_LABELS: dict[str, str] = {
    "planning": "谋划",
    "reserve": "储备",
    "signed": "签约",
    "started": "开工",
    "building": "在建",
    "completed": "竣工",
    "producing": "投产",
    "counted": "纳统",
}
REGISTERED = "registered"
REGISTERED_LABEL = "入库"

DEFAULT_RULES: dict[str, dict[str, Any]] = {
    "signed_not_started": {"days": 90},
    "started_not_registered": {"days": 30, "min_investment": 500},
    "completed_not_producing": {"days": 90},
    "producing_not_counted": {"months": 12, "revenue_threshold": 2000},
    "investment_behind": {"percent": 20},
}
RULE_LABELS: dict[str, str] = {
    "signed_not_started": "签约未开工",
    "started_not_registered": "在建未入库",
    "completed_not_producing": "竣工未投产",
    "producing_not_counted": "投产未纳统",
    "investment_behind": "投资进度滞后",
}

# stage → the projects column holding the date it was reached (building shares 开工's date)
STAGE_DATE_COLUMNS: dict[str, str] = {
    "signed": "signed_on",
    "started": "started_on",
    "building": "started_on",
    "completed": "completed_on",
    "producing": "producing_on",
    "counted": "counted_on",
}
DATE_COLUMNS = ("signed_on", "started_on", "registered_on", "completed_on", "producing_on", "counted_on")

PROJECT_COLUMNS = (
    "project_id", "name", "unit", "region", "stage", "planned_investment", *DATE_COLUMNS,
    "owner_above_scale", "owner_revenue", "year_plan",
)
PROGRESS_COLUMNS = ("project_id", "year", "month", "invested_month")

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "project_id": pl.Int64(),
    "name": pl.String(),
    "rule": pl.String(),
    "rule_label": pl.String(),
    "stage": pl.String(),
    "stage_label": pl.String(),
    "days_overdue": pl.Int64(),
    "unit": pl.String(),
    "region": pl.String(),
    "detail": pl.String(),
    "behind_percent": pl.Float64(),
}

_INDEX = {s: i for i, s in enumerate(STAGES)}
# a move to these stages needs the project to have reached `started` already (or to move to it)
_NEEDS: dict[str, str] = {"building": "started", "completed": "started", "producing": "started",
                          "counted": "producing"}


# ---------------------------------------------------------------------------------------------
# transitions


def _label(stage: str) -> str:
    return REGISTERED_LABEL if stage == REGISTERED else STAGE_LABELS.get(stage, stage)


def transition_problem(
    current_stage: str | None,
    new_stage: str,
    *,
    dates: dict[str, date],
    new_date: date,
    today: date | None = None,
) -> str | None:
    """Why the project cannot move from `current_stage` to `new_stage` on `new_date`; None if it can.

    `current_stage` is None for a project not yet in the pipeline. `dates` maps the stages
    already reached (keys of STAGES, or "registered") to their dates. A stage moves forward
    one or more steps (谋划 → 储备, 签约 → 开工 directly are fine), never backward nor to
    itself; 在建, 竣工 and 投产 need 开工 reached first, 纳统 needs 投产. `new_stage` may also
    be "registered" (入库), allowed once the project has started and only once. The date may
    not be earlier than the date of the latest stage reached before the new one, nor later
    than `today` when given.
    """
    if new_stage != REGISTERED and new_stage not in _INDEX:
        return f"未知的项目阶段：{new_stage}"
    if current_stage is not None and current_stage not in _INDEX:
        return f"未知的当前阶段：{current_stage}"
    current = -1 if current_stage is None else _INDEX[current_stage]

    if new_stage == REGISTERED:
        if current < _INDEX["started"]:
            return "尚未开工，不能入库"
        if dates.get(REGISTERED) is not None:
            return f"已于 {dates[REGISTERED].isoformat()} 入库，不能重复入库"
        previous = ["started"]
    else:
        target = _INDEX[new_stage]
        if current_stage is not None and target < current:
            return f"不能从{_label(current_stage)}退回到{_label(new_stage)}"
        if current_stage is not None and target == current:
            return f"项目已处于{_label(new_stage)}阶段"
        need = _NEEDS.get(new_stage)
        if need is not None and current < _INDEX[need]:
            verb = {"started": "开工", "producing": "投产"}[need]
            return f"尚未{verb}，不能{'转为' if new_stage == 'building' else ''}{_label(new_stage)}"
        previous = [s for s in STAGES[:target] if s != new_stage]

    for stage in reversed(previous):  # the latest stage reached before the new one
        when = dates.get(stage)
        if when is not None:
            if new_date < when:
                return f"日期早于{_label(stage)}日期 {when.isoformat()}"
            break
    if today is not None and new_date > today:
        return f"日期 {new_date.isoformat()} 晚于今天 {today.isoformat()}"
    return None


# ---------------------------------------------------------------------------------------------
# stalls


def _merge_rules(rules: dict | None) -> dict[str, dict[str, Any] | None]:
    """DEFAULT_RULES updated by `rules`: a rule's parameters override the defaults; None disables it."""
    merged: dict[str, dict[str, Any] | None] = {k: dict(v) for k, v in DEFAULT_RULES.items()}
    for key, value in (rules or {}).items():
        if key not in DEFAULT_RULES:
            raise ValueError(f"未知的预警规则：{key}（可用：{'、'.join(DEFAULT_RULES)}）")
        if value is None:
            merged[key] = None
            continue
        unknown = set(value) - set(DEFAULT_RULES[key])
        if unknown:
            raise ValueError(f"规则 {key} 没有参数 {'、'.join(sorted(unknown))}")
        merged[key] = {**DEFAULT_RULES[key], **value}
    return merged


def _num(expr: pl.Expr) -> pl.Expr:
    """A number as text: whole numbers without decimals, else one decimal."""
    rounded = expr.round(1)
    return (
        pl.when(rounded == rounded.round(0))
        .then(rounded.cast(pl.Int64).cast(pl.String))
        .otherwise(rounded.cast(pl.String))
    )


def _day(expr: pl.Expr) -> pl.Expr:
    return expr.dt.strftime("%Y-%m-%d")


def _effective_stage() -> pl.Expr:
    """The stage at `as_of`: the stage given, unless its date lies after as_of (or is missing
    for a dated stage); then the highest stage whose date is on or before as_of, falling back
    to the given stage when it is 谋划/储备 and to 储备 otherwise.
    """
    given = pl.col("stage")
    date_of_given = pl.lit(None, dtype=pl.Date)
    for stage, column in STAGE_DATE_COLUMNS.items():
        date_of_given = pl.when(given == stage).then(pl.col(column)).otherwise(date_of_given)
    dated = given.is_in(list(STAGE_DATE_COLUMNS))
    by_dates = (
        pl.when(pl.col("counted_on").is_not_null()).then(pl.lit("counted"))
        .when(pl.col("producing_on").is_not_null()).then(pl.lit("producing"))
        .when(pl.col("completed_on").is_not_null()).then(pl.lit("completed"))
        .when(pl.col("started_on").is_not_null()).then(pl.lit("started"))
        .when(pl.col("signed_on").is_not_null()).then(pl.lit("signed"))
        .when(given.is_in(["planning", "reserve"])).then(given)
        .otherwise(pl.lit("reserve"))
    )
    return pl.when(~dated | date_of_given.is_not_null()).then(given).otherwise(by_dates)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=OUTPUT_SCHEMA)


def stalls(
    projects: pl.DataFrame,
    progress: pl.DataFrame,
    *,
    as_of: date,
    rules: dict | None = None,
) -> pl.DataFrame:
    """Projects stuck at a stage longer than the rules allow, one row per (project, rule).

    `rules` overrides DEFAULT_RULES per rule (e.g. {"signed_not_started": {"days": 60}});
    a rule set to None is switched off. Output columns are OUTPUT_SCHEMA; behind_percent is
    filled for investment_behind only. Rows are ordered by days_overdue (most first), then
    project_id and the order of the rules.
    """
    missing = [c for c in PROJECT_COLUMNS if c not in projects.columns]
    if missing:
        raise ValueError(f"项目表缺少列：{'、'.join(missing)}")
    missing = [c for c in PROGRESS_COLUMNS if c not in progress.columns]
    if missing:
        raise ValueError(f"投资进度表缺少列：{'、'.join(missing)}")
    merged = _merge_rules(rules)
    as_of_lit = pl.lit(as_of, dtype=pl.Date)

    base = (
        projects.lazy()
        .select(PROJECT_COLUMNS)
        .with_columns(
            pl.col("project_id").cast(pl.Int64),
            *[pl.col(c).cast(pl.Float64) for c in ("planned_investment", "owner_revenue", "year_plan")],
            # a stage date after as_of has not been reached yet
            *[pl.when(pl.col(c).cast(pl.Date) <= as_of_lit).then(pl.col(c).cast(pl.Date)).alias(c)
              for c in DATE_COLUMNS],
        )
        .with_columns(_effective_stage().alias("stage"))
    )

    def elapsed(column: str) -> pl.Expr:
        return (as_of_lit - pl.col(column)).dt.total_days()

    parts: list[pl.LazyFrame] = []

    def add(rule: str, condition: pl.Expr, days_overdue: pl.Expr, detail: pl.Expr,
            behind: pl.Expr | None = None, frame: pl.LazyFrame | None = None) -> None:
        parts.append(
            (base if frame is None else frame)
            .filter(condition)
            .select(
                "project_id", "name",
                pl.lit(rule).alias("rule"),
                pl.lit(RULE_LABELS[rule]).alias("rule_label"),
                "stage",
                pl.col("stage").replace_strict(STAGE_LABELS, default=pl.col("stage")).alias("stage_label"),
                days_overdue.cast(pl.Int64).alias("days_overdue"),
                "unit", "region",
                detail.alias("detail"),
                (pl.lit(None, dtype=pl.Float64) if behind is None else behind).alias("behind_percent"),
            )
        )

    if (r := merged["signed_not_started"]) is not None:
        days = int(r["days"])
        add(
            "signed_not_started",
            pl.col("signed_on").is_not_null() & pl.col("started_on").is_null()
            & (elapsed("signed_on") > days),
            elapsed("signed_on") - days,
            pl.format("{}签约，已{}天未开工（规定{}天）", _day(pl.col("signed_on")), elapsed("signed_on"),
                      pl.lit(days)),
        )

    if (r := merged["started_not_registered"]) is not None:
        days, floor = int(r["days"]), float(r["min_investment"])
        add(
            "started_not_registered",
            pl.col("started_on").is_not_null() & pl.col("registered_on").is_null()
            & (pl.col("planned_investment") >= floor) & (elapsed("started_on") > days),
            elapsed("started_on") - days,
            pl.format("{}开工，计划总投资{}万元，已{}天未入库（规定{}天）", _day(pl.col("started_on")),
                      _num(pl.col("planned_investment")), elapsed("started_on"), pl.lit(days)),
        )

    if (r := merged["completed_not_producing"]) is not None:
        days = int(r["days"])
        add(
            "completed_not_producing",
            pl.col("completed_on").is_not_null() & pl.col("producing_on").is_null()
            & (elapsed("completed_on") > days),
            elapsed("completed_on") - days,
            pl.format("{}竣工，已{}天未投产（规定{}天）", _day(pl.col("completed_on")),
                      elapsed("completed_on"), pl.lit(days)),
        )

    if (r := merged["producing_not_counted"]) is not None:
        months, threshold = int(r["months"]), float(r["revenue_threshold"])
        deadline = pl.col("producing_on").dt.offset_by(f"{months}mo")
        by_revenue = pl.col("owner_revenue").fill_null(float("-inf")) >= threshold
        by_time = as_of_lit > deadline
        add(
            "producing_not_counted",
            pl.col("producing_on").is_not_null() & pl.col("counted_on").is_null()
            & ~pl.col("owner_above_scale").fill_null(False) & (by_revenue | by_time),
            pl.when(by_revenue).then(elapsed("producing_on"))
            .otherwise((as_of_lit - deadline).dt.total_days()),
            pl.when(by_revenue).then(pl.format(
                "{}投产，企业营业收入{}万元已达{}万元，已{}天未纳统", _day(pl.col("producing_on")),
                _num(pl.col("owner_revenue")), _num(pl.lit(threshold)), elapsed("producing_on"),
            )).otherwise(pl.format(
                "{}投产，已超过{}个月未纳统（逾期{}天）", _day(pl.col("producing_on")), pl.lit(months),
                (as_of_lit - deadline).dt.total_days(),
            )),
        )

    if (r := merged["investment_behind"]) is not None:
        percent = float(r["percent"])
        done = (
            progress.lazy()
            .select(pl.col("project_id").cast(pl.Int64), "year", "month", "invested_month")
            .filter((pl.col("year") == as_of.year) & (pl.col("month") <= as_of.month))
            .group_by("project_id")
            .agg(pl.col("invested_month").cast(pl.Float64).sum().alias("_done"))
        )
        expected = pl.col("year_plan") * (as_of.month / 12)
        frame = (
            base.filter((pl.col("year_plan") > 0) & pl.col("stage").is_in(["started", "building"]))
            .join(done, on="project_id", how="left")
            .with_columns(pl.col("_done").fill_null(0.0), expected.alias("_expected"))
            .with_columns(((pl.col("_expected") - pl.col("_done")) / pl.col("_expected") * 100)
                          .alias("_behind"))
        )
        add(
            "investment_behind",
            exact(pl.col("_done")) < exact((1 - percent / 100) * pl.col("_expected")),
            pl.lit(as_of.day),
            pl.format("本年计划投资{}万元，截至{}月应完成{}万元，实际完成{}万元，滞后{}%（允许{}%）",
                      _num(pl.col("year_plan")), pl.lit(as_of.month), _num(pl.col("_expected")),
                      _num(pl.col("_done")), _num(pl.col("_behind")), _num(pl.lit(percent))),
            behind=pl.col("_behind"),
            frame=frame,
        )

    if not parts:
        return _empty()
    order = {rule: i for i, rule in enumerate(RULE_LABELS)}
    result = (
        pl.concat(parts, how="vertical")
        .with_columns(pl.col("rule").replace_strict(order, return_dtype=pl.Int32).alias("_order"))
        .sort(["days_overdue", "project_id", "_order"], descending=[True, False, False])
        .drop("_order")
        .collect()
    )
    return result.cast(OUTPUT_SCHEMA)  # type: ignore[arg-type]
