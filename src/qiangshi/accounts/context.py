"""Who is acting right now, for the audit trail: a web request or the command line."""

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Actor:
    user: object | None
    name: str
    ip: str | None
    channel: str


def _command_line_actor() -> Actor:
    return Actor(user=None, name=f"命令行({getpass.getuser()})", ip=None, channel="cli")


_current: ContextVar[Actor | None] = ContextVar("qiangshi_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or _command_line_actor()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    """The client's address. Behind N trusted proxies, the Nth address from the right
    of X-Forwarded-For; anything further left is client-supplied and not trusted."""
    proxies = getattr(settings, "QIANGSHI_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def request_actor(request, user=None) -> Actor:
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return Actor(
        user=user, name=user.get_username() if user else "匿名", ip=client_ip(request),
        channel="web",
    )
