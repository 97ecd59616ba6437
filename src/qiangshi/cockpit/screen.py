"""大屏: the cockpit for a 3840 × 2160 wall (issue 16 §3) — dark, one screen with no
scrolling (fewer items, bigger type), reloaded by the page itself every few minutes. Stored
results only, like the cockpit."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from qiangshi.accounts.selectors import default_region
from qiangshi.assessment.selectors import rank_movements
from qiangshi.cockpit.selectors import chains_only, cockpit_overview
from qiangshi.engine.progress import STATUS_LABELS, STATUS_ORDER
from qiangshi.plan.headline import alerts_that_matter, headline_figures
from qiangshi.plan.monitoring.selectors import NOT_COMPUTED, latest_as_of, progress_latest
from qiangshi.plan.selectors import plan_for

REFRESH_SECONDS = 300  # the wall shows new figures within five minutes of their computation
MOVES_SHOWN = 8
ALERTS_SHOWN = 6


def screen(request):
    if not request.user.has_perm("plan.view_indicator"):
        raise PermissionDenied
    if chains_only(request.user):
        return redirect("cockpit:overview")  # its chains, which the wall has no layout for
    plan = plan_for(request)
    if plan is None:
        return render(request, "cockpit/empty.html", {"reason": "还没有载入行动计划。"})
    as_of = latest_as_of(plan)
    run = None if as_of is None else progress_latest(plan, as_of)
    if run is None:
        reason = "还没有任何指标数据。" if as_of is None else NOT_COMPUTED.format(as_of.label)
        return render(request, "cockpit/empty.html", {"plan": plan, "reason": reason})
    region_code = default_region(request.user)
    data = cockpit_overview(user=request.user, run=run, as_of=as_of, region_code=region_code)
    _, figures = headline_figures(user=request.user, plan=plan, region_code=region_code)
    assessment, moved = (rank_movements(MOVES_SHOWN) if request.user.has_perm("assessment.view_run")
                         else (None, []))
    alerts, alerted, alert_total = alerts_that_matter(user=request.user, plan=plan)
    return render(request, "cockpit/screen.html", {
        "plan": plan, "data": data, "refresh": REFRESH_SECONDS,
        "statuses": [(s, STATUS_LABELS[s], data.counts[s]) for s in STATUS_ORDER if data.counts[s]],
        "chart": {"statuses": [{"name": STATUS_LABELS[s], "value": data.counts[s], "code": s}
                               for s in STATUS_ORDER]},
        "figures": figures, "assessment": assessment, "moved": moved,
        "alerts": alerts[:ALERTS_SHOWN], "alerted": alerted, "alert_total": alert_total,
    })
