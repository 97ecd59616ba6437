"""The module navigation of the base layout. A module adds its entry here when it arrives."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from qiangshi import __version__
from qiangshi.accounts.selectors import scope_describe


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    section: str = ""  # url prefix that marks the item active


NAV_ITEMS = (
    NavItem("驾驶舱", "home"),
    NavItem("系统管理", "accounts:system", "accounts.view_region", "/system/"),
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "qiangshi_version": __version__}
    items = []
    for item in NAV_ITEMS:
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path.startswith(item.section) if item.section else request.path == url
        items.append({"label": item.label, "url": url, "active": active})
    return {"nav_items": items, "user_scope": scope_describe(user), "qiangshi_version": __version__}
