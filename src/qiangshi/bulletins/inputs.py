"""The bulletin's tables, read from what the platform has stored for the period: the plan's
progress run at the month (computed and stored first if the month has none yet: the bulletin
is written in a job), the region figures, the assessment run of the month, the newest chain
run's months and target statuses, the project stalls and 督办, reporting timeliness, and the
newest 亩均 evaluation of the year. Each table is the engine's (engine.bulletin docstring);
`sources` names the stored runs a draft was written from."""

import calendar
import datetime

import polars as pl
from django.db.models import Count, Q

from qiangshi.accounts.models import Region
from qiangshi.assessment.models import Run as AssessmentRun
from qiangshi.chains.models_monitoring import ChainMonth, ChainTargetStatus
from qiangshi.chains.selectors import chain_names, run_latest
from qiangshi.engine.mujun.schema import CLASSES
from qiangshi.evaluation.models import Run as EvaluationRun
from qiangshi.plan.models import Plan, ProgressResult
from qiangshi.plan.monitoring.progress import progress_for
from qiangshi.plan.monitoring.selectors import AsOf, period_label
from qiangshi.plan.region_tables import region_figures
from qiangshi.plan.reporting.obligations import reporting_units, timeliness_table
from qiangshi.projects.models import Dispatch
from qiangshi.projects.services import stall_list

KIND_WORDS = {Region.Kind.ZONE: "功能区"}


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def indicator_rows(plan: Plan, city: Region, *, year: int, month: int) -> tuple[list[dict], int]:
    """The city's indicators with a figure of the bulletin's year: progress and 同比."""
    run = progress_for(plan, AsOf(year, month))
    results = (ProgressResult.objects.filter(run=run, region=city, latest_year=year)
               .exclude(latest_value=None).select_related("indicator").order_by("indicator__order"))
    codes = [r.indicator.code for r in results]
    now = _yoy(plan, codes, city.code, year, month)
    before = _yoy(plan, codes, city.code, year, month - 1) if month > 1 else {}
    rows = [{"code": r.indicator.code, "name": r.indicator.name, "unit": r.indicator.unit,
             "period_label": _own_label(r, year, month), "value": r.latest_value,
             "yoy": now.get(r.indicator.code), "previous_yoy": before.get(r.indicator.code),
             "target_value": r.detail.get("target_value"), "target_year": r.detail.get("target_year"),
             "completion": r.completion, "expected": r.time_progress, "status": r.status,
             "explanation": r.explanation} for r in results if r.indicator.unit]
    return rows, run.pk


def _own_label(result, year: int, month: int) -> str | None:
    """The period of a figure that is not the bulletin's own (a year's figure in a month's
    bulletin), for the narrative to name."""
    if (result.latest_year, result.latest_month) == (year, month):
        return None
    return period_label(result.latest_year, result.latest_month, result.latest_period_type)


def _yoy(plan: Plan, codes: list[str], region: str, year: int, month: int) -> dict[str, float]:
    figures = region_figures(plan, codes, year=year, month=month).filter(
        (pl.col("region") == region) & (pl.col("year") == year) & (pl.col("month") == month))
    return {code: yoy for code, yoy in figures.select("code", "yoy").iter_rows() if yoy is not None}


