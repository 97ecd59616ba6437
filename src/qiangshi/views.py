from django.shortcuts import render
from django.utils import timezone

from qiangshi.accounts.roles import user_roles
from qiangshi.accounts.scoping import scope_filter
from qiangshi.accounts.selectors import audit_events_of_user, scope_describe
from qiangshi.plan.models import Alert, Submission
from qiangshi.plan.reporting import obligations as reporting
from qiangshi.plan.selectors import plan_current

TODO_LIMIT = 8


def _todo(user) -> dict:
    """What the user should do next: open alerts, figures owed or returned, reviews waiting."""
    plan = plan_current()
    if plan is None or not user.has_perm("plan.view_indicator"):
        return {}
    alerts = scope_filter(Alert.objects.filter(plan_code=plan.code, resolved_at__isnull=True),
                          user=user).select_related("unit")
    todo = {"plan": plan, "alerts": alerts[:TODO_LIMIT], "alert_count": alerts.count()}
    if user.has_perm("plan.add_observation") and not user.scope_all:
        today = timezone.localdate()
        owed = [o for unit in scope_filter(reporting.reporting_units(plan), user=user)
                for o in reporting.obligations(plan, unit, today=today)
                if o.overdue or o.status == Submission.Status.RETURNED]
        todo["owed"] = owed[:TODO_LIMIT]
        todo["owed_count"] = len(owed)
    if user.has_perm("plan.review_submission"):
        todo["review_count"] = Submission.objects.filter(
            plan_code=plan.code, status=Submission.Status.SUBMITTED).count()
    return todo


def home(request):
    return render(request, "home.html", {
        "roles": user_roles(request.user),
        "scope": scope_describe(request.user),
        "recent_events": audit_events_of_user(user=request.user)[:10],
        "todo": _todo(request.user),
    })
