"""Issue 13 §4: 催报 is an action — the analyst reminds a unit of an overdue period, in the app
and by mail, and the overdue list shows who reminded it and when. A returned report reaches
its unit the same way."""

import io

import polars as pl
from django.core import mail
from django.utils import timezone

from qiangshi.notices.models import Notice
from qiangshi.plan.models import Reminder, Submission
from tests.conftest import login

FORM = "/plan/reporting/tjj/monthly_cumulative/2024-02/"
REMIND = {"unit": "tjj", "frequency": "monthly_cumulative", "key": "2024-02"}


def test_the_analyst_reminds_a_late_unit_and_the_list_shows_who_and_when(
        client, mini_plan, make_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.example.gov.cn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    stats = make_user("stats", "reporter", unit_codes=["tjj"])
    stats.email = "stats@example.gov.cn"
    stats.save()
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert "已催报" not in client.get("/plan/reporting/overdue/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/plan/reporting/overdue/remind/", REMIND)
    reminder = Reminder.objects.get()
    assert (reminder.unit.code, reminder.period_key, reminder.sent_by.username,
            reminder.recipients) == ("tjj", "2024-02", "gxj", 1)
    notice = Notice.objects.get()
    assert notice.recipient == stats and notice.link == FORM and "催报" in notice.text
    assert [m.to for m in mail.outbox] == [["stats@example.gov.cn"]]
    page = client.get("/plan/reporting/overdue/").content.decode()
    assert f"已催报 gxj {timezone.localtime(reminder.sent_at):%Y-%m-%d %H:%M}" in page


def test_only_a_reviewer_may_remind_and_only_an_overdue_period(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    assert client.post("/plan/reporting/overdue/remind/", REMIND).status_code == 403
    client.post(FORM, {"action": "submit", "value-MFG-REV": "1234.5"})
    client.post("/logout/")
    make_user("gxj", "analyst")
    login(client, "gxj")
    client.post("/plan/reporting/overdue/remind/", REMIND)  # submitted: nothing to remind
    assert client.post("/plan/reporting/overdue/remind/",
                       REMIND | {"key": "2999-01"}).status_code == 404
    assert not Reminder.objects.exists()


def test_the_overdue_export_names_the_frequency_in_chinese(client, mini_plan, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    frame = pl.read_excel(io.BytesIO(client.get("/plan/reporting/overdue/?format=xlsx").content))
    assert "monthly_cumulative" not in frame["频率"].to_list()


def test_a_returned_report_notifies_the_units_reporters(client, mini_plan, make_user):
    stats = make_user("stats", "reporter", unit_codes=["tjj"])
    make_user("gxj", "analyst")
    login(client, "stats")
    client.post(FORM, {"action": "submit", "value-MFG-REV": "1234.5"})
    client.post("/logout/")
    login(client, "gxj")
    client.post(f"/plan/reporting/submissions/{Submission.objects.get().pk}/review/",
                {"decision": "return", "comment": "同比口径有误"})
    notice = Notice.objects.get(recipient=stats)
    assert "同比口径有误" in notice.text and notice.link == FORM


def test_the_reporting_page_names_each_frequency_in_chinese(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    page = client.get("/plan/reporting/").content.decode()
    assert "月度累计" in page and ">monthly_cumulative<" not in page


def test_a_submitted_report_notifies_the_reviewers(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    analyst = make_user("gxj", "analyst")
    login(client, "stats")
    client.post(FORM, {"action": "submit", "value-MFG-REV": "1234.5"})
    notice = Notice.objects.get()
    assert notice.recipient == analyst and notice.link == "/plan/reporting/"
    assert notice.text == "报送待审核：市统计局 2024年1-2月"
