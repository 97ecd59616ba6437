"""The reporting cycle: what each unit owes for which period, filling in, submitting,
review by the analysts, and what is overdue (催报)."""

import datetime
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.models import AuditEvent, Unit
from qiangshi.dataio.runner import locked
from qiangshi.dataio.tables import ImportReport, file_import
from qiangshi.dataio.validation import CLEAR_MARK
from qiangshi.engine.periods import Period
from qiangshi.engine.reporting import Due, due_periods, timeliness
from qiangshi.notices.services import notify, users_who_may
from qiangshi.plan.figures.changes import figures_changed
from qiangshi.plan.figures.rules import FormBounds, report_region
from qiangshi.plan.figures.text import COLUMNS, observation_sheets_save
from qiangshi.plan.models import DeadlineRule, Indicator, Observation, Plan, Submission

FORM_LABEL = "在线填报"
DONE = {Submission.Status.SUBMITTED, Submission.Status.APPROVED}


@dataclass
class Obligation:
    unit: Unit
    due: Due
    indicator_count: int
    filled: int
    submission: Submission | None
    today: datetime.date

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "missing"

    @property
    def frequency_label(self) -> str:
        return Indicator.Frequency(self.due.frequency).label

    @property
    def status_label(self) -> str:
        return self.submission.get_status_display() if self.submission else "未报送"

    @property
    def overdue(self) -> bool:
        return self.status not in DONE and self.today > self.due.deadline

    @property
    def days_late(self) -> int:
        return self.due.days_late(self.today) if self.overdue else 0


def deadline_days() -> dict[str, int]:
    return dict(DeadlineRule.objects.values_list("frequency", "days_after_period"))


def report_indicators(plan: Plan, unit: Unit):
    """The indicators a unit reports itself (computed ones come from the registries)."""
    return Indicator.objects.filter(plan=plan, reporting_units=unit,
                                    source=Indicator.Source.REPORTED).order_by("order")


def obligations(plan: Plan, unit: Unit, *, today: datetime.date) -> list[Obligation]:
    """Every period the unit owes figures for, newest first."""
    return _obligations_by_unit(plan, [unit], today=today)[0]


def _obligations_by_unit(plan: Plan, units, *, today: datetime.date) -> list[list[Obligation]]:
    """The obligations of each unit, newest first, in the units' order. A fixed number of
    queries whatever the number of units: the 催报清单 of the whole city asks for all of them."""
    units = list(units.select_related("region") if hasattr(units, "select_related") else units)
    reported = Indicator.objects.filter(plan=plan, source=Indicator.Source.REPORTED,
                                        reporting_units__in=units)
    # order_by() drops the default ordering, which would otherwise split the GROUP BY.
    by_frequency: dict[int, dict[str, int]] = {}
    for unit_id, frequency, n in (reported.order_by().values_list("reporting_units", "frequency")
                                  .annotate(n=Count("pk"))):
        by_frequency.setdefault(unit_id, {})[frequency] = n
    if not by_frequency:
        return [[] for _ in units]
    days = deadline_days()
    regions = {unit.pk: report_region(plan, unit) for unit in units}
    filled = {
        (row["indicator__reporting_units"], row["region"], row["indicator__frequency"],
         row["year"], row["month"], row["period_type"]): row["n"]
        for row in Observation.objects.filter(
            indicator__plan=plan, indicator__source=Indicator.Source.REPORTED,
            indicator__reporting_units__in=units,
            region__in={region.pk for region in regions.values()},
        ).order_by().values("indicator__reporting_units", "region", "indicator__frequency", "year",
                            "month", "period_type").annotate(n=Count("pk"))
    }
    submissions = {
        (s.unit_id, s.frequency, s.year, s.month): s
        for s in Submission.objects.filter(plan_code=plan.code, unit__in=units)
    }
    found = []
    for unit in units:
        owed = []
        region_id = regions[unit.pk].pk
        for frequency, count in by_frequency.get(unit.pk, {}).items():
            for due in due_periods(frequency, first_year=plan.period_start,
                                   last_year=plan.period_end, today=today,
                                   deadline_days=days.get(frequency)):
                key = (frequency, due.year, due.month)
                owed.append(Obligation(
                    unit=unit, due=due, indicator_count=count,
                    filled=filled.get((unit.pk, region_id, *key, due.period_type), 0),
                    submission=submissions.get((unit.pk, *key)), today=today))
        found.append(sorted(owed, key=lambda o: o.due.deadline, reverse=True))
    return found


def reporting_units(plan: Plan):
    return Unit.objects.filter(
        pk__in=Indicator.objects.filter(plan=plan, source=Indicator.Source.REPORTED)
        .values("reporting_units")
    ).order_by("sort_order")


def obligations_of(plan: Plan, units, *, today: datetime.date) -> list[Obligation]:
    """The obligations of all of `units`, in a fixed number of queries."""
    return [o for unit_owes in _obligations_by_unit(plan, units, today=today) for o in unit_owes]


