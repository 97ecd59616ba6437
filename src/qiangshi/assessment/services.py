"""Assessment runs: scheme + the plan's figures → engine.assessment → stored results.

Scheme versions live in the database (a packaged scheme is stored as its version 1 the first
time it is used); every edit is a new version. A run stores the scheme version, the
engine's method version and an input hash; a run asked for again with identical inputs
is the stored one. The previous period's run of the same scheme gives 位次变化.
"""

import calendar
import datetime

import polars as pl
import yaml
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import Region
from qiangshi.assessment.inputs import scheme_values
from qiangshi.assessment.models import ItemResult, Run, SchemeVersion, UnitResult
from qiangshi.assessment.schemes import NOT_A_MAPPING, Scheme, scheme_read
from qiangshi.dataio.documents import DocumentInvalid, mapping_read, plain
from qiangshi.dataio.versions import version_next, version_save
from qiangshi.engine.assessment import METHOD_VERSION, AssessmentInputInvalid, assessment_run, unit_table
from qiangshi.engine.hashing import input_hash
from qiangshi.jobs.progress import ProgressCallback, no_progress
from qiangshi.plan.selectors import plan_current
from qiangshi.reference.documents import scheme_names, scheme_text


class AssessmentRefused(ValueError):
    """A run that cannot be made; the message says why in Chinese."""


def scheme_version_get(name: str) -> SchemeVersion:
    """The newest stored version of a scheme; a packaged scheme is stored on first use."""
    stored = SchemeVersion.objects.filter(name=name).order_by("-version").first()
    if stored is not None:
        return stored
    text = scheme_text(name)
    if text is None:
        known = "、".join(sorted({*SchemeVersion.objects.values_list("name", flat=True), *scheme_names()}))
        raise DocumentInvalid([f"没有名为 {name} 的考核办法（可用：{known}）"])
    return scheme_save(mapping_read(text, NOT_A_MAPPING), based_on=None, note="平台内置办法")


def scheme_choices() -> dict[str, str]:
    """name → title of every scheme a run can use: stored ones (newest version), then packaged."""
    choices = {}
    for version in SchemeVersion.objects.order_by("name", "-version"):
        choices.setdefault(version.name, str(version))
    for name in scheme_names():
        choices.setdefault(name, str(yaml.safe_load(scheme_text(name)).get("title") or name))
    return choices


@transaction.atomic
def scheme_save(document: dict, *, based_on: SchemeVersion | None, note: str) -> SchemeVersion:
    """Store a scheme document as the next version of its name; DocumentInvalid with every
    problem (on its line when `document` came from dataio.documents.yaml_read)."""
    try:
        scheme_read(document)
        problems = []
    except DocumentInvalid as invalid:
        problems = invalid.problems
    name = str(document.get("name") or "") if isinstance(document, dict) else ""
    return version_save(
        SchemeVersion, problems=problems, note=note, name=name,
        version=version_next(SchemeVersion.objects.filter(name=name), "version"),
        title=str(document.get("title") or "")[:200],
        document_number=str(document.get("document_number") or ""),
        illustrative=bool(document.get("illustrative", False)), content=plain(document),
        based_on=based_on, created_by=current_actor().name)


def scheme_load(text: str, *, note: str) -> SchemeVersion:
    """A scheme file: the stored version when its content is unchanged, else a new version."""
    document = mapping_read(text, NOT_A_MAPPING)
    scheme_read(document)
    stored = SchemeVersion.objects.filter(name=document.get("name")).order_by("-version").first()
    if stored is not None and stored.content == plain(document):
        return stored
    return scheme_save(document, based_on=stored, note=note)


def period_of(year: int, month: int) -> tuple[str, datetime.date]:
    """The period type of a run to `month` and its as-of day: the month's last day, or today
    when the month has not ended."""
    kind = Run.PeriodType.YEARLY if month == 12 else (
        Run.PeriodType.QUARTERLY if month % 3 == 0 else Run.PeriodType.MONTHLY)
    end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return kind, min(end, timezone.localdate())


def _units(plan, scheme: Scheme) -> tuple[pl.DataFrame, dict[str, Region]]:
    if scheme.units is not None:
        regions = {r.code: r for r in Region.objects.filter(code__in=scheme.units)}
        missing = [code for code in scheme.units if code not in regions]
        if missing:
            raise AssessmentRefused(f"考核单位 {'、'.join(missing)} 不是已登记的地区")
        ordered = [regions[code] for code in scheme.units]
    else:
        ordered = list(plan.regions.order_by("sort_order", "code"))
    if not ordered:
        raise AssessmentRefused("考核办法未列考核单位，计划也未列分解、填报与考核地区")
    frame = unit_table([{"unit": r.code, "name": r.short_name or r.name, "band": scheme.bands.get(r.code)}
                        for r in ordered])
    return frame, {r.code: r for r in ordered}


