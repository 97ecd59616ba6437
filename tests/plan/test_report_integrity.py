"""Issue 11 §3: reported figures go through review, approved figures stay approved, and a
reporting unit writes only the regions it reports for."""

import io

import polars as pl

from qiangshi.accounts.models import AuditEvent
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation, Submission
from qiangshi.plan.reporting.obligations import submission_review
from tests.conftest import login

FORM = "/plan/reporting/tjj/monthly_cumulative/2024-02/"
OTHER_FORM = "/plan/reporting/gxj/monthly_cumulative/2024-02/"


def _csv(text: str, name: str = "上报.csv") -> io.BytesIO:
    buffer = io.BytesIO(("指标代码,地区代码,期别,数值\n" + text).encode())
    buffer.name = name
    return buffer


def _figure(code="MFG-REV", region="370100", year=2024, month=2, period_type="ytd"):
    return Observation.objects.get(indicator__code=code, region__code=region, year=year,
                                   month=month, period_type=period_type)


def test_form_upload_refuses_rows_of_another_period_and_leaves_the_cockpit_figure(
        client, figures, make_user):
    # The city's 2023 revenue is a published yearly figure; the unit's open form is 2024年1-2月.
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    page = client.post(FORM, {"action": "upload",
                              "file": _csv("MFG-REV,370100,2023,1\nMFG-REV,370100,2024年1-2月,900\n")})
    assert page.status_code == 200
    text = page.content.decode()
    assert "本表只收 2024年1-2月 的数据" in text
    assert _figure(year=2023, month=12, period_type="annual").value == 8640
    # All-or-nothing: the row that did belong to the form is not written either.
    assert not Observation.objects.filter(year=2024, month=2).exists()


def test_form_upload_refuses_indicators_and_regions_not_on_the_form(client, figures, make_user):
    make_user("env", "reporter", unit_codes=["sthjj"])
    make_user("lixia", "region", region_codes=["370102"], unit_codes=["lxqzf"])
    login(client, "lixia")
    # 历下区 may report the district's waste share, but the 科技局 form is not its form.
    page = client.post("/plan/reporting/sthjj/annual/2023/", {
        "action": "upload", "file": _csv("GRN-SOLID-WASTE,370102,2023,10\n")})
    assert page.status_code == 404
    client.post("/logout/")
    login(client, "env")
    page = client.post("/plan/reporting/sthjj/annual/2023/", {
        "action": "upload", "file": _csv("GRN-SOLID-WASTE,370102,2023,10\nT1-LABS,370100,2023,1\n")})
    text = page.content.decode()
    assert "本表只填报济南市的数据" in text and "本表不含这个指标" in text
    assert _figure("GRN-SOLID-WASTE", "370102", 2023, 12, "annual").value == 71
    assert _figure("T1-LABS", "370100", 2023, 12, "annual").value == 20


def test_form_upload_becomes_the_forms_draft_that_goes_to_review(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    response = client.post(FORM, {"action": "upload",
                                  "file": _csv("MFG-REV,370100,2024年1-2月,900\n")})
    assert response.status_code == 302
    assert _figure().value == 900
    submission = Submission.objects.get()
    assert (submission.unit.code, submission.status, submission.month) == ("tjj", "draft", 2)


def _approve_tjj(client, make_user, value="1234.5"):
    make_user("stats", "reporter", unit_codes=["tjj"])
    make_user("gxjclerk", "reporter", unit_codes=["gxj"])
    make_user("analyst", "analyst")
    login(client, "stats")
    client.post(FORM, {"action": "submit", "value-MFG-REV": value})
    client.post("/logout/")
    login(client, "analyst")
    submission = Submission.objects.get(unit__code="tjj")
    client.post(f"/plan/reporting/submissions/{submission.pk}/review/", {"decision": "approve"})
    submission.refresh_from_db()
    assert submission.status == "approved"
    client.post("/logout/")
    return submission


def test_an_approved_figure_cannot_be_changed_through_another_open_form(
        client, mini_plan, make_user):
    _approve_tjj(client, make_user)
    login(client, "gxjclerk")
    # 市工信局 reports the same city revenue; its own form for the period is still open.
    page = client.post(OTHER_FORM, {"action": "save", "value-MFG-REV": "1"})
    assert "已审核通过并锁定" in page.content.decode()
    page = client.post(OTHER_FORM, {"action": "upload",
                                    "file": _csv("MFG-REV,370100,2024年1-2月,2\n")})
    assert "已审核通过并锁定" in page.content.decode()
    assert _figure().value == 1234.5


def test_an_approved_figure_cannot_be_changed_by_the_import_command(client, mini_plan, make_user):
    _approve_tjj(client, make_user)
    report = observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2024年1-2月,5\n"
                                .encode(), "命令行.csv", plan=mini_plan)
    assert not report.written and "已审核通过并锁定" in report.errors[0].reason
    dry = observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2024年1-2月,5\n"
                             .encode(), "命令行.csv", plan=mini_plan, dry_run=True)
    assert [e.reason for e in dry.errors] == [e.reason for e in report.errors]
    # Re-importing the approved value itself changes nothing and is not an error.
    same = observation_import("指标代码,地区代码,期别,数值,来源说明\n"
                              "MFG-REV,370100,2024年1-2月,1234.5,市统计局在线填报\n"
                              .encode(), "命令行.csv", plan=mini_plan)
    assert same.errors == [] and same.unchanged == 1
    assert _figure().value == 1234.5


