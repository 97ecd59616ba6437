import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.dataio.excel import xlsx_download, xlsx_response
from qiangshi.params import VERSION_MAX, int_param
from qiangshi.plan.figures.template import observation_template
from qiangshi.plan.models import Observation, Submission
from qiangshi.plan.reporting import obligations as reporting
from qiangshi.plan.reporting.reminders import reminder_send, reminders_latest
from qiangshi.plan.selectors import alert_events, alert_recipients, plan_for


def _plan(request):
    plan = plan_for(request)
    if plan is None:
        raise Http404("还没有载入行动计划")
    return plan


def _units(request, plan):
    return scope_filter(reporting.reporting_units(plan), user=request.user)


@permission_required("plan.add_observation", raise_exception=True)
def reporting_index(request):
    plan = _plan(request)
    units = _units(request, plan)
    unit = units.filter(code=request.GET.get("unit")).first() or units.first()
    today = timezone.localdate()
    can_review = request.user.has_perm("plan.review_submission")
    return render(request, "plan/reporting_index.html", {
        "plan": plan, "units": units, "unit": unit, "plan_ended": plan.ended_on(today),
        "obligations": reporting.obligations(plan, unit, today=today) if unit else [],
        "can_review": can_review,
        "to_review": Submission.objects.filter(plan_code=plan.code,
                                               status=Submission.Status.SUBMITTED)
        .select_related("unit", "submitted_by") if can_review else [],
    })


def _obligation(request, plan, unit_code, frequency, key):
    unit = get_object_or_404(_units(request, plan), code=unit_code)
    obligation = reporting.due_for(plan, unit, frequency, key, today=timezone.localdate())
    if obligation is None:
        raise Http404("该期数据尚未到报送时间")
    return unit, obligation


@permission_required("plan.add_observation", raise_exception=True)
def report_form(request, unit_code, frequency, key):
    plan = _plan(request)
    unit, obligation = _obligation(request, plan, unit_code, frequency, key)
    due = obligation.due
    region = reporting.report_region(plan, unit)
    indicators = list(reporting.report_indicators(plan, unit).filter(frequency=frequency))
    if request.GET.get("format") == "xlsx":
        content = observation_template(indicators=indicators, period_label=due.label,
                                       region_code=region.code)
        return xlsx_download(content, filename=f"{unit.short_name}_{due.label}_填报模板.xlsx")
    report = None
    if request.method == "POST":
        report = _handle_post(request, plan, unit, obligation, indicators)
        if report is None:
            return redirect(request.path)
    stored = {
        o.indicator.code: o for o in Observation.objects.filter(
            indicator__in=indicators, region=region, year=due.year, month=due.month,
            period_type=due.period_type).select_related("indicator")
    }
    return render(request, "plan/report_form.html", {
        "plan": plan, "unit": unit, "obligation": obligation, "region": region,
        "rows": [(i, stored.get(i.code)) for i in indicators], "report": report,
        "editable": obligation.status != Submission.Status.APPROVED,
        "can_reopen": obligation.status == Submission.Status.APPROVED
        and request.user.has_perm("plan.review_submission"),
    })


@transaction.atomic
def _handle_post(request, plan, unit, obligation, indicators):
    """Returns the import report to show, or None after a change that redirects. One
    transaction, so saving and submitting set off one reaction (plan.figures.changes)."""
    if obligation.status == Submission.Status.APPROVED:
        messages.error(request, "该期数据已审核通过，不能再修改；如需更正请联系市工信局。")
        return None
    action = request.POST.get("action")
    if action == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要上传的文件。")
            return None
        report = reporting.report_form_upload(plan, unit, obligation.due, user=request.user,
                                              content=upload.read(), filename=upload.name)
    elif action in {"save", "submit"}:
        entries = [{
            "code": i.code, "value": request.POST.get(f"value-{i.code}", ""),
            "yoy": request.POST.get(f"yoy-{i.code}", ""),
            "status": request.POST.get(f"status-{i.code}", ""),
            "source": request.POST.get(f"source-{i.code}", ""),
            # Only a figure the page showed is checked against its version.
            # Empty (no figure then) or garbled → None.
            **({"version": int_param(request.POST, f"version-{i.code}", low=0, high=VERSION_MAX)}
               if f"version-{i.code}" in request.POST else {}),
        } for i in indicators]
        report = reporting.report_form_save(plan, unit, obligation.due, user=request.user,
                                            entries=entries)
    else:
        return None
    if report.errors:
        return report
    if action == "submit":
        missing = reporting.submission_submit(plan, unit, obligation, user=request.user)
        if missing:
            messages.error(request, "以下指标尚未填写，未能报送：" + "、".join(missing))
            return None
        messages.success(request, f"{obligation.due.label}数据已报送，等待审核。")
    else:
        messages.success(request, f"已保存：{report.summary()}")
    return None


def _submission_in(request, pk, status) -> Submission:
    return scoped_get_or_404(Submission.objects.filter(plan_code=_plan(request).code, status=status),
                             user=request.user, pk=pk)


@require_POST
@permission_required("plan.review_submission", raise_exception=True)
def submission_reopen(request, pk):
    submission = _submission_in(request, pk, Submission.Status.APPROVED)
    reason = request.POST.get("reason", "").strip()[:500]
    back = request.POST.get("next", "")
    back = back if back.startswith("/plan/reporting/") else reverse("plan:reporting")
    if not reason:
        messages.error(request, "重新开放已审核的数据时请填写理由。")
        return redirect(back)
    reporting.submission_reopen(submission, reason=reason, user=request.user)
    messages.success(request, f"{submission}：已重新开放，可以更正后再次报送。")
    return redirect(back)


