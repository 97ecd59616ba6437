"""Reads of documents: issued ones for everyone who reads bulletins, drafts for those who edit."""

from django.db.models import Count, Min

from qiangshi.accounts.scoping import scope_filter
from qiangshi.bulletins.models import Document


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
