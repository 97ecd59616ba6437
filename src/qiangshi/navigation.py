"""The module navigation of the base layout. A module adds its entry here when it arrives."""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from qiangshi import __version__
from qiangshi.accounts.scoping import scope_values, user_sees_everything
from qiangshi.accounts.selectors import scope_describe


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    section: str = ""  # url prefix that marks the item active
    # The module's rows ("app.Model"): a scoped user none of whose scope dimensions reaches
    # them would find the module empty, so it is not offered.
    rows: str | None = None


NAV_ITEMS = (
    NavItem("工作台", "home"),
    NavItem("驾驶舱", "cockpit:overview", "plan.view_indicator", "/cockpit/"),
    NavItem("指标监测", "plan:indicators", "plan.view_indicator", "/plan/"),
    NavItem("数据填报", "plan:reporting", "plan.add_observation", "/plan/reporting/"),
    NavItem("企业", "enterprises:list", "enterprises.view_enterprise", "/enterprises/",
            "enterprises.Enterprise"),
    NavItem("项目", "projects:list", "projects.view_project", "/projects/", "projects.Project"),
    NavItem("督办", "projects:dispatches", "projects.view_dispatch", "/projects/dispatches/",
            "projects.Dispatch"),
    NavItem("梯度培育", "cultivation:tiers", "cultivation.view_tierrun", "/cultivation/tiers/",
            "cultivation.TierResult"),
    NavItem("倍增培育", "cultivation:pool", "cultivation.view_poolmember", "/cultivation/pool/",
            "cultivation.PoolMember"),
    NavItem("亩均评价", "evaluation:runs", "evaluation.view_run", "/evaluation/", "evaluation.Result"),
    NavItem("产业链", "chains:list", "chains.view_chainversion", "/chains/", "chains.ChainVersion"),
    NavItem("政策兑现", "policies:batches", "policies.view_batch", "/policies/"),
    NavItem("专项考核", "assessment:runs", "assessment.view_run", "/assessment/"),
    NavItem("通报", "bulletins:list", "bulletins.view_document", "/bulletins/"),
    NavItem("任务", "jobs:list", None, "/jobs/"),
    NavItem("系统管理", "accounts:system", "accounts.view_region", "/system/"),
)


@cache
def _nav_urls() -> tuple[tuple[NavItem, str], ...]:
    """Each module's address, resolved once per process: the URL patterns never change while
    it runs, and resolving ten names cost every page view about a millisecond."""
    found = []
    for item in NAV_ITEMS:
        try:
            found.append((item, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    return tuple(found)


def _dimensions(user) -> set[str] | None:
    """The scope dimensions the user holds a value in; None for a user who sees everything."""
    if user_sees_everything(user):
        return None
    return {dimension for dimension, values in scope_values(user).items() if values}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "qiangshi_version": __version__}
    dimensions = _dimensions(user)
    items = [{"label": item.label, "url": url, "section": item.section or url}
             for item, url in _nav_urls()
             if (not item.permission or user.has_perm(item.permission))
             and (item.rows is None or dimensions is None
                  or dimensions & set(apps.get_model(item.rows).scope_paths))]
    # The most specific section containing the page is the active one.
    matching = [i for i in items if request.path == i["section"] or
                (i["section"].endswith("/") and i["section"] != "/" and
                 request.path.startswith(i["section"]))]
    active = max(matching, key=lambda i: len(i["section"]), default=None)
    for item in items:
        item["active"] = item is active
    return {"nav_items": items, "user_scope": scope_describe(user), "qiangshi_version": __version__}
