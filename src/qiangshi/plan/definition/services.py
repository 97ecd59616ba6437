"""Writes for the plan module: loading a plan version and comparing versions."""

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.dataio.documents import DocumentInvalid, DocumentProblem
from qiangshi.plan.definition.schema import PlanSpec, plan_parse
from qiangshi.plan.figures.changes import figures_changed
from qiangshi.plan.models import (
    Action,
    Category,
    Indicator,
    Milestone,
    Observation,
    Plan,
    Task,
)
from qiangshi.plan.selectors import plan_export


@dataclass
class PlanDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, list]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class PlanLoadResult:
    plan: Plan
    created: bool
    previous: Plan | None
    diff: PlanDiff


def known_unit_names() -> dict[str, str]:
    names = {}
    for name, short_name, aliases in Unit.objects.values_list("name", "short_name", "aliases"):
        for alias in [*aliases, short_name]:
            names.setdefault(alias, name)
    names.update({name: name for name in Unit.objects.values_list("name", flat=True)})
    return names


def plan_diff(old: list[dict], new: list[dict]) -> PlanDiff:
    """Targets added, removed and changed (field by field) between two exports."""
    before = {row["code"]: row for row in old}
    after = {row["code"]: row for row in new}
    diff = PlanDiff(
        added=[code for code in after if code not in before],
        removed=[code for code in before if code not in after],
    )
    for code in after.keys() & before.keys():
        fields = {
            name: [before[code][name], after[code][name]]
            for name in after[code]
            if before[code].get(name) != after[code][name]
        }
        if fields:
            diff.changed[code] = fields
    diff.changed = dict(sorted(diff.changed.items()))
    return diff


