"""Issue 13 §4: a new task reaches its users as a notice in the app (an unread count in the
header) and by mail where SMTP is configured; reading is a POST, never a page view."""

import datetime

import pytest
from django.core import mail

from qiangshi.accounts.models import Region, Unit
from qiangshi.evaluation.appeals import appeal_submit
from qiangshi.evaluation.models import Result
from qiangshi.evaluation.services import method_version_get, run_create
from qiangshi.notices.models import Notice
from qiangshi.projects.dispatch import dispatch_answer, dispatch_issue
from qiangshi.projects.models import Project
from tests.conftest import login
from tests.evaluation.test_runs import FIRMS, ten_firms  # noqa: F401 — ten firms in 历城


@pytest.fixture
def lixia_project(reference):
    return Project.objects.create(
        code="JN-LX-001", name="历下智能制造产业园", region=Region.objects.get(code="370102"),
        kind="new", planned_investment=50000, unit=Unit.objects.get(code="lxqzf"))


def _issue(project, analyst):
    return dispatch_issue(project, unit=project.unit, request="请加快开工",
                          deadline=datetime.date(2099, 6, 30), user=analyst)


def test_a_dispatch_notifies_the_district_who_answers_and_the_answer_notifies_the_issuer(
        lixia_project, lixia_user, huaiyin_user, make_user):
    analyst = make_user("gxj", "analyst")
    make_user("stats", "reporter", unit_codes=["tjj"])
    dispatch = _issue(lixia_project, analyst)
    told = Notice.objects.get()
    assert told.recipient == lixia_user and "历下智能制造产业园" in told.text
    assert told.link == "/projects/dispatches/?show=open" and told.sender_name
    dispatch_answer(dispatch, text="已落实用地", promised_on=None)
    assert Notice.objects.filter(recipient=analyst, link="/projects/dispatches/?show=answered").exists()
    assert Notice.objects.count() == 2  # not the other district, not a unit of another dispatch


def test_the_header_counts_unread_notices_and_viewing_them_marks_nothing_read(
        client, lixia_project, lixia_user, make_user):
    _issue(lixia_project, make_user("gxj", "analyst"))
    login(client, "lixia")
    assert 'data-testid="notices">通知<span class="badge">1</span>' in client.get("/").content.decode()
    page = client.get("/notices/").content.decode()
    assert "收到督办单：历下智能制造产业园" in page
    assert Notice.objects.get().read_at is None
    client.post("/notices/read/", {"notice": Notice.objects.get().pk})
    assert Notice.objects.get().read_at is not None
    assert 'class="badge"' not in client.get("/").content.decode()


def test_a_user_cannot_mark_anothers_notice_read(client, lixia_project, lixia_user, huaiyin_user,
                                                 make_user):
    _issue(lixia_project, make_user("gxj", "analyst"))
    login(client, "huaiyin")
    client.post("/notices/read/", {"notice": Notice.objects.get().pk})
    client.post("/notices/read/")
    assert Notice.objects.get().read_at is None
    assert "收到督办单" not in client.get("/notices/").content.decode()


def test_garbled_notice_ids_are_refused_quietly(client, lixia_user):
    login(client, "lixia")
    assert client.post("/notices/read/", {"notice": "1; drop"}).status_code == 302
    assert client.get("/notices/read/").status_code == 405


def test_notices_are_mailed_once_committed_when_smtp_is_configured(
        lixia_project, lixia_user, make_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.example.gov.cn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lixia_user.email = "lixia@example.gov.cn"
    lixia_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        _issue(lixia_project, make_user("gxj", "analyst"))
    assert [m.to for m in mail.outbox] == [["lixia@example.gov.cn"]]
    assert "历下智能制造产业园" in mail.outbox[0].body
    assert Notice.objects.get().emailed_at is not None


def test_no_mail_without_smtp(lixia_project, lixia_user, make_user, settings,
                              django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = ""
    lixia_user.email = "lixia@example.gov.cn"
    lixia_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        _issue(lixia_project, make_user("gxj", "analyst"))
    assert mail.outbox == [] and Notice.objects.get().emailed_at is None


def test_a_filed_appeal_notifies_the_analysts(ten_firms, make_user):  # noqa: F811
    analyst = make_user("gxj", "analyst")
    run = run_create(method_version_get("shandong-default"), 2024)
    appeal_submit(Result.objects.get(run=run, uscc=FIRMS[0]), reason="用地面积含代征道路",
                  evidence="", requested_class="")
    notice = Notice.objects.get()
    assert notice.recipient == analyst and notice.link == "/evaluation/appeals/?status=pending"


def test_marking_notices_read_is_audited_one_entry_per_notice(client, lixia_project, lixia_user,
                                                               make_user):
    from qiangshi.accounts.models import AuditEvent

    analyst = make_user("gxj", "analyst")
    _issue(lixia_project, analyst)
    _issue(lixia_project, analyst)
    first, second = Notice.objects.order_by("pk")
    login(client, "lixia")
    client.post("/notices/read/", {"notice": first.pk})
    client.post("/notices/read/")
    client.post("/notices/read/")  # nothing left unread: nothing more to audit
    events = AuditEvent.objects.filter(object_type="notices.Notice",
                                       action=AuditEvent.Action.UPDATE).order_by("pk")
    assert [(e.object_id, e.actor_name, e.action) for e in events] == [
        (str(first.pk), "lixia", AuditEvent.Action.UPDATE),
        (str(second.pk), "lixia", AuditEvent.Action.UPDATE)]
    assert events[0].changes["read_at"][0] is None and events[0].changes["read_at"][1]


def test_a_notice_sent_is_audited_with_its_recipient_and_sender(lixia_project, lixia_user,
                                                                make_user):
    from qiangshi.accounts.models import AuditEvent

    _issue(lixia_project, make_user("gxj", "analyst"))
    notice = Notice.objects.get()
    event = AuditEvent.objects.get(object_type="notices.Notice", action=AuditEvent.Action.CREATE)
    assert event.object_id == str(notice.pk)
    assert event.changes["recipient"] == [None, "lixia"]
    assert event.actor_name == notice.sender_name
