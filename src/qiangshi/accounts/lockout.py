"""Log-in lock-out: failures counted per user name and per client address, atomically.

An attempt first adds one failure to both counters, in one transaction that locks the two
LoginThrottle rows, and only then is the password checked. Parallel attempts therefore queue
on the rows and at most LOGIN_FAILURE_LIMIT passwords are checked per lock-out window, however
many arrive at once. A success gives back what it had added: the user's own counter starts
again from zero; the address's counter only loses this attempt's one failure, so logging in to
an own account never clears the guesses made from that address against other accounts.
A counter whose newest failure is older than LOGIN_LOCKOUT_MINUTES starts again from zero.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from qiangshi.accounts.models import LoginThrottle

Kind = LoginThrottle.Kind


@dataclass(frozen=True)
class Admission:
    """Whether an attempt may check its password; if not, until when the lock holds."""

    allowed: bool
    until: datetime.datetime | None
    failures_left: int  # how many more failures the tighter counter takes, this one counted


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _keys(username: str, ip: str | None) -> list[tuple[str, str]]:
    # User names compare case-insensitively so "LiXia" and "lixia" share one counter.
    keys = [(Kind.USERNAME, username.casefold()[:150])]
    if ip:
        keys.append((Kind.ADDRESS, ip))
    return keys


def _locked_rows(keys: list[tuple[str, str]]) -> list[LoginThrottle]:
    """Both counter rows, created if new, locked until the transaction ends.

    A row can vanish between the insert and the lock (a success deletes the user name's
    row), so the pair is fetched again until both are there.
    """
    match = Q()
    for kind, key in keys:
        match |= Q(kind=kind, key=key)
    while True:
        LoginThrottle.objects.bulk_create(
            [LoginThrottle(kind=kind, key=key) for kind, key in keys], ignore_conflicts=True
        )
        # A fixed order of locking keeps two attempts from waiting on each other.
        rows = list(LoginThrottle.objects.select_for_update().filter(match).order_by("kind", "key"))
        if len(rows) == len(keys):
            return rows


def attempt_admit(*, username: str, ip: str | None, now=None) -> Admission:
    """Count this attempt as a failure in advance, or refuse it if a counter is at the limit."""
    now = now or timezone.now()
    limit = settings.LOGIN_FAILURE_LIMIT
    with transaction.atomic():
        rows = _locked_rows(_keys(username, ip))
        for row in rows:
            if row.last_failure_at is not None and row.last_failure_at <= now - _window():
                row.failures = 0
        locked = [row for row in rows if row.failures >= limit]
        if locked:
            until = max(row.last_failure_at for row in locked) + _window()
            return Admission(allowed=False, until=until, failures_left=0)
        for row in rows:
            row.failures += 1
            row.last_failure_at = now
            row.save(update_fields=["failures", "last_failure_at"])
    failures_left = limit - max(row.failures for row in rows)
    until = now + _window() if failures_left == 0 else None
    return Admission(allowed=True, until=until, failures_left=failures_left)


def attempt_succeeded(*, username: str, ip: str | None, now=None) -> None:
    """Give back the failure counted in advance: all of the user's, one of the address's."""
    now = now or timezone.now()
    with transaction.atomic():
        LoginThrottle.objects.filter(kind=Kind.USERNAME, key=username.casefold()[:150]).delete()
        if ip:
            LoginThrottle.objects.filter(kind=Kind.ADDRESS, key=ip, failures__gt=0).update(
                failures=F("failures") - 1
            )
        # Counters whose window has passed hold nothing; dropping them keeps the table small.
        LoginThrottle.objects.filter(last_failure_at__lte=now - _window()).delete()


def locks_current(now=None) -> list[LoginThrottle]:
    """Counters at the limit whose lock has not yet ended, newest first."""
    now = now or timezone.now()
    return list(LoginThrottle.objects.filter(
        failures__gte=settings.LOGIN_FAILURE_LIMIT, last_failure_at__gt=now - _window()
    ).order_by("-last_failure_at"))


def lock_release(name_or_address: str) -> list[LoginThrottle]:
    """An administrator ends a lock at once: the counters of this user name or address go,
    each recorded in the audit trail."""
    from qiangshi.accounts.audit import audit_record
    from qiangshi.accounts.models import AuditEvent

    text = name_or_address.strip()
    match = Q(kind=Kind.USERNAME, key=text.casefold()[:150]) | Q(kind=Kind.ADDRESS, key=text)
    with transaction.atomic():
        released = list(LoginThrottle.objects.select_for_update().filter(match))
        for row in released:
            audit_record(action=AuditEvent.Action.DELETE, obj=row,
                         changes={"failures": row.failures, "reason": "管理员解除登录锁定"})
        LoginThrottle.objects.filter(pk__in=[row.pk for row in released]).delete()
    return released
