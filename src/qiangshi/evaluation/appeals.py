"""Appeals against a grade: the class an appeal asks for is one the run's method can assign.

An upheld appeal becomes a force_class override, which the engine accepts only for the
classes A–D, and only if the method allows forcing a class; an appeal asking for anything
else (a "Z" typed into the form) could never be decided, since every recomputation failed.
"""

from qiangshi.engine.mujun_method import CLASSES
from qiangshi.evaluation.models import Appeal, Result


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
    return Appeal.objects.create(result=result, reason=reason, evidence=evidence,
                                 requested_class=requested_class)
