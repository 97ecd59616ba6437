"""Who is acting right now, for the audit trail: a web request or the command line."""

import getpass
import ipaddress
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


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. Behind QIANGSHI_PROXY_COUNT trusted proxies, the n-th address
    from the right of X-Forwarded-For: each trusted proxy appends the peer it saw, and
    anything further left was written by the client and is not trusted. Without proxies
    (0) the header is ignored. A missing or malformed entry falls back to the peer."""
    proxies = settings.QIANGSHI_PROXY_COUNT
    if proxies:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies and (forwarded := _address(hops[-proxies])):
            return forwarded
    return _address(request.META.get("REMOTE_ADDR") or "")


def request_actor(request, user=None) -> Actor:
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return Actor(
        user=user, name=user.get_username() if user else "匿名", ip=client_ip(request),
        channel="web",
    )
