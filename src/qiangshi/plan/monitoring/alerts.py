"""Early warnings: an indicator that is 滞后, 倒退 or 未完成 (a goal past its deadline), and
figures not reported on time, raise an alert for the responsible unit and for the analysts;
an alert is resolved when its cause goes. Mail goes out for new alerts when SMTP is
configured (EMAIL_HOST)."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from qiangshi.accounts.models import User
from qiangshi.engine.progress import STATUS_LABELS
from qiangshi.plan.models import Alert, Plan
from qiangshi.plan.monitoring.progress import progress_for
from qiangshi.plan.monitoring.selectors import latest_as_of
from qiangshi.plan.reporting.obligations import overdue

log = logging.getLogger(__name__)
WATCHED = {"lagging": Alert.Kind.LAGGING, "regressing": Alert.Kind.REGRESSING,
           "missed": Alert.Kind.MISSED}


@dataclass
class AlertCounts:
    created: int = 0
    resolved: int = 0
    open: int = 0


def _wanted(plan: Plan, today: datetime.date) -> dict[str, dict]:
    wanted: dict[str, dict] = {}
    as_of = latest_as_of(plan)
    if as_of is not None:
        results = (progress_for(plan, as_of).results
                   .filter(region=plan.region, status__in=WATCHED)
                   .select_related("indicator").prefetch_related("indicator__reporting_units"))
        for result in results:
            indicator = result.indicator
            message = (f"指标“{indicator.name}”{STATUS_LABELS[result.status]}："
                       f"{result.explanation}")[:300]
            for unit in [None, *indicator.reporting_units.all()]:
                key = f"{result.status}:{indicator.code}:{unit.code if unit else '*'}"
                wanted[key] = {"kind": WATCHED[result.status], "unit": unit,
                               "indicator_code": indicator.code, "message": message}
    for late in overdue(plan, today=today):
        key = f"overdue:{late.unit.code}:{late.due.frequency}:{late.due.key}"
        wanted[key] = {
            "kind": Alert.Kind.OVERDUE, "unit": late.unit, "indicator_code": "",
            "message": f"{late.unit.name} {late.due.label}数据已逾期 {late.days_late} 天未报送"
                       f"（截止 {late.due.deadline:%Y-%m-%d}）",
        }
    return wanted


@transaction.atomic
def alerts_refresh(plan: Plan, *, today: datetime.date | None = None) -> AlertCounts:
    today = today or timezone.localdate()
    wanted = _wanted(plan, today)
    open_alerts = {a.key: a for a in Alert.objects.filter(plan_code=plan.code,
                                                           resolved_at__isnull=True)}
    counts = AlertCounts()
    now = timezone.now()
    for key, alert in open_alerts.items():
        if key not in wanted:
            alert.resolved_at = now
            alert.save(update_fields=["resolved_at"])
            counts.resolved += 1
    new = [Alert.objects.create(plan_code=plan.code, key=key, **fields)
           for key, fields in wanted.items() if key not in open_alerts]
    counts.created = len(new)
    counts.open = len(wanted)
    if new and settings.EMAIL_HOST:
        transaction.on_commit(lambda: _mail([a.pk for a in new]))
    return counts


def _recipients(alert: Alert) -> list[str]:
    users = User.objects.filter(is_active=True).exclude(email="")
    users = users.filter(units=alert.unit) if alert.unit else users.filter(scope_all=True)
    return list(users.values_list("email", flat=True).distinct())


def _mail(alert_ids: list[int]) -> None:
    for alert in Alert.objects.filter(pk__in=alert_ids).select_related("unit"):
        recipients = _recipients(alert)
        if not recipients:
            continue
        try:
            send_mail(f"【强市预警】{alert.get_kind_display()}", alert.message,
                      settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:
            log.exception("预警邮件发送失败：%s", alert.key)
            continue
        alert.emailed_at = timezone.now()
        alert.save(update_fields=["emailed_at"])