@require_POST
@permission_required("plan.review_submission", raise_exception=True)
def submission_review(request, pk):
    submission = _submission_in(request, pk, Submission.Status.SUBMITTED)
    approve = request.POST.get("decision") == "approve"
    comment = request.POST.get("comment", "").strip()
    if not approve and not comment:
        messages.error(request, "退回时请填写退回意见。")
        return redirect("plan:reporting")
    if reporting.submission_review(_plan(request), submission, approve=approve, comment=comment,
                                   user=request.user) is None:
        messages.error(request, f"{submission}：审核期间数据已被修改，已回到填报中，请等待重新报送。")
        return redirect("plan:reporting")
    messages.success(request, f"{submission}：{'已审核通过' if approve else '已退回'}。")
    return redirect("plan:reporting")


@permission_required("plan.add_observation", raise_exception=True)
def overdue_list(request):
    plan = _plan(request)
    late = reporting.overdue(plan, today=timezone.localdate(), units=_units(request, plan))
    if request.GET.get("format") == "xlsx":
        frame = pl.DataFrame({
            "单位": [o.unit.name for o in late], "期别": [o.due.label for o in late],
            "频率": [o.frequency_label for o in late],
            "截止日期": [o.due.deadline.isoformat() for o in late],
            "逾期天数": [o.days_late for o in late], "状态": [o.status_label for o in late],
            "已填/应填": [f"{o.filled}/{o.indicator_count}" for o in late],
        })
        return xlsx_response(frame, sheet="催报清单",
                             filename=f"催报清单_{timezone.localdate():%Y%m%d}.xlsx")
    reminded = reminders_latest(plan)
    return render(request, "plan/overdue_list.html", {
        "plan": plan, "can_remind": request.user.has_perm("plan.review_submission"),
        "late": [(o, reminded.get((o.unit.pk, o.due.frequency, o.due.key))) for o in late]})


@permission_required("plan.review_submission", raise_exception=True)
def timeliness_list(request):
    """Each reporting unit's completeness and timeliness (报送完整率、及时率), the regions'
    governments and zone committees first."""
    plan = _plan(request)
    today = timezone.localdate()
    units = list(_units(request, plan).select_related("region"))
    units.sort(key=lambda u: (u.region_id is None, u.sort_order))
    rates = {row["unit"]: row for row in reporting.timeliness_table(
        plan, units, today=today).iter_rows(named=True)}
    rows = [(unit, rates.get(unit.code)) for unit in units]
    if request.GET.get("format") == "xlsx":
        frame = pl.DataFrame([
            (unit.name, "区县（功能区）" if unit.region_id else "市直单位", r["expected"],
             r["reported"], r["on_time"], r["late"], r["missing"], r["completeness"],
             r["timeliness"]) for unit, r in rows if r], orient="row", schema={
            "单位": pl.String, "类别": pl.String, "应报期数": pl.Int64, "已报": pl.Int64,
            "按时报送": pl.Int64, "逾期报送": pl.Int64, "未报": pl.Int64, "完整率": pl.Float64,
            "及时率": pl.Float64})
        return xlsx_response(frame, sheet="报送及时率",
                             filename=f"报送及时率_{today:%Y%m%d}.xlsx")
    return render(request, "plan/timeliness_list.html", {
        "plan": plan, "today": today,
        "regions": [(u, r) for u, r in rows if u.region_id],
        "others": [(u, r) for u, r in rows if not u.region_id]})


@require_POST
@permission_required("plan.review_submission", raise_exception=True)
def overdue_remind(request):
    plan = _plan(request)
    unit, obligation = _obligation(request, plan, request.POST.get("unit", ""),
                                   request.POST.get("frequency", ""), request.POST.get("key", ""))
    if not obligation.overdue:
        messages.error(request, f"{unit.name} {obligation.due.label}已报送或未逾期，无需催报。")
    else:
        reminder = reminder_send(plan, obligation, user=request.user)
        messages.success(request, f"已向{unit.name}催报 {obligation.due.label}"
                                  f"（通知 {reminder.recipients} 人）。")
    return redirect("plan:overdue")


@permission_required("plan.view_indicator", raise_exception=True)
def alert_list(request):
    """One row per event with the units it went to (issue 13 §4)."""
    plan = _plan(request)
    show = request.GET.get("show", "open")
    events = alert_events(user=request.user, plan=plan, open_only=show == "open")
    if request.GET.get("format") == "xlsx":
        shown = alert_recipients(events, user=request.user, plan=plan)
        frame = pl.DataFrame({
            "产生时间": [e["created_at"].isoformat(timespec="minutes") for e in shown],
            "类型": [e["kind_label"] for e in shown],
            "单位": ["、".join(e["units"]) for e in shown],
            "指标代码": [e["indicator_code"] for e in shown],
            "内容": [e["message"] for e in shown],
            "解除时间": [e["resolved_at"].isoformat(timespec="minutes") if e["resolved_at"] else ""
                     for e in shown],
        }, schema={name: pl.String for name in ("产生时间", "类型", "单位", "指标代码", "内容",
                                                "解除时间")})
        return xlsx_response(frame, sheet="预警", filename=f"预警_{timezone.localdate():%Y%m%d}.xlsx")
    return render(request, "plan/alert_list.html", {
        "plan": plan, "show": show,
        "alerts": alert_recipients(events[:500], user=request.user, plan=plan),
    })