def _previous(version: SchemeVersion, year: int, month: int) -> Run | None:
    """The run of the same scheme (any version) for the latest period before this one: the
    month before in a monthly series, the year before in a yearly one."""
    earlier = Q(year__lt=year) | Q(year=year, month__lt=month)
    return Run.objects.filter(earlier, scheme__name=version.name).order_by(
        "-year", "-month", "-computed_at", "-pk").first()


def run_create(version: SchemeVersion, *, year: int, month: int = 12, job_id: int | None = None,
               progress: ProgressCallback = no_progress) -> Run:
    """Assess every unit of the scheme for the period and keep the run (an identical earlier
    run is returned instead). `progress(done, total, message)` hears each step."""
    progress(0, 3, "读取考核数据")
    scheme = scheme_read(version.content)
    plan = plan_current(code=scheme.plan)
    if plan is None:
        raise AssessmentRefused(f"未载入考核办法所依据的行动计划{f' {scheme.plan}' if scheme.plan else ''}")
    period_type, as_of = period_of(year, month)
    units, regions = _units(plan, scheme)
    zones = [code for code, region in regions.items() if region.kind == Region.Kind.ZONE]
    values = scheme_values(plan, scheme, units=list(regions), zones=zones, year=year, month=month,
                           as_of=as_of)
    earlier = _previous(version, year, month)
    previous = pl.DataFrame(list(earlier.units.exclude(rank=None).values_list("region__code", "rank"))
                            if earlier else [], orient="row", schema={"unit": pl.String, "rank": pl.Int64})
    groups = scheme.groups if scheme.groups is not None else pl.DataFrame(schema={"group": pl.String})
    fingerprint = input_hash(values, scheme.indicators, units, groups, previous, method=METHOD_VERSION,
                             parameters={"scheme": version.content, "year": year, "month": month})
    same = Run.objects.filter(scheme=version, year=year, month=month, input_hash=fingerprint).first()
    if same is not None:
        progress(3, 3, f"输入未变，沿用考核批次 #{same.pk}")
        return same
    progress(1, 3, f"计算 {units.height} 个考核单位的得分、位次与位次区间")
    try:
        result = assessment_run(values, scheme.indicators, units, scheme.groups, options=scheme.options,
                                alternatives=scheme.alternatives, previous=previous,
                                mark_counts=scheme.mark_counts)
    except AssessmentInputInvalid as invalid:
        raise AssessmentRefused("；".join(invalid.problems)) from None
    progress(2, 3, "保存考核结果")
    with transaction.atomic():
        run = Run.objects.create(
            scheme=version, year=year, month=month, period_type=period_type, as_of=as_of,
            input_hash=fingerprint, method_version=METHOD_VERSION, unit_count=units.height,
            computed_by=current_actor().name, job_id=job_id)
        _store(run, scheme, result, regions)
    progress(3, 3, f"已完成{run.period_label}考核：{run.unit_count} 个单位")
    return run


def _store(run: Run, scheme: Scheme, result, regions: dict[str, Region]) -> None:
    stored = UnitResult.objects.bulk_create([
        UnitResult(run=run, region=regions[row["unit"]], band=row["band"] or "", status=row["status"],
                   coverage=row["coverage"], covered=row["status"] != "low_coverage",
                   composite=row["composite"], bonus=row["bonus"], deduction=row["deduction"],
                   score=row["total"], rank=row["rank"], rank_low=row["rank_low"],
                   rank_high=row["rank_high"], previous_rank=row["previous_rank"], change=row["change"],
                   mark=row["mark"] or "", vetoed=row["status"] == "vetoed")
        for row in result.units.iter_rows(named=True)])
    ids = {u.region.code: u.pk for u in stored}
    methods = dict(scheme.indicators.select("indicator", "method").iter_rows())
    needed = result.move_up.select("unit", "indicator", "value_needed", "reachable")
    order = pl.DataFrame({"indicator": list(scheme.sources), "order": range(len(scheme.sources))})
    items = result.items.join(needed, on=["unit", "indicator"], how="left").join(
        order, on="indicator", how="left").sort("unit", "order")
    ItemResult.objects.bulk_create([
        ItemResult(unit_id=ids[row["unit"]], indicator=row["indicator"], name=row["name"],
                   group=row["group"] or "", kind=row["kind"], method=methods[row["indicator"]],
                   measure_unit=scheme.measure_units.get(row["indicator"], ""), value=row["value"],
                   imputed=bool(row["imputed"]), score=row["score"], weight=row["weight"],
                   contribution=row["contribution"], move_up=row["value_needed"],
                   move_up_reachable=bool(row["reachable"]))
        for row in items.iter_rows(named=True)], batch_size=2000)
