import datetime
import io

import polars as pl
from django.core import mail

from qiangshi.accounts.models import Unit
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Alert, Observation, ObservationRevision, Submission
from qiangshi.plan.monitoring.alerts import alerts_refresh
from qiangshi.plan.reporting.obligations import obligations, overdue
from tests.conftest import login

TODAY = datetime.date(2024, 3, 20)
FORM = "/plan/reporting/tjj/monthly_cumulative/2024-02/"


def test_a_unit_owes_each_period_of_its_indicators_with_the_deadline(mini_plan):
    stats = Unit.objects.get(code="tjj")
    owed = obligations(mini_plan, stats, today=TODAY)
    assert [o.due.label for o in owed[:2]] == ["2024年1-2月", "2023年1-12月"]
    assert owed[0].due.deadline == datetime.date(2024, 3, 10)
    assert owed[0].overdue and owed[0].days_late == 10
    assert owed[0].status_label == "未报送"


def test_overdue_lists_every_late_unit_most_late_first(mini_plan):
    late = overdue(mini_plan, today=TODAY)
    # Monthly revenue is late; the annual 2023 figures are not due before 30 March.
    assert {o.unit.code for o in late} == {"tjj", "gxj"}
    assert late[0].days_late >= late[-1].days_late


def test_form_save_writes_figures_with_revisions_and_opens_a_submission(client, mini_plan,
                                                                       make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    page = client.get(FORM)
    assert page.status_code == 200 and "规模以上工业营业收入" in page.content.decode()
    response = client.post(FORM, {"action": "save", "value-MFG-REV": "1234.5",
                                  "yoy-MFG-REV": "5.1", "status-MFG-REV": "初步"})
    assert response.status_code == 302
    figure = Observation.objects.get()
    assert (figure.value, figure.month, figure.status, figure.region.code) == (
        1234.5, 2, "preliminary", "370100")
    assert ObservationRevision.objects.get().changed_by.username == "stats"
    assert Submission.objects.get().status == "draft"


def test_form_errors_are_shown_in_chinese_and_nothing_is_saved(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    page = client.post(FORM, {"action": "save", "value-MFG-REV": "一千"}).content.decode()
    assert "不是数字" in page
    assert not Observation.objects.exists()


def test_submit_then_return_then_resubmit_then_approve(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    make_user("gxj", "analyst")
    login(client, "stats")
    client.post(FORM, {"action": "submit", "value-MFG-REV": "1234.5"})
    submission = Submission.objects.get()
    assert submission.status == "submitted" and submission.submitted_by.username == "stats"
    client.post("/logout/")
    login(client, "gxj")
    assert "待审核（1）" in client.get("/plan/reporting/").content.decode()
    refused = client.post(f"/plan/reporting/submissions/{submission.pk}/review/",
                          {"decision": "return"})
    assert refused.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted"  # a return needs a reason
    client.post(f"/plan/reporting/submissions/{submission.pk}/review/",
                {"decision": "return", "comment": "同比口径有误"})
    submission.refresh_from_db()
    assert (submission.status, submission.review_comment) == ("returned", "同比口径有误")
    client.post("/logout/")
    login(client, "stats")
    assert "同比口径有误" in client.get(FORM).content.decode()
    client.post(FORM, {"action": "submit", "value-MFG-REV": "1240"})
    client.post("/logout/")
    login(client, "gxj")
    client.post(f"/plan/reporting/submissions/{submission.pk}/review/", {"decision": "approve"})
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.reviewed_by.username == "gxj"


def test_an_approved_period_can_no_longer_be_changed(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    client.post(FORM, {"action": "submit", "value-MFG-REV": "1234.5"})
    Submission.objects.update(status="approved")
    client.post(FORM, {"action": "save", "value-MFG-REV": "999"})
    assert Observation.objects.get().value == 1234.5


def test_submit_with_empty_indicators_is_refused_and_names_them(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    response = client.post(FORM, {"action": "submit"}, follow=True)
    assert "以下指标尚未填写" in response.content.decode()
    assert not Submission.objects.filter(status="submitted").exists()


def test_a_unit_cannot_open_another_units_form(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    assert client.get("/plan/reporting/sthjj/annual/2023/").status_code == 404


def test_leaders_cannot_report_or_review(client, mini_plan, make_user):
    make_user("boss", "leader")
    login(client, "boss")
    assert client.get("/plan/reporting/").status_code == 403
    assert client.post("/plan/reporting/submissions/1/review/").status_code == 403


def test_template_download_lists_the_units_indicators_and_upload_reads_it_back(
        client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    response = client.get(FORM + "?format=xlsx")
    assert "attachment" in response["Content-Disposition"]
    sheet = pl.read_excel(io.BytesIO(response.content), infer_schema_length=0)
    assert sheet["指标代码"].to_list() == ["MFG-REV"]
    assert sheet["期别"].to_list() == ["2024年1-2月"]
    filled = sheet.with_columns(pl.lit("777").alias("数值"))
    buffer = io.BytesIO()
    filled.write_excel(buffer, worksheet="指标数据")
    buffer.name = "filled.xlsx"
    buffer.seek(0)
    response = client.post(FORM, {"action": "upload", "file": buffer})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Observation.objects.get().value == 777


def test_overdue_page_and_export(client, mini_plan, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/plan/reporting/overdue/").content.decode()
    assert "市统计局" in page
    export = client.get("/plan/reporting/overdue/?format=xlsx")
    frame = pl.read_excel(io.BytesIO(export.content))
    assert set(frame.columns) >= {"单位", "期别", "截止日期", "逾期天数"}
    assert frame.height > 0


def test_lagging_targets_and_late_reports_raise_alerts_that_resolve(figures, settings):
    Alert.objects.all().delete()  # those the fixture's reaction raised as of the real today
    counts = alerts_refresh(figures, today=TODAY)
    kinds = set(Alert.objects.values_list("kind", flat=True))
    # Waste share falling (倒退), labs at 20 % of the target half-way (滞后), revenue late.
    assert kinds == {"regressing", "lagging", "overdue"}
    waste = Alert.objects.filter(indicator_code="GRN-SOLID-WASTE")
    assert {a.unit.code if a.unit else None for a in waste} == {None, "sthjj"}
    assert counts.created == Alert.objects.count()
    again = alerts_refresh(figures, today=TODAY)
    assert again.created == 0
    observation_import("指标代码,地区代码,期别,数值\nGRN-SOLID-WASTE,370100,2023,75\n".encode(),
                       "fix.csv", plan=figures)
    alerts_refresh(figures, today=TODAY)
    assert not waste.filter(resolved_at__isnull=True).exists()


def test_alerts_are_mailed_when_smtp_is_configured(figures, settings, make_user,
                                                   django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.example.gov.cn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer = make_user("env", "reporter", unit_codes=["sthjj"])
    officer.email = "env@example.gov.cn"
    officer.save()
    Alert.objects.all().delete()  # those the fixture's reaction raised, before mail was set up
    with django_capture_on_commit_callbacks(execute=True):
        alerts_refresh(figures, today=TODAY)
    sent = [m for m in mail.outbox if "env@example.gov.cn" in m.to]
    assert sent and "一般工业固体废物综合利用率" in sent[0].body


def test_alert_page_shows_a_unit_only_its_alerts(client, figures, make_user):
    alerts_refresh(figures, today=TODAY)
    make_user("env", "reporter", unit_codes=["sthjj"])
    login(client, "env")
    page = client.get("/plan/alerts/").content.decode()
    assert "一般工业固体废物综合利用率" in page
    assert "市统计局" not in page


def test_filled_counts_each_indicator_once_per_period(figures, make_user):
    stats = Unit.objects.get(code="tjj")
    owed = {o.due.label: o for o in obligations(figures, stats, today=datetime.date(2024, 8, 1))}
    assert (owed["2024年1-6月"].filled, owed["2024年1-6月"].indicator_count) == (1, 1)
    assert owed["2024年1-5月"].filled == 0
