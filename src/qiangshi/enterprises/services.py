"""Writes into the registry that other apps ask for (their door in; imports have their own).

A correction another app decides (an upheld 亩均 appeal) changes a firm's yearly figures here,
so that every change to a Fact keeps its FactRevision and its audit entry, whoever asked.
"""

from decimal import Decimal

from django.db import transaction

from qiangshi.accounts.audit import audit_changes
from qiangshi.accounts.context import current_actor
from qiangshi.enterprises.models import FACT_FIELDS, Enterprise, Fact, FactRevision
from qiangshi.enterprises.signals import registry_changed
from qiangshi.field_values import ValueRefused, number_for_field

# Only a profit may be negative; every other yearly figure is an amount, a quantity or a count.
SIGNED_KINDS = {"signed_money"}
# An area is what the 亩均 figures divide by: zero land makes them meaningless.
POSITIVE_KINDS = {"area"}


def fact_value(field: str, text) -> Decimal | int:
    """The stored value of `text` for the yearly figure `field`; ValueRefused (in Chinese) for an
    unknown field, an empty or malformed number, or a negative amount."""
    if field not in FACT_FIELDS:
        raise ValueRefused(f"没有名为“{str(field)[:20]}”的企业年度数据项")
    label, kind = FACT_FIELDS[field]
    value = number_for_field(Fact._meta.get_field(field), text)
    if value is None:
        raise ValueRefused(f"请填写{label}的更正值")
    if value < 0 and kind not in SIGNED_KINDS:
        raise ValueRefused(f"{label}不能为负数：{str(text)[:40]}")
    if value == 0 and kind in POSITIVE_KINDS:
        raise ValueRefused(f"{label}应大于 0：{str(text)[:40]}")
    return value


@transaction.atomic
def fact_correct(enterprise_id: int, year: int, values: dict[str, str], *, source: str,
                 user) -> list[FactRevision]:
    """Set the firm's figures of `year` to `values` (field → text); each changed figure keeps a
    FactRevision whose source is `source` (who asked, e.g. the appeal). Unchanged figures write
    nothing. Fact.DoesNotExist when the firm has no figures for the year."""
    fact = Fact.objects.select_for_update().get(enterprise_id=enterprise_id, year=year)
    parsed = {field: fact_value(field, text) for field, text in values.items()}
    changed = {field: (getattr(fact, field), value) for field, value in parsed.items()
               if getattr(fact, field) != value}
    if not changed:
        return []
    actor = current_actor()
    by = user if user is not None else actor.user
    for field, (_, value) in changed.items():
        setattr(fact, field, value)
    fact.updated_by = by
    fact.save(update_fields=[*changed, "updated_by", "updated_at"])
    revisions = FactRevision.objects.bulk_create([
        FactRevision(fact=fact, field=field, old_value="" if old is None else str(old),
                     new_value=str(new), source=source[:200], changed_by=by,
                     changed_by_name=actor.name)
        for field, (old, new) in changed.items()])
    # Fact is audit-exempt (imports write one entry per file): a correction is audited per row.
    audit_changes(Fact, [(fact.pk, fact, {f: [old, new] for f, (old, new) in changed.items()})])
    transaction.on_commit(lambda: registry_changed.send(sender=Enterprise))
    return revisions
