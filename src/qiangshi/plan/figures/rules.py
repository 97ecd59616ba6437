"""Who may write which figure. Every observation write (file import, command, report form,
form upload, computed figures, demo) goes through the figures service (plan.figures.store), which
applies these rules as polars expressions over the whole table:

* scope on write: a user writes figures of its regions, or of the indicators its units report,
  but for a unit only in the region that unit reports for (its district, else the plan's city);
* the approval lock: a figure covered by an approved submission cannot change until an analyst
  reopens that submission with a reason (DHIS2's data approval lock);
* a report form's bounds: its upload or typed figures may only carry that form's indicators,
  its region and its period.
"""

from dataclasses import dataclass

import polars as pl

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import scope_expr, scope_values, user_sees_everything
from qiangshi.dataio.validation import Check
from qiangshi.engine.periods import Period
from qiangshi.plan.models import Indicator, Plan, Submission

# pl.format template: the approving unit's short name, then the period label.
LOCK_REASON = ("该期数据已审核通过并锁定（{} {}），不能修改；"
               "如需更正，请市工信局分析员填写理由后重新开放该期报送")


def report_region(plan: Plan, unit: Unit) -> Region:
    """District governments report for their district; every other unit for the plan's city."""
    return unit.region or plan.region


def _report_region_ids(plan: Plan, unit_ids) -> dict[int, int]:
    return {pk: region_id or plan.region_id
            for pk, region_id in Unit.objects.filter(pk__in=unit_ids).values_list("pk", "region_id")}


def in_write_scope(user, plan: Plan) -> pl.Expr:
    """Rows (with `region_id` and the indicator's `unit_ids`) the user may write."""
    if user is None or user_sees_everything(user):
        return pl.lit(True)
    scope = scope_values(user)
    by_unit = [
        pl.col("unit_ids").list.contains(unit_id) & (pl.col("region_id") == region_id)
        for unit_id, region_id in _report_region_ids(plan, scope["unit"]).items()
    ]
    return pl.any_horizontal(scope_expr(user, region="region_id"), *by_unit)


def locked_figures(plan: Plan, indicators: pl.DataFrame) -> pl.DataFrame:
    """The figure keys (indicator, region, period) of every approved submission of the plan,
    with the reason shown when a row would change one. `indicators` is the importer's
    indicator table (indicator_id, frequency, source, unit_ids)."""
    approved = list(Submission.objects.filter(plan_code=plan.code,
                                              status=Submission.Status.APPROVED)
                    .values_list("unit_id", "unit__short_name", "frequency", "year", "month",
                                 "period_type"))
    schema = {"indicator_id": pl.Int64, "region_id": pl.Int64, "year": pl.Int64,
              "month": pl.Int64, "period_type": pl.String, "lock_reason": pl.String}
    if not approved:
        return pl.DataFrame(schema=schema)
    regions = _report_region_ids(plan, {row[0] for row in approved})
    submissions = pl.DataFrame(
        [(*row, regions[row[0]]) for row in approved], orient="row",
        schema={"unit_id": pl.Int64, "unit_name": pl.String, "frequency": pl.String,
                "year": pl.Int64, "month": pl.Int64, "period_type": pl.String,
                "region_id": pl.Int64},
    )
    labels = pl.DataFrame(
        [(y, m, t, Period(y, m, t).label) for y, m, t in
         submissions.select("year", "month", "period_type").unique().iter_rows()],
        orient="row", schema={"year": pl.Int64, "month": pl.Int64, "period_type": pl.String,
                              "label": pl.String})
    return (
        indicators.filter(pl.col("source") == Indicator.Source.REPORTED)
        .select("indicator_id", "frequency", pl.col("unit_ids").alias("unit_id"))
        .explode("unit_id")
        .join(submissions, on=["unit_id", "frequency"])
        .join(labels, on=["year", "month", "period_type"])
        .with_columns(pl.format(LOCK_REASON, "unit_name", "label").alias("lock_reason"))
        .unique(["indicator_id", "region_id", "year", "month", "period_type"], keep="first",
                maintain_order=True)
        .select(list(schema))
    )


@dataclass(frozen=True)
class FormBounds:
    """What one report form may carry: its indicators, its region, its period; `versions`
    maps indicator id → the figure's version shown on the form (None: no figure yet), for
    the optimistic concurrency check of typed figures; an indicator absent from it is not
    checked."""

    indicator_ids: tuple[int, ...]
    indicator_codes: tuple[str, ...]
    region_id: int
    region_name: str
    year: int
    month: int
    period_type: str
    period_label: str
    versions: dict[int, int | None] | None = None


def form_checks(form: FormBounds | None) -> list[Check]:
    """A report form's upload or typed figures carry only that form's figures."""
    if form is None:
        return []
    return [
        Check("指标代码", "indicator",
              f"本表不含这个指标（本表只收：{'、'.join(form.indicator_codes)}）",
              pl.col("indicator_id").is_not_null()
              & ~pl.col("indicator_id").is_in(list(form.indicator_ids))),
        Check("地区代码", "region_key", f"本表只填报{form.region_name}的数据",
              pl.col("region_id").is_not_null() & (pl.col("region_id") != form.region_id)),
        Check("期别", "period", f"本表只收 {form.period_label} 的数据",
              pl.col("year").is_not_null()
              & ((pl.col("year") != form.year) | (pl.col("month") != form.month)
                 | (pl.col("period_type") != form.period_type))),
    ]
