"""Reads of documents: issued ones for everyone who reads bulletins, drafts for those who edit."""

from django.db.models import Count, Min

from qiangshi.accounts.models import Unit
from qiangshi.accounts.scoping import scope_filter
from qiangshi.assessment.models import Run as AssessmentRun
from qiangshi.bulletins.models import Document, Letterhead
from qiangshi.evaluation.models import Run as EvaluationRun
from qiangshi.plan.reporting.obligations import overdue
from qiangshi.plan.selectors import plan_current
from qiangshi.projects.models import Dispatch


def documents_for(user):
    """Every document `user` may open: issued ones, and drafts for those who may edit them."""
    documents = scope_filter(Document.objects.select_related("region"), user=user)
    if not user.has_perm("bulletins.change_document"):
        documents = documents.filter(status=Document.Status.ISSUED)
    return documents


def issued(*, user):
    return documents_for(user).filter(status=Document.Status.ISSUED).order_by("-issued_at", "-pk")


def drafts(*, user):
    return documents_for(user).filter(status=Document.Status.DRAFT).order_by("-created_at", "-pk")


def latest_issued(*, user, kind: str = Document.Kind.BULLETIN) -> Document | None:
    return issued(user=user).filter(kind=kind).first()


def drafts_waiting() -> tuple[int, object]:
    """How many drafts wait to be issued and since when, for the 待办 of those who issue."""
    found = Document.objects.filter(status=Document.Status.DRAFT).aggregate(
        n=Count("pk"), first=Min("created_at"))
    return found["n"], found["first"]


def other_sources(*, today) -> dict[str, list[tuple[int, str]]]:
    """What the other documents can be drafted from: (id, label) per kind."""
    dispatches = Dispatch.objects.exclude(status=Dispatch.Status.CLOSED).select_related(
        "project", "unit").order_by("deadline")[:50]
    plan = plan_current()
    late = {o.unit.pk: o.unit.name for o in overdue(plan, today=today)} if plan else {}
    return {
        "dispatch": [(d.pk, f"{d.project.name} · {d.unit.name}（期限 {d.deadline:%Y-%m-%d}）")
                     for d in dispatches],
        "reminder": sorted(late.items(), key=lambda item: item[1]),
        "assessment": [(r.pk, f"{r.period_label} {r.scheme.title}")
                       for r in AssessmentRun.objects.select_related("scheme")[:24]],
        "mujun": [(r.pk, f"{r.year}年度 {r.method.title}（批次 #{r.pk}）")
                  for r in EvaluationRun.objects.select_related("method").order_by("-year", "-pk")[:10]],
    }


def other_source(kind: str, pk: int, *, today):
    """The stored row a document of `kind` is drafted from (a late unit with the plan for a
    催报函), None when there is none."""
    if kind == "dispatch":
        return Dispatch.objects.select_related("project", "project__region", "unit").filter(pk=pk).first()
    if kind == "assessment":
        return AssessmentRun.objects.select_related("scheme").filter(pk=pk).first()
    if kind == "mujun":
        return EvaluationRun.objects.select_related("method").filter(pk=pk).first()
    plan = plan_current()
    unit = Unit.objects.filter(pk=pk).first()
    return (plan, unit) if plan is not None and unit is not None else None


def letterheads():
    """The newest version of every 版头 template, and all versions for the history."""
    return Letterhead.objects.order_by("name", "-version")


def letterhead_choices() -> list[Letterhead]:
    newest = {}
    for letterhead in letterheads():
        newest.setdefault(letterhead.name, letterhead)
    return list(newest.values())
