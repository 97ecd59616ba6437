"""`{% vendor_static "htmx.org" "htmx.min.js" %}`: the URL of a vendored file at the
version the manifest pins, so that a version is written down in one place only."""

import json
from functools import cache
from importlib import resources

from django import template
from django.templatetags.static import static

register = template.Library()


@cache
def manifest() -> dict:
    path = resources.files("qiangshi").joinpath("static", "vendor", "manifest.json")
    return json.loads(path.read_text(encoding="utf-8"))


@register.simple_tag
def vendor_static(package: str, filename: str) -> str:
    entry = manifest()[package]
    if filename not in entry["sha256"]:
        raise template.TemplateSyntaxError(f"{package} 未打包文件 {filename}")
    return static(f"vendor/{package}/{entry['version']}/{filename}")