def _content_hash(spec: PlanSpec) -> str:
    canonical = json.dumps(dataclasses.asdict(spec), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _store(spec: PlanSpec, *, region: Region, revision: int, content_hash: str,
           regions: list[Region]) -> Plan:
    units = {u.name: u for u in Unit.objects.all()}
    # The governments and zone committees of the plan's regions report for their region.
    region_units = list(Unit.objects.filter(
        region__in=regions, kind__in=[Unit.Kind.GOVERNMENT, Unit.Kind.ZONE_ADMIN]))
    plan = Plan.objects.create(
        code=spec.code, title=spec.title, city=spec.city, region=region,
        document_number=spec.document_number, version_label=spec.version,
        period_start=spec.period_start, period_end=spec.period_end, base_year=spec.base_year,
        source_file=spec.source_file, content_hash=content_hash, revision=revision,
        loaded_by=current_actor().name,
    )
    plan.regions.set(regions)
    categories = {
        code: Category.objects.create(plan=plan, code=code, name=name, order=order)
        for order, (code, name) in enumerate(spec.categories, start=1)
    }
    actions = {
        code: Action.objects.create(plan=plan, code=code, name=name, order=order)
        for order, (code, name) in enumerate(spec.actions, start=1)
    }
    tasks = {}
    for item in spec.tasks:
        task = Task.objects.create(plan=plan, number=item.number, action=actions[item.action],
                                   title=item.title, text=item.text)
        task.lead_units.set([units[name] for name in item.lead_units])
        task.supporting_units.set([units[name] for name in item.supporting_units])
        tasks[item.number] = task
    for order, item in enumerate(spec.indicators, start=1):
        indicator = Indicator.objects.create(
            plan=plan, order=order, category=categories.get(item.category),
            task=tasks.get(item.task),
            **{name: getattr(item, name) for name in (
                "code", "name", "unit", "kind", "comparator", "target_value",
                "target_value_high", "target_year", "base_value", "base_year", "tolerance",
                "lower_limit", "upper_limit", "aspirational", "frequency", "source",
                "compare_to", "sentence", "note", "formula", "precedence", "observed_as",
                "reported_by_regions", "direction_method")},
        )
        indicator.reporting_units.set([units[name] for name in item.reporting_units]
                                      + (region_units if item.reported_by_regions else []))
    return plan


def _move_observations(previous: Plan, plan: Plan) -> int:
    """Observations follow their indicator code into the new version."""
    new_ids = dict(Indicator.objects.filter(plan=plan).values_list("code", "pk"))
    moved = 0
    for old_id, code in Indicator.objects.filter(plan=previous).values_list("pk", "code"):
        if code in new_ids:
            moved += Observation.objects.filter(indicator_id=old_id).update(
                indicator_id=new_ids[code]
            )
    return moved


@transaction.atomic
def plan_load(text: str) -> PlanLoadResult:
    """Validate and store a plan. The same content twice changes nothing; changed content
    becomes a new current version and the old one is kept."""
    spec = plan_parse(text, known_units=known_unit_names())
    region = Region.objects.filter(code=spec.region_code).first()
    if region is None:
        message = f"地区代码 {spec.region_code!r} 不存在，请先运行 qiangshi reference load"
        raise DocumentInvalid([DocumentProblem(None, message, "plan.region_code")])
    regions = _plan_regions(spec, region)
    content_hash = _content_hash(spec)
    previous = Plan.objects.select_for_update().filter(code=spec.code, is_current=True).first()
    if previous is not None and previous.content_hash == content_hash:
        return PlanLoadResult(plan=previous, created=False, previous=None, diff=PlanDiff())
    revision = 1
    if previous is not None:
        revision = Plan.objects.filter(code=spec.code).aggregate(last=Max("revision"))["last"] + 1
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    plan = _store(spec, region=region, revision=revision, content_hash=content_hash,
                  regions=regions)
    diff = PlanDiff(added=[i.code for i in spec.indicators])
    if previous is not None:
        diff = plan_diff(plan_export(previous), plan_export(plan))
        moved = _move_observations(previous, plan)
        Plan.objects.filter(pk=plan.pk).update(data_version=previous.data_version)
        audit_record(action=AuditEvent.Action.UPDATE, obj=plan, changes={
            "observations_moved": [f"第{previous.revision}次载入", f"第{plan.revision}次载入（{moved} 条）"],
        })
    # A new version is judged afresh: progress and alerts follow on commit.
    figures_changed(plan, registry=True)
    return PlanLoadResult(plan=plan, created=True, previous=previous, diff=diff)


def _plan_regions(spec: PlanSpec, city: Region) -> list[Region]:
    """The regions the plan names (each a district or zone of its city), else the city's
    districts and counties."""
    if not spec.regions:
        return list(Region.objects.filter(
            parent=city, kind__in=[Region.Kind.DISTRICT, Region.Kind.COUNTY]))
    found = {r.code: r for r in Region.objects.filter(code__in=spec.regions, parent=city)}
    unknown = [code for code in spec.regions if code not in found]
    if unknown:
        raise DocumentInvalid([DocumentProblem(
            None, f"地区代码 {'、'.join(unknown)} 不存在或不属于{city.name}", "plan.regions")])
    return [found[code] for code in spec.regions]


@dataclass(frozen=True)
class MilestoneConflict:
    year: int
    stored: float | None  # what another analyst saved since the page was loaded
    submitted: float | None


class MilestonesStale(ValueError):
    """The page was loaded before another save; nothing of this save was written."""

    def __init__(self, conflicts: list[MilestoneConflict]):
        self.conflicts = conflicts

        def shown(value):
            return "默认（未设定）" if value is None else f"{value:g}"

        super().__init__("未保存：其他用户已修改年度节点目标——" + "；".join(
            f"{c.year}年现为 {shown(c.stored)}（您提交的是 {shown(c.submitted)}）"
            for c in conflicts) + "。页面已显示最新值，请核对后重新提交。")


@transaction.atomic
def milestones_set(plan: Plan, indicator: Indicator, region: Region,
                   values: dict[int, float | None],
                   versions: dict[int, int | None] | None = None) -> int:
    """Set (a number) or clear (None) the hand-set milestone of each year; returns how many
    changed. Progress is recomputed from the next read on, since the figures' version moves.

    `versions` are the milestone versions the editing page showed (None: no milestone then).
    A year whose stored version differs and whose submitted value differs from the stored
    one is a lost update in the making: the whole save is refused (MilestonesStale). The
    plan row is locked first, so two saves of the same milestones run one after the other
    and the second sees the first's versions."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    stored = {m.year: m for m in Milestone.objects.filter(
        plan_code=plan.code, indicator_code=indicator.code, region=region)}
    if versions is not None:
        conflicts = [
            MilestoneConflict(year, stored[year].value if year in stored else None, value)
            for year, value in values.items()
            if (stored[year].version if year in stored else None) != versions.get(year)
            and (stored[year].value if year in stored else None) != value]
        if conflicts:
            raise MilestonesStale(conflicts)
    changed = 0
    for year, value in values.items():
        current = stored.get(year)
        if value is None and current is not None:
            current.delete()
        elif value is not None and current is None:
            Milestone.objects.create(plan_code=plan.code, indicator_code=indicator.code,
                                     region=region, year=year, value=value)
        elif value is not None and current.value != value:
            current.value = value
            current.version = current.version + 1
            current.save()
        else:
            continue
        changed += 1
    if changed:
        figures_changed(plan)
    return changed
