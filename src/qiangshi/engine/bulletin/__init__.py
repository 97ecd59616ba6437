"""Documents written from data (issue 16 §1, §2): the 工作通报 with its narrative, the
督办通知单, the 催报函, the assessment 通报 and the 亩均 公示名单, each an
:class:`qiangshi.engine.document.OfficialDocument` for the layout engine.

Pure: polars tables in, documents out; no Django, no files. ``docs/bulletin-method.md`` has
the sections and sentence templates in words. The bulletin's tables, each optional (``None`` or
no rows leaves its paragraph out; nothing is ever invented); ``bulletin_inputs`` types and
checks them and refuses a table with every reason in Chinese (``BulletinInputInvalid``):

- ``indicators`` (progress of the scope's indicators, from engine.progress): code, name, unit,
  period_label (the period of the value, when not the bulletin's own, e.g. "2024年"), value,
  yoy (同比 %), previous_yoy (the previous bulletin's yoy, %), target_value, target_year,
  completion and expected (目标完成率 and 时序进度 as ratios, 0.852), status (a key of
  engine.progress.constants.STATUS_LABELS), explanation (shown in no sentence: its numbers
  are not traced);
- ``regions`` (区县/功能区 × indicator): region, kind (区县/功能区), indicator (code),
  indicator_name, unit, value, yoy (%), rank, previous_rank, completion (ratio);
- ``ranking`` (an assessment run's units, assessment.UnitResult): region, kind, score, rank,
  previous_rank, mark (blue/yellow/red or null);
- ``chains``: chain (its name), revenue (营业收入 year to date, 亿元), growth (%), status
  (progress status against the chain's target);
- ``stalls``: rule (a key of engine.projects.RULE_LABELS), count (projects stalled);
- ``dispatches`` (one row, the period's 督办): issued, closed, open, overdue;
- ``reporting`` (per reporting unit): unit, due, on_time, late, missing, reminders (催报);
- ``mujun`` (亩均 class counts of one evaluation year): year, grade (A–D), count;
- ``tiers`` (梯队): tier (its name), count.

Modules: ``inputs`` (schemas and checks), ``words`` (period words, numbers, up/down/flat,
facts), ``overall`` (一、总体情况), ``regions`` (二 and the 附件), ``drafts`` (三、存在问题 and
四、下步工作, drafts for the analyst), ``compose`` (``bulletin_document``), ``notices``
(``dispatch_notice``, ``reporting_reminder``), ``published`` (``assessment_notice``,
``mujun_list``), ``trace`` (``untraced(inputs, facts)``: the facts whose value is not the
value their source names in the inputs, for checking a bulletin against its stored results).
"""

from qiangshi.engine.bulletin.compose import DRAFTED, bulletin_document, bulletin_title
from qiangshi.engine.bulletin.inputs import BulletinInputInvalid, BulletinInputs, bulletin_inputs
from qiangshi.engine.bulletin.notices import dispatch_colour, dispatch_notice, reporting_reminder
from qiangshi.engine.bulletin.published import assessment_notice, mujun_list
from qiangshi.engine.bulletin.trace import traced_value, untraced
from qiangshi.engine.bulletin.words import MONTHLY, QUARTERLY, YEARLY, BulletinPeriod, Fact

__all__ = [
    "DRAFTED",
    "MONTHLY",
    "QUARTERLY",
    "YEARLY",
    "BulletinInputInvalid",
    "BulletinInputs",
    "BulletinPeriod",
    "Fact",
    "assessment_notice",
    "bulletin_document",
    "bulletin_inputs",
    "bulletin_title",
    "dispatch_colour",
    "dispatch_notice",
    "mujun_list",
    "reporting_reminder",
    "traced_value",
    "untraced",
]
