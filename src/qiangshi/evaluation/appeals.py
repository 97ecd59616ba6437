"""Appeals against a grade (异议): filed with the figures the firm says are right, decided by
an analyst.

An upheld appeal corrects the disputed figures in the registry (each kept as a FactRevision
whose source names the appeal, through enterprises.services) and evaluates the year again, so
the firm's total, rank and class follow from the corrected facts and the method, and so do
the other firms' ranks. Forcing a class stays possible, but only as an explicit override with
one of the method's reason codes; the class a firm asks for is never applied on its own.

The year is evaluated again by the same background job as a run started by hand
(``evaluation_run``): it covers every firm, so it must not run in the request, and the analyst
follows it on the job page like any run. A rejected appeal changes no input, so no run is made.
"""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qiangshi.engine.mujun.schema import CLASSES
from qiangshi.enterprises.columns import FACT_FIELDS
from qiangshi.enterprises.services import fact_correct, fact_value
from qiangshi.evaluation.models import Appeal, Override, Result, Run
from qiangshi.evaluation.tables import EVALUATED_FACTS
from qiangshi.field_values import ValueRefused
from qiangshi.jobs.models import Job
from qiangshi.jobs.services import job_start
from qiangshi.notices.services import notify, users_who_may

APPEAL_SOURCE = "亩均评价异议 #{pk}（{year}年度）"


class AppealRefused(ValueError):
    """The message says, in Chinese, why the appeal cannot be filed or decided as asked."""


def appeal_classes(method_content: dict) -> tuple[str, ...]:
    """The classes an override of a run with this method may force (none if it forbids forcing)."""
    overrides = method_content.get("overrides") or {}
    return CLASSES if overrides.get("force_class", True) else ()


def reason_codes(method_content: dict) -> dict[str, str]:
    """code → Chinese text of the reasons the method accepts for an override."""
    return dict((method_content.get("overrides") or {}).get("reason_codes") or {})


def fact_labels() -> dict[str, str]:
    """The figures an appeal may correct, in the order of the form: field → Chinese label."""
    return {field: FACT_FIELDS[field][0] for field in EVALUATED_FACTS}


def requestable_classes(current: str, method_content: dict) -> tuple[str, ...]:
    """The classes a firm graded `current` may ask for: those the method can assign that are
    better than its own (any of them for a firm not graded)."""
    allowed = appeal_classes(method_content)
    if current not in CLASSES:
        return allowed
    return tuple(c for c in allowed if CLASSES.index(c) < CLASSES.index(current))


def requested_class_check(requested_class: str, current: str, method_content: dict) -> None:
    if not requested_class:
        return
    allowed = appeal_classes(method_content)
    if requested_class not in allowed:
        listed = "、".join(allowed) if allowed else "无（该评价方法不允许指定类别）"
        raise AppealRefused(f"请求类别“{requested_class[:10]}”无效，可请求的类别：{listed}")
    if requested_class not in requestable_classes(current, method_content):
        raise AppealRefused(f"请求类别应优于现类别 {current} 类，实为 {requested_class} 类")


def corrections_read(fields: list[str], values: list[str]) -> dict[str, str]:
    """The pairs of the form (figure, corrected value) as field → stored text; blank pairs are
    skipped, a figure the evaluation does not read or a bad number is refused."""
    labels = fact_labels()
    corrections: dict[str, str] = {}
    for field, text in zip(fields, values, strict=False):
        field, text = field.strip(), text.strip()
        if not field and not text:
            continue
        if field not in labels:
            raise AppealRefused("请选择要更正的数据项（评价所用的年度数据之一）")
        if field in corrections:
            raise AppealRefused(f"{labels[field]}填写了两次")
        try:
            corrections[field] = str(fact_value(field, text))
        except ValueRefused as error:
            raise AppealRefused(str(error)) from error
    return corrections


def appeal_submit(result: Result, *, reason: str, evidence: str, requested_class: str,
                  corrections: dict[str, str] | None = None) -> Appeal:
    reason, evidence, requested_class = reason.strip(), evidence.strip(), requested_class.strip()
    if not reason:
        raise AppealRefused("请填写异议理由。")
    requested_class_check(requested_class, result.klass, result.run.method.content)
    appeal = Appeal.objects.create(result=result, reason=reason, evidence=evidence,
                                   requested_class=requested_class, corrections=corrections or {})
    regions = [result.region_id] if result.region_id else []
    notify(users_who_may("evaluation.change_appeal", regions=regions, scope_all=True),
           f"亩均评价异议待处理：{result.name}", reverse("evaluation:appeals") + "?status=pending")
    return appeal


