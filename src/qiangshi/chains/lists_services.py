"""Writes of the target list: dated events that move a target along its pipeline, and the
landing that links it to a project. Each write checks the STORED target's chain."""

import datetime

from django.db import transaction
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.chains.models_lists import TargetEvent, TargetFirm
from qiangshi.chains.services import ChainRefused, chain_in_scope
from qiangshi.projects.selectors import project_visible

Stage, Kind = TargetFirm.Stage, TargetEvent.Kind
# The pipeline in order; a stage only moves forward.
STAGE_ORDER = [Stage.LEAD, Stage.CONTACT, Stage.NEGOTIATING, Stage.SIGNED, Stage.LANDED]
# The stage an event shows the target has reached (其他 shows none).
EVENT_STAGE = {Kind.CONTACT: Stage.CONTACT, Kind.FIRST_TALK: Stage.CONTACT,
               Kind.NEGOTIATION: Stage.NEGOTIATING, Kind.TOP_PUSH: Stage.NEGOTIATING,
               Kind.SIGNED: Stage.SIGNED, Kind.LANDED: Stage.LANDED}


def stage_rank(stage: str) -> int:
    return STAGE_ORDER.index(stage)


def stage_after(current: str, kind: str) -> str:
    """The stage after an event of `kind`: the later of the current one and the event's."""
    reached = EVENT_STAGE.get(kind)
    if reached is None or stage_rank(reached) <= stage_rank(current):
        return current
    return reached


@transaction.atomic
def event_add(*, user, target: TargetFirm, kind: str, on: datetime.date, note: str = "",
              project_code: str = "") -> str:
    """Record an event; the target's stage moves forward to what the event shows, never back.
    落地 needs the landed project (by its code, one the user may read, of this chain or none),
    which is linked to the target. Returns a Chinese sentence of what happened."""
    chain_in_scope(user, target.chain)
    if kind not in Kind.values:
        raise ChainRefused("请选择跟进事项")
    if on > timezone.localdate():
        raise ChainRefused("日期不能晚于今天")
    project = None
    if kind == Kind.LANDED:
        if not project_code.strip():
            raise ChainRefused("登记落地须填写落地项目的项目编号")
        project = project_visible(user=user, code=project_code.strip())
        if project is None:
            raise ChainRefused(f"没有编号为 {project_code.strip()} 的项目（或超出您的数据范围）")
        if project.chain_code not in ("", target.chain):
            raise ChainRefused("该项目属于其他产业链，不能作为本目标企业的落地项目")
    TargetEvent.objects.create(target=target, kind=kind, on=on, note=note[:300],
                               recorded_by=current_actor().name)
    before = target.stage
    target.stage = stage_after(before, kind)
    if project is not None:
        target.project = project
    target.save()
    labels = dict(Stage.choices)
    if target.stage != before:
        return f"已记录；跟进阶段由“{labels[before]}”进至“{labels[target.stage]}”"
    if EVENT_STAGE.get(kind) is not None and target.stage != EVENT_STAGE[kind]:
        return f"已记录；跟进阶段已是“{labels[before]}”，不会后退"
    return "已记录"
