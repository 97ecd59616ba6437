"""Log-in lock-out: too many failures for one user name, or from one address, lock it."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from qiangshi.accounts.models import LoginAttempt


@dataclass(frozen=True)
class LockoutStatus:
    locked: bool
    until: datetime.datetime | None
    failures_left: int


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _status_for(key: Q, now: datetime.datetime) -> LockoutStatus:
    """Failures count from the last success, within one lock-out window of the newest failure."""
    limit = settings.LOGIN_FAILURE_LIMIT
    attempts = LoginAttempt.objects.filter(key, blocked=False)
    last_success = attempts.filter(succeeded=True).order_by("-at").values_list("at", flat=True)
    since = now - _window()
    if (success_at := last_success.first()) and success_at > since:
        since = success_at
    failures = list(
        attempts.filter(succeeded=False, at__gt=since).order_by("-at").values_list("at", flat=True)[
            :limit
        ]
    )
    if len(failures) >= limit:
        return LockoutStatus(locked=True, until=failures[0] + _window(), failures_left=0)
    return LockoutStatus(locked=False, until=None, failures_left=limit - len(failures))


def lockout_status(*, username: str, ip: str | None, now=None) -> LockoutStatus:
    now = now or timezone.now()
    statuses = [_status_for(Q(username__iexact=username), now)]
    if ip:
        statuses.append(_status_for(Q(ip=ip), now))
    locked = [s for s in statuses if s.locked]
    if locked:
        return max(locked, key=lambda s: s.until)
    return min(statuses, key=lambda s: s.failures_left)


def login_attempt_record(*, username: str, ip: str | None, succeeded: bool, blocked=False):
    return LoginAttempt.objects.create(
        username=username[:150], ip=ip, at=timezone.now(), succeeded=succeeded, blocked=blocked
    )
