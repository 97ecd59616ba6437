"""待办: what each user must act on, gathered from every module on the 工作台.

Each source gives at most one item — a label, how many, where to act and the earliest date by
which (or since which) it waits — counted by one query through the module's selectors, and
only for a user who may act on it. An item whose count falls to nought is left out, so a task
disappears from the inbox when it is done. Reads only."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from qiangshi.accounts.scoping import scope_filter
from qiangshi.bulletins.selectors import drafts_waiting
from qiangshi.evaluation.selectors import appeals
from qiangshi.notices.selectors import unread_count
from qiangshi.plan.models import Plan, Submission
from qiangshi.plan.reporting import obligations as reporting
from qiangshi.projects.selectors import dispatch_todo

LIST_LIMIT = 8


@dataclass(frozen=True)
class InboxItem:
    label: str
    count: int
    url: str
    since: datetime.date | None = None  # the earliest deadline, or when the oldest arrived
    since_label: str = ""


def _dispatches(user, today) -> list[InboxItem]:
    items = []
    if user.has_perm("projects.answer_dispatch"):
        n, first = dispatch_todo(user=user, show="open", today=today)
        items.append(InboxItem("督办单待回复", n, reverse("projects:dispatches") + "?show=open",
                               first, "最早期限"))
    if user.has_perm("projects.change_dispatch"):
        n, first = dispatch_todo(user=user, show="answered", today=today)
        items.append(InboxItem("督办单已回复待办结", n,
                               reverse("projects:dispatches") + "?show=answered", first, "最早期限"))
        n, first = dispatch_todo(user=user, show="overdue", today=today)
        items.append(InboxItem("督办单逾期未回复", n, reverse("projects:dispatches") + "?show=overdue",
                               first, "最早期限"))
    return items


def _appeals(user) -> list[InboxItem]:
    if not user.has_perm("evaluation.change_appeal"):
        return []
    found = appeals(user=user, status="pending").order_by().aggregate(n=Count("pk"),
                                                                       first=Min("created_at"))
    first = found["first"]
    return [InboxItem("亩均评价异议待处理", found["n"], reverse("evaluation:appeals") + "?status=pending",
                      timezone.localdate(first) if first else None, "最早提出")]


def _reviews(user, plan: Plan) -> list[InboxItem]:
    if not user.has_perm("plan.review_submission"):
        return []
    found = Submission.objects.filter(plan_code=plan.code, status=Submission.Status.SUBMITTED) \
        .aggregate(n=Count("pk"), first=Min("submitted_at"))
    first = found["first"]
    return [InboxItem("报送待审核", found["n"], reverse("plan:reporting"),
                      timezone.localdate(first) if first else None, "最早报送")]


def owed(user, plan: Plan, today) -> list:
    """Reports of the user's own units still to be sent — returned ones first, then the most
    late, then those due soonest."""
    if not user.has_perm("plan.add_observation") or user.scope_all:
        return []
    found = [o for o in reporting.obligations_of(
        plan, scope_filter(reporting.reporting_units(plan), user=user), today=today)
        if o.status not in reporting.DONE]
    return sorted(found, key=lambda o: (o.status != Submission.Status.RETURNED, -o.days_late,
                                        o.due.deadline))


def _bulletin_drafts(user) -> list[InboxItem]:
    if not user.has_perm("bulletins.issue_document"):
        return []
    count, first = drafts_waiting()
    return [InboxItem("通报草稿待核改签发", count, reverse("bulletins:list"),
                      timezone.localdate(first) if first else None, "最早生成")]


def inbox(user, plan: Plan | None, *, today: datetime.date, owed_count: int,
          alert_count: int) -> list[InboxItem]:
    items = _dispatches(user, today) + _appeals(user) + _bulletin_drafts(user)
    if plan is not None:
        items += _reviews(user, plan)
        items.append(InboxItem("报送待填报（含到期、逾期、退回）", owed_count, reverse("plan:reporting")))
        items.append(InboxItem("未解除预警", alert_count, reverse("plan:alerts")))
    items.append(InboxItem("未读通知", unread_count(user), reverse("notices:list")))
    return [item for item in items if item.count]
