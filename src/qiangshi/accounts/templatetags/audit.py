from django import template
from django.apps import apps

register = template.Library()
EMPTY = (None, "", [], {})


def _show(value) -> str:
    if value in EMPTY:
        return "（空）"
    if value is True or value is False:
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _model(object_type: str):
    try:
        return apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        return None


@register.filter
def model_label(object_type: str) -> str:
    """"accounts.Region" → "行政区划与功能区"; a type no longer installed stays as stored."""
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def _labels(object_type: str) -> dict[str, str]:
    model = _model(object_type)
    if model is None:
        return {}
    return {
        f.attname: str(f.verbose_name)
        for f in model._meta.get_fields()
        if getattr(f, "attname", None) and getattr(f, "verbose_name", None)
    }


def _describe(action: str, change) -> str | None:
    if isinstance(change, list) and len(change) == 2:
        old, new = change
        if action == "create":
            return None if new in EMPTY else _show(new)
        if action == "delete":
            return None if old in EMPTY else _show(old)
        return f"{_show(old)} → {_show(new)}"
    if isinstance(change, dict):
        parts = []
        if change.get("added"):
            parts.append("增加 " + "、".join(change["added"]))
        if change.get("removed"):
            parts.append("移除 " + "、".join(change["removed"]))
        return "；".join(parts) or None
    return _show(change)


@register.simple_tag
def audit_rows(event) -> list[tuple[str, str]]:
    """The event's changes as (Chinese field label, readable change), empty values left out
    of creations and deletions; the stored record keeps every field."""
    labels = _labels(event.object_type)
    rows = []
    for name, change in event.changes.items():
        text = _describe(event.action, change)
        if text is not None:
            rows.append((labels.get(name, name), text))
    return rows
