"""催报 as an action: an analyst reminds a unit of an overdue period. The reminder is kept
(who, when, how many were told) and reaches the unit's reporters as a notice and, where SMTP
is configured, a mail."""

from django.db import transaction
from django.urls import reverse

from qiangshi.accounts.context import current_actor
from qiangshi.notices.services import notify, users_who_may
from qiangshi.plan.models import Plan, Reminder
from qiangshi.plan.reporting.obligations import Obligation


@transaction.atomic
def reminder_send(plan: Plan, obligation: Obligation, *, user) -> Reminder:
    unit, due = obligation.unit, obligation.due
    told = notify(users_who_may("plan.add_observation", units=[unit.pk]),
                  f"催报：{unit.name} {due.label}数据已逾期 {obligation.days_late} 天，请尽快报送",
                  reverse("plan:report", args=[unit.code, due.frequency, due.key]))
    return Reminder.objects.create(plan_code=plan.code, unit=unit, frequency=due.frequency,
                                   period_key=due.key, sent_by=user,
                                   sent_by_name=current_actor().name, recipients=len(told))


def reminders_latest(plan: Plan) -> dict[tuple[int, str, str], Reminder]:
    """The latest reminder of each (unit, frequency, period) of the plan."""
    latest: dict[tuple[int, str, str], Reminder] = {}
    for reminder in Reminder.objects.filter(plan_code=plan.code).order_by("sent_at", "pk"):
        latest[(reminder.unit_id, reminder.frequency, reminder.period_key)] = reminder
    return latest
