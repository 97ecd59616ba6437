"""Reads for the enterprise pages, every one through the scoping selector."""

from django.db.models import Exists, OuterRef, Q

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.enterprises.models import Enterprise, Honour

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
