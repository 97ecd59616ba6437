"""Reads for the accounts app. Every business list goes through scope_filter."""

import datetime

import polars as pl
from django.apps import apps

from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404, user_sees_everything
from qiangshi.params import date_of

# The whole city: the region shown to those who see everything or have no region of their own.
CITY = "370100"


def region_list(*, user):
    return scope_filter(Region.objects.select_related("parent"), user=user)


def region_get(*, user, code: str) -> Region:
    return scoped_get_or_404(Region.objects.select_related("parent"), user=user, code=code)


def unit_list(*, user, kind: str = ""):
    units = scope_filter(Unit.objects.select_related("region"), user=user)
    return units.filter(kind=kind) if kind else units


def unit_get(*, user, code: str) -> Unit:
    return scoped_get_or_404(Unit.objects.select_related("region"), user=user, code=code)


def default_region(user) -> str:
    if user_sees_everything(user):
        return CITY
    region = user.regions.order_by("sort_order").first()
    return region.code if region else CITY


def _chain_titles(codes: list[str]) -> list[str]:
    """Chain codes → their Chinese names (a page shows no code); the chains app lies above
    this one, so its model is named by string."""
    if not codes:
        return []
    titles = dict(apps.get_model("chains", "ChainVersion").objects.filter(name__in=codes)
                  .order_by("name", "version").values_list("name", "title"))
    return [titles.get(code, code) for code in codes]


def scope_describe(user) -> str:
    """The user's data scope in words, for the page header."""
    if user_sees_everything(user):
        return "全市"
    parts = [r.short_name for r in user.regions.all()]
    parts += [u.short_name for u in user.units.all()]
    parts += [f"产业链 {name}" for name in _chain_titles(user.chain_codes or [])]
    return "、".join(parts) or "无数据范围"


def audit_events(*, action="", username="", object_type="", date_from=None, date_to=None):
    events = AuditEvent.objects.all()
    if action:
        events = events.filter(action=action)
    if username:
        events = events.filter(actor_name__icontains=username)
    if object_type:
        events = events.filter(object_type=object_type)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="").order_by("object_type")
        .values_list("object_type", flat=True).distinct()
    )


def audit_events_of_user(*, user):
    return AuditEvent.objects.filter(actor=user)


def parse_date(value: str) -> datetime.date | None:
    return date_of(value)


def region_lookup(*, kinds: tuple[str, ...] | None = None) -> pl.DataFrame:
    """region_key (code, full name or short name, as typed in a file) → region_id, kind."""
    regions = Region.objects.all()
    if kinds:
        regions = regions.filter(kind__in=kinds)
    rows = [
        (key, pk, kind)
        for pk, kind, *keys in regions.values_list("pk", "kind", "code", "name", "short_name")
        for key in keys
    ]
    return pl.DataFrame(rows, orient="row", schema={
        "region_key": pl.String, "region_id": pl.Int64, "region_kind": pl.String,
    }).unique("region_key", keep="first", maintain_order=True)
