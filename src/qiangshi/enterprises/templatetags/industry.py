from functools import cache

from django import template

from qiangshi.reference.classifications import industry_tree

register = template.Library()


@cache
def _names() -> dict[str, str]:
    return dict(industry_tree().select("code", "name").iter_rows())


@register.filter
def industry_name(code: str) -> str:
    """"3911" → "计算机整机制造"; an unknown code stays as it is."""
    return _names().get(code, code)
