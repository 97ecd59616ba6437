"""The audit trail: every create, update and delete of stored data, and every log-in event.

Saves through the ORM are caught by signals, so a module gets auditing by
storing its models in a qiangshi app. Bulk writes (queryset.update,
bulk_create) bypass signals: services that use them call `audit_record`
themselves.
"""

import datetime
import decimal
import uuid

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from qiangshi.accounts.context import current_actor, request_actor

MASKED = "******"
# Fields whose changes say nothing about the business data.
IGNORED_FIELDS = {"last_login"}
SECRET_FIELDS = {"password"}


def audited(model) -> bool:
    if getattr(model, "audit_exempt", False):
        return False
    return model.__module__.startswith("qiangshi.") or model._meta.label == "auth.Group"


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.attname not in IGNORED_FIELDS]


def _normalise(field, value):
    try:
        return _jsonable(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        # A value the field cannot parse is still recorded, as it was given.
        return _jsonable(value)


def snapshot(instance) -> dict:
    fields = _fields(type(instance))
    return {f.attname: _normalise(f, f.value_from_object(instance)) for f in fields}


def _stored(model, pk) -> dict | None:
    row = model._base_manager.filter(pk=pk).values(*[f.attname for f in _fields(model)]).first()
    if row is None:
        return None
    return {f.attname: _normalise(f, row[f.attname]) for f in _fields(model)}


def diff(before: dict | None, after: dict | None) -> dict:
    """Field → [old, new] for every field that differs; secrets are masked."""
    before, after = before or {}, after or {}
    changes = {}
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [MASKED, MASKED] if name in SECRET_FIELDS else [old, new]
    return changes


def audit_record(*, action, obj=None, object_type="", object_id="", object_repr="",
                 changes=None, actor=None):
    from qiangshi.accounts.models import AuditEvent

    actor = actor or current_actor()
    if obj is not None:
        object_type = obj._meta.label
        object_id = str(obj.pk)
        object_repr = str(obj)[:200]
    return AuditEvent.objects.create(
        actor=actor.user, actor_name=actor.name, ip=actor.ip, channel=actor.channel,
        action=action, object_type=object_type, object_id=object_id,
        object_repr=object_repr, changes=changes or {},
    )


def audit_changes(model, changed, *, action=None, actor=None) -> int:
    """One audit entry per changed row of `model` written in bulk (bulk_update and raw
    inserts bypass the signals): `changed` yields (object id, object repr, {field: [old,
    new]}), e.g. from an import comparing stored and new values. Values are made
    JSON-safe; rows without changes are skipped. Returns the number of entries."""
    from qiangshi.accounts.models import AuditEvent

    actor = actor or current_actor()
    action = action or AuditEvent.Action.UPDATE
    events = [AuditEvent(actor=actor.user, actor_name=actor.name, ip=actor.ip,
                         channel=actor.channel, action=action, object_type=model._meta.label,
                         object_id=str(object_id), object_repr=str(label)[:200],
                         changes=_jsonable(changes))
              for object_id, label, changes in changed if changes]
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not audited(sender):
        return
    adding = instance._state.adding or instance.pk is None
    instance._audit_before = None if adding else _stored(sender, instance.pk)


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or not audited(sender):
        return
    from qiangshi.accounts.models import AuditEvent

    before = None if created else getattr(instance, "_audit_before", None)
    changes = diff(before, snapshot(instance))
    if changes:
        action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
        audit_record(action=action, obj=instance, changes=changes)


def _after_delete(sender, instance, **kwargs):
    if not audited(sender):
        return
    from qiangshi.accounts.models import AuditEvent

    audit_record(
        action=AuditEvent.Action.DELETE, obj=instance, changes=diff(snapshot(instance), None)
    )


def _m2m_field_name(instance, through) -> str:
    for field in instance._meta.many_to_many:
        if field.remote_field.through is through:
            return field.name
    return through._meta.model_name


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not audited(type(instance)):
        return
    from qiangshi.accounts.models import AuditEvent

    name = _m2m_field_name(instance, sender)
    if action == "pre_clear":
        instance._audit_m2m_cleared = [str(o) for o in getattr(instance, name).all()]
        return
    if action == "post_clear":
        removed = getattr(instance, "_audit_m2m_cleared", [])
        change = {"removed": removed}
    elif action in {"post_add", "post_remove"} and pk_set:
        labels = sorted(str(o) for o in model._base_manager.filter(pk__in=pk_set))
        change = {"added" if action == "post_add" else "removed": labels}
    else:
        return
    audit_record(action=AuditEvent.Action.UPDATE, obj=instance, changes={name: change})


def _logged_in(sender, request, user, **kwargs):
    from qiangshi.accounts.models import AuditEvent

    audit_record(action=AuditEvent.Action.LOGIN, obj=user, actor=request_actor(request, user))


def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    from qiangshi.accounts.models import AuditEvent

    audit_record(
        action=AuditEvent.Action.LOGOUT, obj=user, actor=request_actor(request, user)
    )


def _login_failed(sender, credentials, request=None, **kwargs):
    from qiangshi.accounts.models import AuditEvent

    username = credentials.get("username", "")
    actor = request_actor(request) if request is not None else current_actor()
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED, object_type="accounts.User",
        object_repr=username[:200], changes={"username": username}, actor=actor,
    )


def connect() -> None:
    pre_save.connect(_before_save, dispatch_uid="qiangshi_audit_pre_save")
    post_save.connect(_after_save, dispatch_uid="qiangshi_audit_post_save")
    post_delete.connect(_after_delete, dispatch_uid="qiangshi_audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="qiangshi_audit_m2m")
    user_logged_in.connect(_logged_in, dispatch_uid="qiangshi_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="qiangshi_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="qiangshi_audit_login_failed")