def region_rows(plan: Plan, *, year: int, month: int) -> list[dict]:
    """区县/功能区 × the indicators they report: value, 同比, the place by 同比 this month and
    last, and the target completion of the month's progress run."""
    regions = {r.code: r for r in plan.regions.all()}
    indicators = {i.code: i for i in plan.indicators.filter(reported_by_regions=True)}
    if not regions or not indicators:
        return []
    codes = list(indicators)

    def ranked(at_month: int) -> pl.DataFrame:
        at = (pl.col("year") == year) & (pl.col("month") == at_month)
        figures = region_figures(plan, codes, year=year, month=at_month).filter(
            pl.col("region").is_in(list(regions)) & at)
        return figures.with_columns(pl.col("yoy").rank("min", descending=True).over("code")
                                    .cast(pl.Int32).alias("rank"))

    now = ranked(month)
    before = pl.DataFrame(schema={"code": pl.String, "region": pl.String, "previous_rank": pl.Int32})
    if month > 1:
        before = ranked(month - 1).select("code", "region", pl.col("rank").alias("previous_rank"))
    run = progress_for(plan, AsOf(year, month))
    completion = pl.DataFrame(list(ProgressResult.objects.filter(
        run=run, indicator__code__in=codes, region__code__in=list(regions)).values_list(
        "indicator__code", "region__code", "completion")), orient="row",
        schema={"code": pl.String, "region": pl.String, "completion": pl.Float64})
    key = ["code", "region"]
    joined = now.join(before, on=key, how="left").join(completion, on=key, how="left")
    return [{"region": regions[row["region"]].short_name or regions[row["region"]].name,
             "kind": KIND_WORDS.get(regions[row["region"]].kind, "区县"), "indicator": row["code"],
             "indicator_name": indicators[row["code"]].name, "unit": indicators[row["code"]].unit,
             "value": row["value"], "yoy": row["yoy"], "rank": row["rank"],
             "previous_rank": row["previous_rank"], "completion": row["completion"]}
            for row in joined.iter_rows(named=True)]


def ranking_rows(*, year: int, month: int) -> tuple[list[dict], int | None]:
    run = AssessmentRun.objects.filter(year=year, month=month).order_by("-computed_at", "-pk").first()
    if run is None:
        return [], None
    return run_ranking(run.units.select_related("region").exclude(rank=None).order_by("rank")), run.pk


def run_ranking(units) -> list[dict]:
    """An assessment run's ranked units as the engine's ranking table reads them."""
    return [{"region": u.region.short_name or u.region.name, "kind": KIND_WORDS.get(u.region.kind, "区县"),
             "score": u.score, "rank": u.rank, "previous_rank": u.previous_rank, "mark": u.mark or None}
            for u in units]


def chain_rows(*, year: int, month: int) -> tuple[list[dict], int | None]:
    run = run_latest()
    if run is None:
        return [], None
    names = chain_names()
    statuses = {}
    for status in ChainTargetStatus.objects.filter(run=run).order_by("target_year"):
        statuses.setdefault(status.chain, status.status)
    return [{"chain": names.get(m.chain, m.chain), "revenue": m.revenue_ytd / 10_000,
             "growth": m.growth * 100 if m.growth is not None else None, "status": statuses.get(m.chain)}
            for m in ChainMonth.objects.filter(run=run, year=year, month=month).order_by("chain")], run.pk


def stall_rows(*, year: int, month: int) -> list[dict]:
    found = stall_list(as_of=month_end(year, month))
    counts = found.group_by("rule").len().sort("rule")
    return [{"rule": rule, "count": count} for rule, count in counts.iter_rows()]


def dispatch_rows(*, year: int, month: int) -> list[dict]:
    end = month_end(year, month)
    dispatches = Dispatch.objects.filter(issued_at__year=year, issued_at__date__lte=end)
    counts = dispatches.aggregate(
        issued=Count("pk"), closed=Count("pk", filter=Q(status=Dispatch.Status.CLOSED)),
        overdue=Count("pk", filter=~Q(status=Dispatch.Status.CLOSED) & Q(deadline__lt=end)))
    if not counts["issued"]:
        return []
    return [{**counts, "open": counts["issued"] - counts["closed"]}]


def reporting_rows(plan: Plan, *, year: int, month: int) -> list[dict]:
    units = list(reporting_units(plan))
    names = {u.code: u.short_name or u.name for u in units}
    table = timeliness_table(plan, units, today=month_end(year, month) + datetime.timedelta(days=1))
    return [{"unit": names[row["unit"]], "due": row["expected"], "on_time": row["on_time"],
             "late": row["late"], "missing": row["missing"], "reminders": None}
            for row in table.iter_rows(named=True) if row["expected"]]


def mujun_rows(*, year: int) -> tuple[list[dict], int | None]:
    run = EvaluationRun.objects.filter(year__lte=year).order_by("-year", "-pk").first()
    if run is None:
        return [], None
    # T (暂不评价) is not a class the bulletin counts.
    counts = run.results.filter(klass__in=CLASSES).order_by().values_list("klass").annotate(n=Count("pk"))
    return [{"year": run.year, "grade": klass, "count": n} for klass, n in counts], run.pk