def timeliness_table(plan: Plan, units, *, today: datetime.date) -> pl.DataFrame:
    """Each unit's completeness and timeliness of reporting (``engine.reporting.timeliness``),
    keyed by unit code, in the units' order."""
    owed = obligations_of(plan, units, today=today)
    submitted = [o.submission.submitted_at if o.submission else None for o in owed]
    return timeliness(pl.DataFrame({
        "unit": [o.unit.code for o in owed], "deadline": [o.due.deadline for o in owed],
        "submitted_on": [timezone.localtime(at).date() if at else None for at in submitted],
        "done": [o.status in DONE for o in owed],
    }, schema={"unit": pl.String, "deadline": pl.Date, "submitted_on": pl.Date,
               "done": pl.Boolean}), today=today)


def overdue(plan: Plan, *, today: datetime.date, units=None) -> list[Obligation]:
    """Overdue obligations of the given units (default: every unit that reports), most late first."""
    owed = obligations_of(plan, units if units is not None else reporting_units(plan), today=today)
    return sorted([o for o in owed if o.overdue], key=lambda o: o.days_late, reverse=True)


def overdue_rows(plan: Plan, *, today: datetime.date, units=None) -> list[dict]:
    """What is late, one row per unit, indicator and period (the fields of `qiangshi reporting
    overdue --json`), most late first."""
    late = overdue(plan, today=today, units=units)
    owed: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for unit_id, frequency, code, name in Indicator.objects.filter(
            plan=plan, source=Indicator.Source.REPORTED,
            reporting_units__in={o.unit.pk for o in late}).order_by("order").values_list(
            "reporting_units", "frequency", "code", "name"):
        owed.setdefault((unit_id, frequency), []).append((code, name))
    return [
        {"unit": o.unit.name, "unit_code": o.unit.code, "indicator": code, "indicator_name": name,
         "frequency": o.frequency_label, "period": o.due.label,
         "due": o.due.deadline.isoformat(), "days_late": o.days_late, "status": o.status_label}
        for o in late for code, name in owed.get((o.unit.pk, o.due.frequency), [])
    ]


def due_for(plan: Plan, unit: Unit, frequency: str, key: str, *, today) -> Obligation | None:
    return next((o for o in obligations(plan, unit, today=today)
                 if o.due.frequency == frequency and o.due.key == key), None)


def form_bounds(plan: Plan, unit: Unit, due: Due, versions: dict[str, int | None] | None = None
                ) -> FormBounds:
    """The figures one form may carry; `versions` (by indicator code) are those it showed."""
    region = report_region(plan, unit)
    indicators = list(report_indicators(plan, unit).filter(frequency=due.frequency)
                      .values_list("pk", "code"))
    return FormBounds(
        indicator_ids=tuple(pk for pk, _ in indicators),
        indicator_codes=tuple(code for _, code in indicators),
        region_id=region.pk, region_name=region.name, year=due.year, month=due.month,
        period_type=due.period_type, period_label=due.label,
        versions=None if versions is None else {pk: versions[code] for pk, code in indicators
                                                if code in versions},
    )


def report_form_upload(plan: Plan, unit: Unit, due: Due, *, user, content: bytes,
                       filename: str) -> ImportReport:
    """A file uploaded on a form: only that form's figures; they become the form's draft."""
    return _form_write(plan, unit, due, lambda: file_import(
        observation_sheets_save, content, filename, plan=plan, user=user,
        form=form_bounds(plan, unit, due)))


def report_form_save(plan: Plan, unit: Unit, due: Due, *, user, entries: list[dict]) -> ImportReport:
    """Figures typed into the form: each entry has code, value, yoy, status, source (text) and
    the version of the figure the form showed (None: none; no key: not checked). Empty values
    are left out;
    everything else goes through the same checks as a file."""
    region = report_region(plan, unit)
    rows = [e for e in entries if str(e.get("value", "")).strip()]
    frame = pl.DataFrame({
        COLUMNS["indicator"]: [e["code"] for e in rows],
        COLUMNS["region"]: [region.code] * len(rows),
        COLUMNS["period"]: [due.label] * len(rows),
        COLUMNS["value"]: [str(e["value"]).strip() for e in rows],
        # An emptied input clears the stored growth rate (in a file, an empty cell keeps it).
        COLUMNS["yoy"]: [str(e.get("yoy", "")).strip() or CLEAR_MARK for e in rows],
        COLUMNS["status"]: [e.get("status", "") for e in rows],
        COLUMNS["source"]: [e.get("source", "") or f"{unit.short_name}{FORM_LABEL}" for e in rows],
    }, schema=dict.fromkeys([COLUMNS[k] for k in ("indicator", "region", "period", "value", "yoy",
                                                  "status", "source")], pl.String))
    versions = {e["code"]: e["version"] for e in entries if "version" in e}
    return _form_write(plan, unit, due, lambda: observation_sheets_save(
        {FORM_LABEL: frame}, label=FORM_LABEL, digest="", plan=plan, user=user,
        form=form_bounds(plan, unit, due, versions)))


