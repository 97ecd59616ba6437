"""The one place that decides which rows a user may read.

A model says how its rows relate to the three scope dimensions with a class
attribute, e.g. `scope_paths = {"region": "region", "unit": ("lead_units",
"supporting_units"), "chain": "chain__code"}`: a lookup, several lookups, or
`ALL` when everyone scoped in that dimension may read every row (every district
reads the plan's indicators, but only its own figures). A user sees a row
when any dimension matches; a user scoped to the whole city sees every row.
Views read through `scope_filter` and fetch single rows through `scoped_get_or_404`, so a guessed URL to a row
outside the scope answers 404, the same as a row that does not exist. A polars frame is
filtered with `scope_expr` (its columns per dimension) or `scope_keys` (its keys, as far as
`scope_filter` lets the user see the rows they name): the same rule, never rewritten.
"""

from functools import reduce
from operator import or_

import polars as pl
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.shortcuts import get_object_or_404


def user_sees_everything(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.scope_all)


def scope_values(user) -> dict[str, list]:
    """The user's regions, units and chains. The regions and units are read once per user
    object: a page filters many querysets by the same scope (two queries each otherwise), and
    a request's user object lives for that request only."""
    places = getattr(user, "_scope_places", None)
    if places is None:
        places = user._scope_places = (list(user.regions.values_list("pk", flat=True)),
                                       list(user.units.values_list("pk", flat=True)))
    return {"region": places[0], "unit": places[1], "chain": list(user.chain_codes or [])}


ALL = "*"


def _paths(model) -> dict[str, tuple[str, ...]]:
    paths = getattr(model, "scope_paths", None)
    if paths is None:
        raise ImproperlyConfigured(f"{model._meta.label} 未声明 scope_paths，不能按数据范围过滤")
    return {dim: (path,) if isinstance(path, str) else tuple(path) for dim, path in paths.items()}


def scope_key(user) -> str:
    """A short text that differs whenever two users' scopes differ (for cache keys)."""
    if user_sees_everything(user):
        return "all"
    values = scope_values(user)
    return "|".join(f"{dim}:{','.join(map(str, sorted(values[dim])))}" for dim in sorted(values))


def scope_q(model, user) -> Q | None:
    """The condition on `model` for what `user` may read: None when nothing matches,
    an empty Q when everything does."""
    values = scope_values(user)
    conditions = []
    for dimension, paths in _paths(model).items():
        if not values[dimension]:
            continue
        if ALL in paths:
            return Q()
        conditions += [Q(**{f"{path}__in": values[dimension]}) for path in paths]
    return reduce(or_, conditions) if conditions else None


def _crosses_many(model, path: str) -> bool:
    for name in path.split("__"):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def scope_filter(queryset, *, user):
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user_sees_everything(user):
        return queryset
    model = queryset.model
    condition = scope_q(model, user)
    if condition is None:
        return queryset.none()
    if not condition:
        return queryset
    if any(_crosses_many(model, path) for paths in _paths(model).values() for path in paths
           if path != ALL):
        # A join through a many-valued relation would repeat rows; filter by key instead.
        return queryset.filter(pk__in=model._base_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def scoped_get_or_404(queryset, *, user, **lookup):
    return get_object_or_404(scope_filter(queryset, user=user), **lookup)


def scope_expr(user, **columns: str | tuple[str, ...]) -> pl.Expr:
    """The rows of a polars frame `user` may read, as scope_filter decides for a queryset:
    `columns` names the frame's column(s) per dimension, e.g. region=("region_id",
    "zone_id"), unit="unit_id". A user of None (the command line) reads everything."""
    if user is None or user_sees_everything(user):
        return pl.lit(True)
    if not (user.is_authenticated and user.is_active):
        return pl.lit(False)
    values = scope_values(user)
    conditions = [pl.col(column).is_in(values[dimension]).fill_null(False)
                  for dimension, names in columns.items() if values[dimension]
                  for column in ((names,) if isinstance(names, str) else names)]
    return pl.any_horizontal(conditions) if conditions else pl.lit(False)


def scope_keys(queryset, *, user, column: str, field: str = "pk") -> pl.Expr:
    """The rows of a polars frame whose `column` names (by `field`) a row of `queryset`
    that `user` may read: for frames whose scope follows a model's relations."""
    if user is None or user_sees_everything(user):
        return pl.lit(True)
    keys = scope_filter(queryset, user=user).order_by().values_list(field, flat=True).distinct()
    return pl.col(column).is_in(list(keys))
