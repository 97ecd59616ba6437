from django import template

register = template.Library()


def _show(value) -> str:
    return "（空）" if value in (None, "") else str(value)


@register.filter
def audit_change(change) -> str:
    """[old, new] → "old → new"; a many-to-many change → "增加：…；移除：…"."""
    if isinstance(change, list) and len(change) == 2:
        return f"{_show(change[0])} → {_show(change[1])}"
    if isinstance(change, dict):
        parts = []
        if change.get("added"):
            parts.append("增加：" + "、".join(change["added"]))
        if change.get("removed"):
            parts.append("移除：" + "、".join(change["removed"]))
        if "username" in change:
            parts.append(f"用户名：{change['username']}")
        return "；".join(parts)
    return _show(change)