def _force_check(force_class: str, reason_code: str, method_content: dict) -> None:
    allowed = appeal_classes(method_content)
    if force_class not in allowed:
        listed = "、".join(allowed) if allowed else "无（该评价方法不允许指定类别）"
        raise AppealRefused(f"指定类别“{force_class[:10]}”无效，可指定的类别：{listed}")
    codes = reason_codes(method_content)
    if reason_code not in codes:
        listed = "、".join(codes.values()) or "无（请先在评价方法中设置原因代码）"
        raise AppealRefused(f"指定类别须选择评价方法规定的原因，可选：{listed}")


def appeal_decide(appeal: Appeal, *, upheld: bool, note: str, user, force_class: str = "",
                  reason_code: str = "") -> Job | None:
    """Decide a pending appeal; upheld, return the job that evaluates its year again.

    Upheld, the appeal's corrected figures are written to the registry and, when `force_class`
    is given, the class is forced with `reason_code` (one of the method's reason codes); an
    upheld appeal must change one of the two. The decision points at the run that reflects it
    once the job has made it (`appeal_rerun_record`).
    """
    note, force_class, reason_code = note.strip(), force_class.strip(), reason_code.strip()
    if not note:
        raise AppealRefused("请填写处理意见。")
    with transaction.atomic():
        # Locked and re-read: two analysts deciding at once must not both record a decision.
        appeal = (Appeal.objects.select_for_update(of=("self",))
                  .select_related("result", "result__run", "result__run__method")
                  .get(pk=appeal.pk))
        if appeal.status != Appeal.Status.PENDING:
            raise AppealRefused("该异议已处理，不能重复处理。")
        result, content = appeal.result, appeal.result.run.method.content
        if upheld:
            _uphold(appeal, result, content, force_class, reason_code, note, user)
        appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
        appeal.decision, appeal.decided_by, appeal.decided_at = note, user, timezone.now()
        appeal.save()
        if not upheld:
            return None
        return job_start("evaluation_run", user=user,
                         title=f"异议处理后重算 {result.run.year} 年度亩均评价（{result.name}）",
                         method_id=result.run.method_id, year=result.run.year,
                         note=f"异议处理（{result.name}）后重算", appeal_id=appeal.pk)


def _uphold(appeal, result, content, force_class, reason_code, note, user) -> None:
    if not appeal.corrections and not force_class:
        raise AppealRefused("异议成立须更正企业数据或指定类别：该异议没有更正数据，请指定类别并选择原因。")
    if force_class:
        _force_check(force_class, reason_code, content)
    if result.enterprise_id is None:
        raise AppealRefused("该企业已不在企业库中，无法更正数据或指定类别。")
    if appeal.corrections:
        try:
            fact_correct(result.enterprise_id, result.run.year, appeal.corrections, user=user,
                         source=APPEAL_SOURCE.format(pk=appeal.pk, year=result.run.year))
        except ObjectDoesNotExist as error:
            raise AppealRefused(f"企业库中没有该企业 {result.run.year} 年度的数据，无法更正。") from error
        except ValueRefused as error:
            raise AppealRefused(f"更正数据有误：{error}") from error
    if force_class:
        Override.objects.update_or_create(
            year=result.run.year, enterprise_id=result.enterprise_id,
            kind=Override.Kind.FORCE_CLASS,
            defaults={"klass": force_class, "reason_code": reason_code,
                      "reason": f"{reason_codes(content)[reason_code]}（异议复核：{note}）"[:300]})
        appeal.forced_class, appeal.forced_reason_code = force_class, reason_code


def appeals_explained(appeals) -> list[Appeal]:
    """The appeals with what a page shows beside each, in Chinese: the corrections as (label,
    value), the reasons an analyst may choose for forcing a class, the reason of a forced class."""
    labels = fact_labels()
    shown = list(appeals)
    for appeal in shown:
        codes = reason_codes(appeal.result.run.method.content)
        appeal.correction_rows = [(labels.get(field, "其他数据项"), Decimal(value))
                                  for field, value in appeal.corrections.items()]
        appeal.reason_choices = codes
        appeal.force_classes = appeal_classes(appeal.result.run.method.content)
        appeal.forced_reason = codes.get(appeal.forced_reason_code, "")
    return shown


def appeal_rerun_record(appeal_id: int, run: Run) -> None:
    appeal = Appeal.objects.get(pk=appeal_id)
    appeal.new_run = run
    appeal.save(update_fields=["new_run"])
