"""Demo data of the plan module: the Jinan plan, Jinan's published figures where they fit an
indicator, and labelled synthetic figures for the rest (`qiangshi demo load`)."""

from importlib import resources

import polars as pl
from django.db import transaction
from django.utils import timezone

from qiangshi.plan.computed.formulas import computed_refresh
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.demo_series import demo_observations
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Indicator, Observation, Plan, Submission
from qiangshi.plan.monitoring.reaction import react_now
from qiangshi.plan.reporting.obligations import obligations, reporting_units
from qiangshi.projects.selectors import projects_exist

PLAN_NAME = "jinan-2023-2025"
PUBLISHED = "jinan_published.csv"


def _packaged(package: str, *parts: str) -> bytes:
    return resources.files(package).joinpath(*parts).read_bytes()


def _synthetic(plan: Plan, published: bytes) -> bytes:
    """Synthetic figures for every (indicator, region, period) that no published figure fills,
    except indicators computed from the enterprise registry, which have their own."""
    has_projects = projects_exist()
    computed = [i.pk for i in Indicator.objects.filter(
        plan=plan, source=Indicator.Source.COMPUTED, formula__isnull=False)
        if i.formula.get("source") != "projects" or has_projects]
    indicators = pl.DataFrame(list(Indicator.objects.filter(plan=plan).exclude(
        pk__in=computed).values(
        "code", "kind", "comparator", "target_value", "target_year", "base_year", "frequency",
        "unit")))
    rows = demo_observations(indicators, base_year=plan.base_year, last_year=plan.period_end)
    known = pl.read_csv(published, infer_schema=False).select("指标代码", "地区代码", "期别")
    return rows.join(known, on=["指标代码", "地区代码", "期别"], how="anti").write_csv().encode()


def demo_load(stdout, **_) -> None:
    with transaction.atomic():
        if not Plan.objects.filter(is_current=True).exists():
            text = _packaged("qiangshi.reference", "plans", f"{PLAN_NAME}.yaml").decode("utf-8")
            plan_load(text)
        plan = Plan.objects.get(is_current=True, code="jinan-industrial-2023-2025")
        published = _packaged("qiangshi.plan", "demo_data", PUBLISHED)
        # Before the published figures, which take the place of computed ones they share a
        # period with.
        counts = computed_refresh(plan)
        stdout.write(f"企业数据汇总：{counts.figures} 个计算值，{counts.observations_created} 条指标数据。")
        for content, name, kind in [
            (published, PUBLISHED, Observation.SourceKind.PUBLISHED),
            (_synthetic(plan, published), "demo-synthetic.csv", Observation.SourceKind.DEMO),
        ]:
            report = observation_import(content, name, plan=plan, source_kind=kind)
            if report.errors:
                raise RuntimeError(f"演示数据 {name} 有误：{report.errors[0]}")
            stdout.write(f"演示指标数据 {name}：{report.summary()}")
        _submissions(plan)
        [done] = react_now([plan.pk])
    if done.run is not None:
        stdout.write(f"进度已计算：截至 {done.as_of.label}，{done.run.results.count()} 条结果。")
    stdout.write(f"预警：{done.alerts.open} 条。")


def _submissions(plan: Plan) -> None:
    """Earlier periods approved; the newest period submitted by every other unit and still
    owed by the rest, so that review and 催报 both have something to show."""
    today = timezone.localdate()
    rows = []
    for index, unit in enumerate(reporting_units(plan)):
        owed = obligations(plan, unit, today=today)
        newest = {o.due.frequency: o.due for o in reversed(owed)}
        for obligation in owed:
            due = obligation.due
            latest = newest[due.frequency] == due
            if (latest and index % 2) or obligation.filled < obligation.indicator_count:
                continue
            rows.append(Submission(
                plan_code=plan.code, unit=unit, frequency=due.frequency, year=due.year,
                month=due.month, period_type=due.period_type,
                status=Submission.Status.SUBMITTED if latest else Submission.Status.APPROVED,
                submitted_at=timezone.now(), reviewed_at=None if latest else timezone.now(),
            ))
    Submission.objects.bulk_create(rows, ignore_conflicts=True)