def _form_write(plan: Plan, unit: Unit, due: Due, write) -> ImportReport:
    """A form's figures and its submission change in one transaction that first locks the
    submission row, as a review does: an approval and a change of the form's figures never
    cross (whichever comes second sees the other: the lock, or the period back in draft)."""
    with transaction.atomic():
        list(_submissions(plan, unit, due).select_for_update())
        report = write()
        if report.written:
            _draft(plan, unit, due)
    return report


def _draft(plan: Plan, unit: Unit, due: Due) -> Submission:
    """Figures changed on a form are its draft: a period already submitted goes back to
    填报中 and must be submitted (and reviewed) again, so a review never approves figures
    changed after the reporter sent them."""
    submission = _submission(plan, unit, due)
    if submission.status == Submission.Status.SUBMITTED:
        submission.status = Submission.Status.DRAFT
        submission.save()
    return submission


def _submissions(plan: Plan, unit: Unit, due: Due):
    return Submission.objects.filter(plan_code=plan.code, unit=unit, frequency=due.frequency,
                                     year=due.year, month=due.month)


def _figures(plan: Plan, submission: Submission):
    """The stored figures a submission covers."""
    return Observation.objects.filter(
        indicator__in=report_indicators(plan, submission.unit).filter(
            frequency=submission.frequency),
        region=report_region(plan, submission.unit), year=submission.year,
        month=submission.month, period_type=submission.period_type)


def _submission(plan: Plan, unit: Unit, due: Due) -> Submission:
    submission, _ = Submission.objects.get_or_create(
        plan_code=plan.code, unit=unit, frequency=due.frequency, year=due.year, month=due.month,
        defaults={"period_type": due.period_type},
    )
    return submission


@transaction.atomic
def submission_submit(plan: Plan, unit: Unit, obligation: Obligation, *, user) -> list[str]:
    """Submit the period's figures; returns the names of indicators still empty (then nothing
    is submitted)."""
    region = report_region(plan, unit)
    due = obligation.due
    have = set(Observation.objects.filter(
        indicator__in=report_indicators(plan, unit), region=region, year=due.year,
        month=due.month, period_type=due.period_type,
    ).values_list("indicator__code", flat=True))
    missing = [i.name for i in report_indicators(plan, unit).filter(frequency=due.frequency)
               if i.code not in have]
    if missing:
        return missing
    submission = _submission(plan, unit, due)
    if submission.status == Submission.Status.APPROVED:
        return []
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = user
    submission.save()
    notify(users_who_may("plan.review_submission", scope_all=True),
           f"报送待审核：{unit.name} {due.label}", reverse("plan:reporting"))
    # What is overdue changed, and with it the alerts.
    figures_changed(plan)
    return []


@transaction.atomic
def submission_reopen(submission: Submission, *, reason: str, user) -> Submission:
    """An analyst reopens an approved submission, with a reason, so that its figures can be
    corrected; the unit then submits again for review. Audited with the reason."""
    submission.status = Submission.Status.RETURNED
    submission.review_comment = f"重新开放：{reason}"
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    audit_record(action=AuditEvent.Action.UPDATE, obj=submission,
                 changes={"submission_reopen": {"reason": reason, "from": "approved"}})
    _approval_changed(submission)
    _tell_returned(submission)
    return submission


def _tell_returned(submission: Submission) -> None:
    """The unit's reporters learn that a period came back to them, and why."""
    period = Period(submission.year, submission.month, submission.period_type)
    notify(users_who_may("plan.add_observation", units=[submission.unit_id]),
           f"报送已退回：{submission.unit.name} {period.label}。{submission.review_comment}",
           reverse("plan:report", args=[submission.unit.code, submission.frequency, period.key]))


def _approval_changed(submission: Submission) -> None:
    """An approval moves its unit's reports up the precedence of sources (an approved report
    outranks a computed figure), so which figure counts may change."""
    plan_id = Plan.objects.filter(code=submission.plan_code, is_current=True) \
        .values_list("pk", flat=True).first()
    if plan_id is not None:
        figures_changed(plan_id)


@transaction.atomic
def submission_review(plan: Plan, submission: Submission, *, approve: bool, comment: str,
                      user) -> Submission | None:
    """Approve or return a submitted period; None when it is no longer submitted (its figures
    changed meanwhile). An approval waits for writes in flight on its figures (row locks), so
    no figure changes after it is approved."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Submission.Status.SUBMITTED:
        return None
    if approve:
        list(locked(_figures(plan, submission)).values_list("pk"))
    submission.status = Submission.Status.APPROVED if approve else Submission.Status.RETURNED
    submission.review_comment = comment
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    if approve:
        _approval_changed(submission)
    else:
        _tell_returned(submission)
    return submission
