"""Demo data of the plan module: the Jinan plan, Jinan's published figures where they fit an
indicator, and labelled synthetic figures for the rest (`qiangshi demo load`)."""

import datetime
from importlib import resources

import polars as pl
from django.db import transaction
from django.utils import timezone

from qiangshi.engine.periods import last_complete_month
from qiangshi.plan.breakdown.selectors import breakdown_in_force
from qiangshi.plan.breakdown.services import breakdown_issue, draft_create
from qiangshi.plan.computed.formulas import computed_refresh
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.demo_series import demo_observations
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Indicator, Observation, Plan, Submission
from qiangshi.plan.models_pins import PinnedIndicator
from qiangshi.plan.monitoring.reaction import react_now
from qiangshi.plan.reporting.obligations import obligations_of, reporting_units
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
    ended = last_complete_month(timezone.localdate())
    rows = demo_observations(indicators, base_year=plan.base_year, last_year=plan.period_end,
                             until=(ended.year, ended.month))
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
        _breakdown(plan)
        _pins(plan)
        [done] = react_now([plan.pk])
    if done.run is not None:
        stdout.write(f"进度已计算：截至 {done.as_of.label}，{done.run.results.count()} 条结果。")
    stdout.write(f"预警：{done.alerts.open} 条。")


def _breakdown(plan: Plan) -> None:
    """The city's targets broken down to the plan's regions by the default methods and issued
    early in the plan's first year, so that each district and zone is judged against its own."""
    if breakdown_in_force(plan.code) is not None:
        return
    draft = draft_create(plan, note="演示数据：总量指标按基期占比、比重与增速指标按同等增速分解")
    breakdown_issue(draft, plan, document_number="演示〔2023〕1号",
                    issued_on=datetime.date(plan.period_start, 3, 31))


# The headline figures an analyst pins for the leaders: the plan's scale, its two digital
# economy figures, the 规上 count and the share of manufacturing.
DEMO_PINS = ("MFG-REV", "DIG-SOFTWARE-REV", "DIG-ELEC-REV", "DIG-CORE-GDP-SHARE", "T12-ABOVE-SCALE",
             "MFG-VA-GDP-SHARE")


def _pins(plan: Plan) -> None:
    known = set(plan.indicators.filter(code__in=DEMO_PINS).values_list("code", flat=True))
    for code in DEMO_PINS:
        if code in known:
            PinnedIndicator.objects.get_or_create(plan_code=plan.code, indicator_code=code,
                                                  defaults={"pinned_by": "演示数据"})


# Periods due within this many days are the current round: some units have not reported yet.
CURRENT_ROUND_DAYS = 45


def _submissions(plan: Plan) -> None:
    """A reporting history as a city has one on the day the demo is loaded: every complete
    period due before the current round submitted and approved, about one in eight a few days
    after its deadline; of the current round, every other unit has submitted and awaits
    review while the rest are still owed (late by at most the round's length). A plan that
    has ended has no current round."""
    now = timezone.now()
    today = timezone.localdate()
    units = list(reporting_units(plan))
    position = {unit.pk: index for index, unit in enumerate(units)}
    rows = []
    for obligation in obligations_of(plan, units, today=today):
        due, index = obligation.due, position[obligation.unit.pk]
        current = (today - due.deadline).days < CURRENT_ROUND_DAYS
        if obligation.filled < obligation.indicator_count or (current and index % 2):
            continue
        turn = index + due.year + due.month
        offset = turn % 9 + 1 if turn % 8 == 0 else -(turn % 6 + 1)
        submitted = min(_moment(due.deadline, offset), now)
        rows.append(Submission(
            plan_code=plan.code, unit=obligation.unit, frequency=due.frequency, year=due.year,
            month=due.month, period_type=due.period_type,
            status=Submission.Status.SUBMITTED if current else Submission.Status.APPROVED,
            submitted_at=submitted,
            reviewed_at=None if current else min(submitted + datetime.timedelta(days=2), now),
        ))
    Submission.objects.bulk_create(rows, ignore_conflicts=True)


def _moment(day: datetime.date, offset_days: int) -> datetime.datetime:
    """10:00 on the day `offset_days` after `day` (before it when negative)."""
    return timezone.make_aware(datetime.datetime.combine(
        day + datetime.timedelta(days=offset_days), datetime.time(10)))
