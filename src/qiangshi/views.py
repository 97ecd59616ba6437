from django.shortcuts import render
from django.utils import timezone

from qiangshi.accounts.roles import user_roles
from qiangshi.accounts.selectors import audit_events_of_user, scope_describe
from qiangshi.assessment.selectors import rank_movements
from qiangshi.bulletins.selectors import latest_issued
from qiangshi.inbox import LIST_LIMIT, inbox, owed
from qiangshi.plan.headline import alerts_that_matter, headline_figures
from qiangshi.plan.selectors import alert_events, plan_for


def _todo(request) -> dict:
    """The 待办: every module's items for the user, the reports owed and the open alerts of
    the plan the pages show the user."""
    user = request.user
    today = timezone.localdate()
    plan = plan_for(request) if user.has_perm("plan.view_indicator") else None
    todo: dict = {}
    if plan is not None:
        late = owed(user, plan, today)
        alerts = alert_events(user=user, plan=plan)
        alert_count = alerts.count()
        todo = {"plan": plan, "owed": late[:LIST_LIMIT], "owed_count": len(late),
                "alerts": alerts[:LIST_LIMIT], "alert_count": alert_count,
                "reports": user.has_perm("plan.add_observation") and not user.scope_all}
    todo["items"] = inbox(user, plan, today=today, owed_count=todo.get("owed_count", 0),
                          alert_count=todo.get("alert_count", 0))
    return todo


def leader_board(user, plan) -> dict:
    """The leader's 工作台: headline figures, rank movements and the alerts that matter, all
    read from stored results (the large screen shows the same)."""
    as_of, figures = headline_figures(user=user, plan=plan)
    run, moved = rank_movements() if user.has_perm("assessment.view_run") else (None, [])
    alerts, alerted, alert_total = alerts_that_matter(user=user, plan=plan)
    bulletin = latest_issued(user=user) if user.has_perm("bulletins.view_document") else None
    return {"as_of": as_of, "figures": figures, "assessment": run, "moved": moved,
            "alerts": alerts, "alerted": alerted, "alert_total": alert_total, "bulletin": bulletin}


def home(request):
    roles = user_roles(request.user)
    todo = _todo(request)
    plan = todo.get("plan")
    # The leader reads the headline board in place of the raw lists the others act on.
    shows_board = plan is not None and any(role.code == "leader" for role in roles)
    return render(request, "home.html", {
        "roles": roles,
        "scope": scope_describe(request.user),
        "recent_events": audit_events_of_user(user=request.user)[:10],
        "todo": todo,
        "board": leader_board(request.user, plan) if shows_board else None,
    })
