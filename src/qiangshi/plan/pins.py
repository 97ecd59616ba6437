"""Pinning indicators to the leader's 工作台: the analyst's list of pins, a pin and an unpin
(from this list or from an indicator's page). Each write is a saved or deleted
PinnedIndicator, audited like every model."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qiangshi.accounts.scoping import scope_filter
from qiangshi.plan import selectors
from qiangshi.plan.headline import pinned_codes
from qiangshi.plan.models import Indicator
from qiangshi.plan.models_pins import MAX_PINS, PinnedIndicator


def _plan(request):
    plan = selectors.plan_for(request)
    if plan is None:
        raise Http404("还没有载入行动计划")
    return plan


@permission_required("plan.add_pinnedindicator", raise_exception=True)
def pin_list(request):
    plan = _plan(request)
    codes = pinned_codes(plan)
    indicators = list(scope_filter(Indicator.objects.filter(plan=plan).only("code", "name"),
                                   user=request.user))
    by_code = {i.code: i for i in indicators}
    return render(request, "plan/pin_list.html", {
        "plan": plan, "pinned": [by_code[c] for c in codes if c in by_code],
        "choices": [i for i in indicators if i.code not in codes], "max_pins": MAX_PINS,
    })


def _back(request, code: str) -> str:
    """Back to the indicator's page when the button was there, else to the list."""
    if request.POST.get("back") == "indicator":
        return reverse("plan:indicator", args=[code])
    return reverse("plan:pins")


@require_POST
@permission_required("plan.add_pinnedindicator", raise_exception=True)
def pin_add(request):
    plan = _plan(request)
    indicator = selectors.indicator_get(user=request.user, plan=plan,
                                        code=request.POST.get("code", ""))
    pins = PinnedIndicator.objects.filter(plan_code=plan.code)
    if pins.filter(indicator_code=indicator.code).exists():
        messages.info(request, f"“{indicator.name}”已在领导工作台置顶。")
    elif pins.count() >= MAX_PINS:
        messages.error(request, f"领导工作台最多置顶 {MAX_PINS} 项指标，请先取消一项。")
    else:
        PinnedIndicator.objects.create(plan_code=plan.code, indicator_code=indicator.code,
                                       pinned_by=request.user.get_username())
        messages.success(request, f"已将“{indicator.name}”置顶到领导工作台。")
    return redirect(_back(request, indicator.code))


@require_POST
@permission_required("plan.delete_pinnedindicator", raise_exception=True)
def pin_remove(request):
    plan = _plan(request)
    code = request.POST.get("code", "")
    pin = PinnedIndicator.objects.filter(plan_code=plan.code, indicator_code=code).first()
    if pin is None:
        raise Http404("该指标没有置顶")
    pin.delete()
    messages.success(request, "已取消置顶。")
    return redirect(_back(request, code))


def pin_state(user, plan, code: str) -> bool | None:
    """Whether the indicator is pinned, for the button on its page; None for a user who may
    not pin."""
    if not user.has_perm("plan.add_pinnedindicator"):
        return None
    return PinnedIndicator.objects.filter(plan_code=plan.code, indicator_code=code).exists()
