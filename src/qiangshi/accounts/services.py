"""Writes for the accounts app: reference data loading and user set-up."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction

from qiangshi import reference
from qiangshi.accounts.models import Region, Unit, User
from qiangshi.accounts.roles import ROLE_BY_CODE


@dataclass
class LoadCounts:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self, label: str) -> str:
        return (
            f"{label}：新增 {len(self.created)}，更新 {len(self.updated)}，未变 {self.unchanged}"
        )


def _upsert(model, *, code: str, values: dict, counts: LoadCounts):
    """Create the row, or change only what differs, so that loading twice writes nothing."""
    obj = model.objects.filter(code=code).first()
    if obj is None:
        obj = model.objects.create(code=code, **values)
        counts.created.append(code)
        return obj
    changed = {name for name, value in values.items() if getattr(obj, name) != value}
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=sorted(changed))
        counts.updated.append(code)
    else:
        counts.unchanged += 1
    return obj


@transaction.atomic
def reference_load() -> tuple[LoadCounts, LoadCounts]:
    regions = LoadCounts()
    by_code: dict[str, Region] = {}
    for record in reference.regions():
        by_code[record.code] = _upsert(
            Region,
            code=record.code,
            values={
                "name": record.name, "short_name": record.short_name, "kind": record.kind,
                "parent": by_code.get(record.parent_code), "official_code": record.official_code,
                "note": record.note, "sort_order": record.sort_order,
            },
            counts=regions,
        )
    units = LoadCounts()
    for record in reference.units():
        _upsert(
            Unit,
            code=record.code,
            values={
                "name": record.name, "short_name": record.short_name,
                "aliases": list(record.aliases), "kind": record.kind,
                "region": by_code.get(record.region_code), "sort_order": record.sort_order,
            },
            counts=units,
        )
    return regions, units


@transaction.atomic
def user_create(
    *, username: str, password: str, display_name: str, role: str,
    region_codes=(), unit_codes=(), chain_codes=(), scope_all: bool | None = None,
) -> User:
    """A user in one role with its scope; whole-city roles get the whole city unless told not to."""
    spec = ROLE_BY_CODE[role]
    user = User(
        username=username, display_name=display_name,
        scope_all=spec.scope == "all" if scope_all is None else scope_all,
        is_staff=role == "admin", is_superuser=role == "admin", chain_codes=list(chain_codes),
    )
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=spec.name))
    if region_codes:
        user.regions.set(Region.objects.filter(code__in=region_codes))
    if unit_codes:
        user.units.set(Unit.objects.filter(code__in=unit_codes))
    return user
