"""What the cockpit's cached renderings are keyed on, besides the stored run they show.

A board is rendered once per run, scope and filter and then served as text from the cache
(settings.CACHES: files under var/ shared by every server process on the machine, or Redis).
Its key must change with everything the rendering reads: the run (figures and method), the
template, and the definitions it names (regions, units, categories, tasks, indicators), which
an administrator may edit without a new run. Those edits bump `definitions_version`."""

import hashlib
import secrets
from functools import cache

from django.core.cache import cache as django_cache
from django.db.models.signals import post_delete, post_save
from django.template.loader import get_template

from qiangshi.accounts.models import Region, Unit
from qiangshi.plan.models import Category, Indicator, Task

DEFINITIONS = (Region, Unit, Category, Task, Indicator)
_VERSION_KEY = "cockpit:definitions-version"


def definitions_version() -> str:
    """A token that changes whenever a definition shown on the cockpit is saved or deleted.
    A random token rather than a counter: if the cache lost it, a fresh one cannot collide
    with the token of entries made before."""
    version = django_cache.get(_VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not django_cache.add(_VERSION_KEY, version, None):
            version = django_cache.get(_VERSION_KEY, version)
    return version


def _definitions_changed(**_kwargs) -> None:
    django_cache.set(_VERSION_KEY, secrets.token_hex(8), None)


def connect() -> None:
    for model in DEFINITIONS:
        post_save.connect(_definitions_changed, sender=model, dispatch_uid=f"cockpit-{model.__name__}")
        post_delete.connect(_definitions_changed, sender=model,
                            dispatch_uid=f"cockpit-del-{model.__name__}")


@cache
def template_version(*names: str) -> str:
    """A hash of the templates' source: a changed template makes new keys, even in a file
    cache that outlived the server restart."""
    text = "\n".join(get_template(name).template.source for name in names)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
