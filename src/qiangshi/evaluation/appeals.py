"""Appeals against a grade: the class an appeal asks for is one the run's method can assign.

An upheld appeal becomes a force_class override, which the engine accepts only for the
classes A–D, and only if the method allows forcing a class; an appeal asking for anything
else (a "Z" typed into the form) could never be decided, since every recomputation failed.
Deciding an appeal (override and recorded decision) is one transaction here, not in a view;
the new run over every firm is a background job that records itself on the appeal.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qiangshi.engine.mujun.schema import CLASSES
from qiangshi.evaluation.models import Appeal, Override, Result, Run
from qiangshi.jobs.models import Job
from qiangshi.jobs.services import job_start
from qiangshi.notices.services import notify, users_who_may


class AppealRefused(ValueError):
    """The message says, in Chinese, why the appeal cannot be filed or upheld as asked."""


def appeal_classes(method_content: dict) -> tuple[str, ...]:
    """The classes an upheld appeal of a run with this method may force ("" asks for none)."""
    overrides = method_content.get("overrides") or {}
    return CLASSES if overrides.get("force_class", True) else ()


def requested_class_check(requested_class: str, method_content: dict) -> None:
    allowed = appeal_classes(method_content)
    if requested_class and requested_class not in allowed:
        listed = "、".join(allowed) if allowed else "无（该评价方法不允许指定类别）"
        raise AppealRefused(f"请求类别“{requested_class[:10]}”无效，可请求的类别：{listed}")


def appeal_submit(result: Result, *, reason: str, evidence: str, requested_class: str) -> Appeal:
    reason, evidence, requested_class = reason.strip(), evidence.strip(), requested_class.strip()
    if not reason:
        raise AppealRefused("请填写异议理由。")
    requested_class_check(requested_class, result.run.method.content)
    appeal = Appeal.objects.create(result=result, reason=reason, evidence=evidence,
                                   requested_class=requested_class)
    regions = [result.region_id] if result.region_id else []
    notify(users_who_may("evaluation.change_appeal", regions=regions, scope_all=True),
           f"亩均评价异议待处理：{result.name}", reverse("evaluation:appeals") + "?status=pending")
    return appeal


def appeal_decide(appeal: Appeal, *, upheld: bool, note: str, user) -> Job:
    """Decide a pending appeal and return the job that recomputes the run's year.

    Upheld with a requested class, the firm's class is forced (an APPEAL override); either way
    the run's year is recomputed, and the decision points at the run that reflects it once the
    job has made it (`appeal_rerun_record`).
    """
    note = note.strip()
    if not note:
        raise AppealRefused("请填写处理意见。")
    with transaction.atomic():
        # Locked and re-read: two analysts deciding at once must not both record a decision.
        appeal = (Appeal.objects.select_for_update(of=("self",))
                  .select_related("result", "result__run", "result__run__method")
                  .get(pk=appeal.pk))
        if appeal.status != Appeal.Status.PENDING:
            raise AppealRefused("该异议已处理，不能重复处理。")
        result = appeal.result
        if upheld:
            try:
                requested_class_check(appeal.requested_class, result.run.method.content)
            except AppealRefused as error:
                raise AppealRefused(f"异议不能按所请求的类别成立：{error}；"
                                    "请驳回后由企业重新提出。") from error
            if appeal.requested_class and result.enterprise_id:
                Override.objects.update_or_create(
                    year=result.run.year, enterprise_id=result.enterprise_id,
                    kind=Override.Kind.FORCE_CLASS,
                    defaults={"klass": appeal.requested_class, "reason_code": "APPEAL",
                              "reason": f"异议成立：{note}"[:300]})
        appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
        appeal.decision, appeal.decided_by, appeal.decided_at = note, user, timezone.now()
        appeal.save()
        return job_start("evaluation_run", user=user,
                         title=f"异议处理后重算 {result.run.year} 年度亩均评价（{result.name}）",
                         method_id=result.run.method_id, year=result.run.year,
                         note=f"异议处理（{result.name}）后重算", appeal_id=appeal.pk)


def appeal_rerun_record(appeal_id: int, run: Run) -> None:
    appeal = Appeal.objects.get(pk=appeal_id)
    appeal.new_run = run
    appeal.save(update_fields=["new_run"])
