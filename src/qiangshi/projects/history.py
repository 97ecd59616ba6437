"""The 变更记录 of one project: every stored field of the project, its monthly progress and
its year plans that was changed, with old value, new value, who and when, read from the
audit trail (imports write it through accounts.audit.audit_changes, page saves through the
audit signals)."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.engine.projects import REGISTERED, REGISTERED_LABEL, STAGE_LABELS
from qiangshi.projects.columns import STAGE_DATE_FIELDS
from qiangshi.projects.models import MonthlyProgress, Project, YearPlan

SHOWN = 200
HIDDEN = {"version"}  # bookkeeping, not a business value
STAGE_DATE_LABELS = {field: f"{REGISTERED_LABEL if stage == REGISTERED else STAGE_LABELS[stage]}日期"
                     for stage, field in STAGE_DATE_FIELDS.items()}
NAMES = {"region_id": Region, "zone_id": Region, "unit_id": Unit, "issue_unit_id": Unit,
         "owner_id": Project._meta.get_field("owner").related_model}


@dataclass(frozen=True)
class Change:
    at: object
    by: str
    what: str  # the project itself, or "2024-06 月度进展", "2024年 年度计划"
    field: str
    old: str
    new: str


def _label(model, name: str) -> str:
    if name in STAGE_DATE_LABELS:
        return STAGE_DATE_LABELS[name]
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:  # a field since removed: show its stored name
        return name


def _names(events) -> dict[tuple[type, str], str]:
    """Names for the ids of foreign keys found in `events` (region, unit, owner …)."""
    wanted: dict[type, set] = {}
    for event in events:
        for name, values in event.changes.items():
            if name in NAMES and isinstance(values, list):
                wanted.setdefault(NAMES[name], set()).update(v for v in values if v is not None)
    return {(model, str(pk)): name for model, pks in wanted.items()
            for pk, name in model.objects.filter(pk__in=pks).values_list("pk", "name")}


def _shown(name: str, value, names) -> str:
    if value is None or value == "":
        return "—"
    if name in NAMES:
        return names.get((NAMES[name], str(value)), str(value))
    if name == "stage":
        return STAGE_LABELS.get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def project_history(project: Project) -> list[Change]:
    progress = {str(pk): f"{year}-{month:02d} 月度进展" for pk, year, month in
                project.progress.values_list("pk", "year", "month")}
    plans = {str(pk): f"{year}年 年度计划" for pk, year in
             project.year_plans.values_list("pk", "year")}
    models = {"projects.Project": Project, "projects.MonthlyProgress": MonthlyProgress,
              "projects.YearPlan": YearPlan}
    events = list(AuditEvent.objects.filter(
        Q(object_type="projects.Project", object_id=str(project.pk))
        | Q(object_type="projects.MonthlyProgress", object_id__in=progress)
        | Q(object_type="projects.YearPlan", object_id__in=plans),
        action=AuditEvent.Action.UPDATE)[:SHOWN])
    names = _names(events)
    what = {"projects.Project": {str(project.pk): "项目"}, "projects.MonthlyProgress": progress,
            "projects.YearPlan": plans}
    return [Change(event.at, event.actor_name, what[event.object_type][event.object_id],
                   _label(models[event.object_type], name), _shown(name, values[0], names),
                   _shown(name, values[1], names))
            for event in events for name, values in event.changes.items()
            if name not in HIDDEN and isinstance(values, list) and len(values) == 2]
