"""The other documents people print (issue 16 §2), each written by engine.bulletin from one
stored row and kept as a draft that is edited and issued like a bulletin: the 督办通知单 of a
督办, the 催报函 to a late unit, the 考核通报 of an assessment run, the 亩均 公示名单 of an
evaluation run."""

import datetime

import polars as pl
from django.conf import settings
from django.utils import timezone

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.selectors import CITY
from qiangshi.assessment.models import Run as AssessmentRun
from qiangshi.bulletins.inputs import run_ranking
from qiangshi.bulletins.models import Document
from qiangshi.bulletins.services import DocumentRefused, draft_save
from qiangshi.engine.bulletin import (
    BulletinInputInvalid,
    BulletinPeriod,
    assessment_notice,
    dispatch_notice,
    mujun_list,
    reporting_reminder,
)
from qiangshi.engine.bulletin.words import MONTHLY, YEARLY
from qiangshi.engine.hashing import input_hash
from qiangshi.evaluation.models import Run as EvaluationRun
from qiangshi.plan.models import Plan
from qiangshi.plan.reporting.obligations import overdue_rows
from qiangshi.projects.models import Dispatch

METHOD_VERSION = "bulletin-1"
# Days a 亩均 公示 stays open for objections; a platform default the analyst may edit in the draft.
PUBLICITY_DAYS = 7
# Days a 催报函 gives a late unit to report.
REMINDER_DAYS = 3


def _save(kind: str, document, *, year: int, month: int, period_type: str, sources: dict,
          fingerprint: dict) -> Document:
    return draft_save(kind=kind, year=year, month=month, period_type=period_type,
                      region=Region.objects.get(code=CITY), document=document, facts=[],
                      sources=sources,
                      input_hash=input_hash(pl.DataFrame([fingerprint]), method=METHOD_VERSION),
                      method_version=METHOD_VERSION)


def _organ() -> dict:
    return {"organ": settings.BULLETIN_ORGAN, "signer": settings.BULLETIN_ORGAN, "date": timezone.localdate()}


def _written(build):
    try:
        return build()
    except BulletinInputInvalid as invalid:
        raise DocumentRefused("；".join(invalid.problems)) from None


def dispatch_draft(dispatch: Dispatch) -> Document:
    project = dispatch.project
    document = _written(lambda: dispatch_notice(
        unit=dispatch.unit.name, project=f"{project.name}（{project.code}）",
        region=project.region.short_name or project.region.name, rule=dispatch.rule, stall_days=None,
        request=dispatch.request, deadline=dispatch.deadline, **_organ()))
    issued = timezone.localtime(dispatch.issued_at).date()
    return _save(Document.Kind.DISPATCH, document, year=issued.year, month=issued.month,
                 period_type=Document.PeriodType.MONTHLY, sources={"督办单": f"#{dispatch.pk}"},
                 fingerprint={"dispatch": dispatch.pk, "status": dispatch.status,
                              "deadline": dispatch.deadline.isoformat(), "request": dispatch.request})


def reminder_draft(plan: Plan, unit: Unit, *, today: datetime.date) -> Document:
    owed = [{"indicator": row["indicator_name"], "period_label": row["period"],
             "due_on": datetime.date.fromisoformat(row["due"])}
            for row in overdue_rows(plan, today=today, units=Unit.objects.filter(pk=unit.pk))]
    if not owed:
        raise DocumentRefused(f"{unit.name}目前没有逾期未报的数据，无需催报")
    document = _written(lambda: reporting_reminder(
        unit=unit.name, owed=owed, deadline=today + datetime.timedelta(days=REMINDER_DAYS), **_organ()))
    return _save(Document.Kind.REMINDER, document, year=today.year, month=today.month,
                 period_type=Document.PeriodType.MONTHLY, sources={"催报单位": unit.name},
                 fingerprint={"unit": unit.code, "owed": str(owed), "today": today.isoformat()})


def assessment_draft(run: AssessmentRun) -> Document:
    units = run.units.select_related("region").exclude(rank=None).order_by("rank")
    rows = run_ranking(units)
    items = [{"region": u.region.short_name or u.region.name, "name": item.name, "score": item.score}
             for u in units.prefetch_related("items") for item in u.items.all() if item.score is not None]
    kind = YEARLY if run.period_type == AssessmentRun.PeriodType.YEARLY else MONTHLY
    document = _written(lambda: assessment_notice(
        period=BulletinPeriod(run.year, run.month, kind), scheme_title=run.scheme.title,
        scheme_number=run.scheme.document_number, units=rows, items=items, **_organ()))
    return _save(Document.Kind.ASSESSMENT, document, year=run.year, month=run.month,
                 period_type=Document.PeriodType.YEARLY if kind == YEARLY else Document.PeriodType.MONTHLY,
                 sources={"专项考核": f"#{run.pk}"}, fingerprint={"run": run.pk, "hash": run.input_hash})


def mujun_draft(run: EvaluationRun) -> Document:
    results = run.results.select_related("region").order_by("klass", "group", "rank", "name")
    firms = [{"name": r.name, "uscc": r.uscc, "region": r.region.short_name if r.region else "",
              "group": r.group, "score": r.total, "group_rank": r.rank, "grade": r.klass,
              "surcharge": f"{r.surcharge_kwh:g}元/千瓦时" if r.surcharge_kwh else ""}
             for r in results if r.evaluated and r.klass in "ABCD"]
    exempt = [{"name": r.name, "uscc": r.uscc, "region": r.region.short_name if r.region else "",
               "reason": "、".join(str(rule) for rule in r.rules) or "暂不评价"}
              for r in results if not r.evaluated]
    today = timezone.localdate()
    document = _written(lambda: mujun_list(
        year=run.year, method_title=run.method.title, firms=firms, exempt=exempt,
        publicity_end=today + datetime.timedelta(days=PUBLICITY_DAYS), **_organ()))
    return _save(Document.Kind.MUJUN, document, year=run.year, month=12,
                 period_type=Document.PeriodType.YEARLY, sources={"亩均评价": f"#{run.pk}"},
                 fingerprint={"run": run.pk, "hash": run.input_hash})
