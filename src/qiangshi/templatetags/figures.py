"""Showing figures the way Chinese statistical tables do."""

from django import template

register = template.Library()


@register.filter
def percent(value, digits=1) -> str:
    """0.734 → "73.4%"; None → "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.{int(digits)}f}%"


@register.filter
def percent_value(value, digits=2) -> str:
    """A value already in per cent: 6.25 → "6.25%"."""
    return "—" if value is None else f"{number(value, digits)}%"


@register.filter
def bar_width(value) -> str:
    """A share as a CSS width, clipped to 0–100 %."""
    if value is None:
        return "0%"
    return f"{min(max(value, 0.0), 1.0) * 100:.1f}%"


@register.filter
def number(value, digits=2) -> str:
    """Up to `digits` decimals without trailing zeros, thousands separated."""
    if value is None:
        return "—"
    text = f"{value:,.{int(digits)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def yi(value, digits=2) -> str:
    """An amount in 万元 shown in 亿元: 123456 → "12.35"."""
    return "—" if value is None else number(value / 10_000, digits)
