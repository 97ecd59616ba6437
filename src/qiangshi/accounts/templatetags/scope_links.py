"""Links a page shows only when the reader may open them: a unit outside a district user's
scope answers 404, so its name is shown without a link."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from qiangshi.accounts.models import Unit
from qiangshi.accounts.scoping import scope_filter

register = template.Library()


def _units_visible(request) -> set[int]:
    # Counted once per request, however many unit names the page lists.
    if not hasattr(request, "_units_visible"):
        request._units_visible = set(scope_filter(Unit.objects.all(), user=request.user)
                                     .values_list("pk", flat=True))
    return request._units_visible


@register.simple_tag(takes_context=True)
def unit_link(context, unit, short: bool = False):
    name = unit.short_name if short else unit.name
    request = context.get("request")
    if request is None or unit.pk not in _units_visible(request):
        return name
    return format_html('<a href="{}">{}</a>', reverse("plan:unit", args=[unit.code]), name)