def test_reopen_needs_an_analyst_and_a_reason_is_audited_and_unlocks(client, mini_plan, make_user):
    submission = _approve_tjj(client, make_user)
    reopen = f"/plan/reporting/submissions/{submission.pk}/reopen/"
    login(client, "stats")
    assert client.post(reopen, {"reason": "我想改"}).status_code == 403
    client.post("/logout/")
    login(client, "analyst")
    client.post(reopen, {"reason": ""})
    submission.refresh_from_db()
    assert submission.status == "approved"  # a reopen needs a reason
    client.post(reopen, {"reason": "统计局更正了快报数"})
    submission.refresh_from_db()
    assert submission.status == "returned"
    event = AuditEvent.objects.filter(changes__has_key="submission_reopen").get()
    assert event.changes["submission_reopen"]["reason"] == "统计局更正了快报数"
    assert event.actor.username == "analyst"
    client.post("/logout/")
    login(client, "gxjclerk")
    response = client.post(OTHER_FORM, {"action": "save", "value-MFG-REV": "1250"})
    assert response.status_code == 302
    assert _figure().value == 1250


def test_a_unit_writes_only_the_region_it_reports_for(mini_plan, make_user):
    stats = make_user("stats", "reporter", unit_codes=["tjj"])
    # 市统计局 reports the city's revenue; a 历下区 figure is the district's to report.
    report = observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370102,2023,10\n".encode(),
                                "区县.csv", plan=mini_plan, user=stats)
    assert not report.written and "超出您的数据范围" in report.errors[0].reason
    city = observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2023,10\n".encode(),
                              "全市.csv", plan=mini_plan, user=stats)
    assert city.written


def test_a_district_still_reports_its_own_figures(mini_plan, lixia_user):
    report = observation_import("指标代码,地区代码,期别,数值\nGRN-SOLID-WASTE,370102,2023,10\n"
                                .encode(), "历下.csv", plan=mini_plan, user=lixia_user)
    assert report.written, report.errors


def test_the_forms_template_states_the_rules_in_its_notes_sheet(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    content = client.get(FORM + "?format=xlsx").content
    notes = pl.read_excel(io.BytesIO(content), sheet_name="填写说明")["填写说明"].to_list()
    assert any("清空" in line for line in notes) and any("锁定" in line for line in notes)


def test_figures_changed_after_submitting_go_back_to_draft(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    client.post(FORM, {"action": "submit", "value-MFG-REV": "100"})
    assert Submission.objects.get().status == "submitted"
    client.post(FORM, {"action": "upload", "file": _csv("MFG-REV,370100,2024年1-2月,120\n")})
    assert Submission.objects.get().status == "draft"
    client.post(FORM, {"action": "submit", "value-MFG-REV": "120"})
    assert Submission.objects.get().status == "submitted"


def test_a_review_of_a_period_changed_since_submission_is_refused(client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    analyst = make_user("analyst", "analyst")
    login(client, "stats")
    client.post(FORM, {"action": "submit", "value-MFG-REV": "100"})
    shown = Submission.objects.get()  # what the analyst's page showed
    client.post(FORM, {"action": "save", "value-MFG-REV": "120"})
    assert submission_review(mini_plan, shown, approve=True, comment="", user=analyst) is None
    assert Submission.objects.get().status == "draft"
