"""What the cockpit's cached renderings are keyed on, besides the stored run they show.

A board is rendered once per run, scope and filter and then served as text from the cache
(settings.CACHES: files under var/ shared by every server process on the machine, or Redis).
Its key must change with everything the rendering reads: the run (figures and method), the
template, and the definitions it names (regions, units, categories, tasks, indicators), which
an administrator may edit without a new run. Those edits bump `definitions_version`."""

import hashlib
import secrets
from functools import cache

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.cache import cache as django_cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import get_template

from qiangshi import __version__
from qiangshi.accounts.models import Region, Unit, User
from qiangshi.chains.models import ChainVersion, Monitoring
from qiangshi.plan.models import Category, Indicator, Task

# The 产业链监测 section reads the chains' names and their stored monitoring, which a chain run
# renews without touching the plan's data version.
DEFINITIONS = (Region, Unit, Category, Task, Indicator, ChainVersion, Monitoring)
# Who may read what: users, their roles and permissions (m2m changes of any of them too).
ACCOUNTS = (User, Group, Permission)
_VERSION_KEY = "cockpit:definitions-version"
_ACCOUNTS_KEY = "cockpit:accounts-version"


def _token(key: str) -> str:
    """A token that changes whenever `_renew(key)` runs. A random token rather than a
    counter: if the cache lost it, a fresh one cannot collide with the token of entries
    made before."""
    version = django_cache.get(key)
    if version is None:
        version = secrets.token_hex(8)
        if not django_cache.add(key, version, None):
            version = django_cache.get(key, version)
    return version


def _renew(key: str) -> None:
    django_cache.set(key, secrets.token_hex(8), None)


def definitions_version() -> str:
    """Changes whenever a definition shown on the cockpit is saved or deleted."""
    return _token(_VERSION_KEY)


def _definitions_changed(**_kwargs) -> None:
    _renew(_VERSION_KEY)


def _accounts_changed(**_kwargs) -> None:
    _renew(_ACCOUNTS_KEY)


def connect() -> None:
    for model in DEFINITIONS:
        post_save.connect(_definitions_changed, sender=model, dispatch_uid=f"cockpit-{model.__name__}")
        post_delete.connect(_definitions_changed, sender=model,
                            dispatch_uid=f"cockpit-del-{model.__name__}")
    for model in ACCOUNTS:
        post_save.connect(_accounts_changed, sender=model, dispatch_uid=f"cockpit-acc-{model.__name__}")
        post_delete.connect(_accounts_changed, sender=model,
                            dispatch_uid=f"cockpit-acc-del-{model.__name__}")
    # Roles, permissions, regions, units of a user: every m2m change counts (they are rare).
    m2m_changed.connect(_accounts_changed, dispatch_uid="cockpit-acc-m2m")


def page_key(request, template: str, data: list[str]) -> str | None:
    """The cache key of a whole page as one reader sees it, or None when it must not come
    from the cache (a one-time message to show, a request other than a plain GET).

    The page is stored only after the view checked the reader's permission, and the key
    carries everything a rendering reads besides `data`: who (user and, for the CSRF token
    in the page, the session and its CSRF cookie), what they may see (the accounts
    version: any change of a user, role, permission, region or unit of a user), the
    definitions, the templates and the query. So a hit skips the permission and scope
    queries without serving a page its reader could no longer get."""
    if request.method != "GET" or len(get_messages(request)):
        return None
    who = hashlib.sha256("|".join([
        str(request.user.pk), request.session.session_key or "",
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]).encode()).hexdigest()[:24]
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:16]
    return ":".join(["page", __version__, template, template_version(template, "base.html"),
                     _token(_ACCOUNTS_KEY), definitions_version(), who, query, *data])


@cache
def template_version(*names: str) -> str:
    """A hash of the templates' source: a changed template makes new keys, even in a file
    cache that outlived the server restart."""
    text = "\n".join(get_template(name).template.source for name in names)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
