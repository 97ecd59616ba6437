"""Reads for the enterprise pages, every one through the scoping selector."""

import polars as pl
from django.db.models import Exists, Max, OuterRef, Q

from qiangshi.accounts.scoping import scope_filter, scope_keys, scoped_get_or_404
from qiangshi.enterprises.industry_groups import groups_current
from qiangshi.enterprises.models import Enterprise, Fact, Honour

SORTS = {"name": "name", "-name": "-name", "uscc": "uscc", "industry": "industry_code",
         "region": "region__sort_order", "size": "size_class", "updated": "-updated_at"}


def enterprise_list(*, user, q="", region="", industry="", honour="", size="", above_scale="",
                    sort="name"):
    firms = scope_filter(Enterprise.objects.select_related("region", "zone"), user=user)
    if q:
        firms = firms.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper())
                             | Q(former_names__icontains=q))
    if region:
        firms = firms.filter(Q(region__code=region) | Q(zone__code=region))
    if industry:
        firms = firms.filter(industry_code__startswith=industry)
    if honour:
        firms = firms.filter(Exists(Honour.objects.filter(enterprise=OuterRef("pk"), kind=honour)))
    if size:
        firms = firms.filter(size_class=size)
    if above_scale in {"1", "0"}:
        firms = firms.filter(above_scale=above_scale == "1")
    return firms.order_by(SORTS.get(sort, "name"), "pk")


def enterprise_get(*, user, uscc: str) -> Enterprise:
    return scoped_get_or_404(Enterprise.objects.select_related("region", "zone"), user=user,
                             uscc=uscc)


def enterprise_named(uscc: str) -> Enterprise | None:
    """A registered firm by its code, whoever may read it: a chain's task force names a firm
    not yet on its chain (and so not yet in its scope) to attach it."""
    return Enterprise.objects.filter(uscc=uscc.strip().upper()).first()


def enterprises_by_pk(ids, *, user) -> dict[int, Enterprise]:
    """The firms among `ids` in the user's scope, with their district."""
    return scope_filter(Enterprise.objects.filter(pk__in=list(ids)), user=user
                        ).select_related("region").in_bulk()


def industry_groups_label() -> str:
    """Which industry lists are in force, as a method version names them."""
    return groups_current()[1]


def enterprise_ids(usccs: list[str] | None = None) -> dict[str, int]:
    """uscc → id of the registered firms (all, or those among `usccs`)."""
    firms = Enterprise.objects.all() if usccs is None else Enterprise.objects.filter(uscc__in=usccs)
    return dict(firms.values_list("uscc", "pk"))


def above_scale_usccs() -> list[str]:
    return list(Enterprise.objects.filter(above_scale=True).values_list("uscc", flat=True))


def fact_year_latest() -> int | None:
    """The newest year with yearly facts."""
    return Fact.objects.aggregate(year=Max("year"))["year"]


def facts_exist() -> bool:
    return Fact.objects.exists()


def enterprise_rows(ids=None):
    """The firms with `ids` (every firm when None), unscoped: for computations over the
    registry, never for a page."""
    return Enterprise.objects.all() if ids is None else Enterprise.objects.filter(pk__in=ids)


def enterprises_with_uscc(uscc: str):
    return Enterprise.objects.filter(uscc=uscc)


def enterprises_named(ids) -> list[Enterprise]:
    """The firms with `ids`, ordered by name."""
    return list(Enterprise.objects.filter(pk__in=list(ids)).order_by("name"))


def visible_firms_expr(*, user, column: str = "enterprise_id") -> pl.Expr:
    """The rows of a polars frame whose `column` holds a firm `user` may read."""
    return scope_keys(Enterprise.objects.all(), user=user, column=column)


def honour_rows(enterprises=None):
    """The honours of `enterprises` (a queryset of firms; every honour when None)."""
    return Honour.objects.all() if enterprises is None else Honour.objects.filter(
        enterprise__in=enterprises)


def registry_changed_since(moment) -> bool:
    """Whether a firm or one of its yearly facts changed after `moment`."""
    return (Fact.objects.filter(updated_at__gt=moment).exists()
            or Enterprise.objects.filter(updated_at__gt=moment).exists())


def base_figures(ids, *, year: int) -> dict[int, tuple]:
    """enterprise id → (revenue, profit) of `year` as stored (Decimal or None)."""
    return {e: (r, p) for e, r, p in Fact.objects.filter(year=year, enterprise_id__in=list(ids))
            .values_list("enterprise_id", "revenue", "profit")}


def honour_labels() -> tuple[dict[str, str], dict[str, str]]:
    """(kind → name, level → name) of honours, for wording conditions on them."""
    return dict(Honour.Kind.choices), dict(Honour.Level.choices)
