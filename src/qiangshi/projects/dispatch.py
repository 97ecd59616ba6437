"""督办: an analyst issues an order to a unit with a deadline; the unit answers with measures
and a date; the analyst closes it or escalates it with a new deadline. Every step is kept."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.engine.projects import RULE_LABELS
from qiangshi.notices.services import notify, users_who_may
from qiangshi.projects.models import Dispatch, DispatchStep
from qiangshi.projects.selectors import DISPATCH_OPEN as OPEN


class DispatchRefused(ValueError):
    pass


def _lock(dispatch: Dispatch) -> None:
    """Lock the order's row and take its stored status and deadline: the page that sent this
    step may show an older state (another user closed or answered it meanwhile), and a step
    checked against that would undo the other's (a close lost under a later answer)."""
    stored = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    dispatch.status, dispatch.deadline = stored.status, stored.deadline


def _step(dispatch: Dispatch, action: str, text: str, promised_on=None) -> DispatchStep:
    if not text.strip():
        raise DispatchRefused("请填写内容")
    return DispatchStep.objects.create(dispatch=dispatch, action=action, text=text.strip(),
                                       promised_on=promised_on, by=current_actor().name)


@transaction.atomic
def dispatch_issue(project, *, unit, request: str, deadline: datetime.date, rule: str = "",
                   user=None) -> Dispatch:
    if deadline < timezone.localdate():
        raise DispatchRefused("办理期限不能早于今天")
    if rule and rule not in RULE_LABELS:
        raise DispatchRefused("来源规则无法识别")
    dispatch = Dispatch.objects.create(project=project, unit=unit, request=request.strip(),
                                       deadline=deadline, rule=rule, issued_by=user)
    _step(dispatch, "督办", request)
    _tell_answerers(dispatch, f"收到督办单：{project.name}，请于 {deadline:%Y-%m-%d} 前回复")
    return dispatch


def _tell_answerers(dispatch: Dispatch, text: str) -> None:
    """The unit's users and the users of the project's district or zone who may answer."""
    project = dispatch.project
    notify(users_who_may("projects.answer_dispatch", units=[dispatch.unit_id],
                         regions=[r for r in (project.region_id, project.zone_id) if r]),
           text, reverse("projects:dispatches") + "?show=open")


@transaction.atomic
def dispatch_answer(dispatch: Dispatch, *, text: str, promised_on: datetime.date | None) -> None:
    _lock(dispatch)
    if dispatch.status not in OPEN:
        raise DispatchRefused(f"督办单{dispatch.get_status_display()}，不能回复")
    _step(dispatch, "回复", text, promised_on)
    dispatch.status = Dispatch.Status.ANSWERED
    dispatch.save(update_fields=["status"])
    if dispatch.issued_by_id:
        notify([dispatch.issued_by], f"督办单已回复：{dispatch.project.name}，请办结或升级",
               reverse("projects:dispatches") + "?show=answered")


@transaction.atomic
def dispatch_close(dispatch: Dispatch, *, text: str) -> None:
    _lock(dispatch)
    if dispatch.status == Dispatch.Status.CLOSED:
        raise DispatchRefused("督办单已办结")
    _step(dispatch, "办结", text)
    dispatch.status = Dispatch.Status.CLOSED
    dispatch.save(update_fields=["status"])


@transaction.atomic
def dispatch_escalate(dispatch: Dispatch, *, text: str, deadline: datetime.date) -> None:
    _lock(dispatch)
    if dispatch.status == Dispatch.Status.CLOSED:
        raise DispatchRefused("督办单已办结，不能升级")
    _step(dispatch, "升级督办", text)
    dispatch.status, dispatch.deadline = Dispatch.Status.ESCALATED, deadline
    dispatch.save(update_fields=["status", "deadline"])
    _tell_answerers(dispatch, f"督办单已升级：{dispatch.project.name}，请于 {deadline:%Y-%m-%d} 前回复")
