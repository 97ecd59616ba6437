"""Send a notice to the users who must act, in the app and, where SMTP is configured
(QIANGSHI_EMAIL_HOST), by mail once the sending transaction commits — the convention of
plan.monitoring.alerts."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from qiangshi.accounts.audit import audit_changes
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.notices.models import Notice

log = logging.getLogger(__name__)


def users_who_may(permission: str, *, units=(), regions=(), scope_all: bool = False):
    """Active users holding `permission` (through a role or directly) whose scope takes in one
    of `units` or `regions`, or (with `scope_all`) who see the whole city."""
    app_label, codename = permission.split(".", 1)
    holds = (Q(groups__permissions__codename=codename,
               groups__permissions__content_type__app_label=app_label)
             | Q(user_permissions__codename=codename,
                 user_permissions__content_type__app_label=app_label))
    reach = Q(units__in=list(units)) | Q(regions__in=list(regions))
    if scope_all:
        reach |= Q(scope_all=True)
    return get_user_model().objects.filter(holds, reach, is_active=True).distinct()


def notify(users, text: str, link: str = "") -> list[Notice]:
    """One notice per user in `users`; the mail goes out after commit, so a rolled-back write
    announces nothing. Each is audited, since the bulk insert passes by the save signals."""
    sender = current_actor().name
    notices = Notice.objects.bulk_create(
        [Notice(recipient=user, text=text[:300], link=link, sender_name=sender)
         for user in {user.pk: user for user in users}.values()])
    audit_changes(Notice, [(n.pk, n.text, {"recipient": [None, n.recipient.username],
                                           "text": [None, n.text]}) for n in notices],
                  action=AuditEvent.Action.CREATE)
    if notices and settings.EMAIL_HOST:
        transaction.on_commit(lambda: _mail([n.pk for n in notices]))
    return notices


@transaction.atomic
def notices_read(user, ids=None) -> int:
    """Mark the user's unread notices (all, or those in `ids`) read; one audit entry per
    notice, since the bulk update passes by the save signals."""
    unread = Notice.objects.select_for_update().filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    marked = list(unread.values_list("pk", "text"))
    now = timezone.now()
    Notice.objects.filter(pk__in=[pk for pk, _ in marked]).update(read_at=now)
    audit_changes(Notice, [(pk, text, {"read_at": [None, now]}) for pk, text in marked])
    return len(marked)


def _mail(notice_ids: list[int]) -> None:
    for notice in Notice.objects.filter(pk__in=notice_ids).select_related("recipient"):
        address = notice.recipient.email
        if not address:
            continue
        body = notice.text + (f"\n\n办理：{notice.link}" if notice.link else "")
        try:
            send_mail("【强市待办】" + notice.text[:40], body, settings.DEFAULT_FROM_EMAIL, [address])
        except OSError:
            log.exception("通知邮件发送失败：%s", notice.pk)
            continue
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
