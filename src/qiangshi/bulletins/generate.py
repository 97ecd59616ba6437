"""A bulletin draft written from the period's stored results (bulletins.inputs) by the
engine's writer (engine.bulletin); the method version, the input hash and the runs it read are
kept with the draft, and every number of its narrative with the value it came from."""

import dataclasses

from django.conf import settings
from django.utils import timezone

from qiangshi.accounts.models import Region
from qiangshi.accounts.selectors import CITY
from qiangshi.bulletins import inputs
from qiangshi.bulletins.models import Document
from qiangshi.bulletins.services import DocumentRefused, draft_save
from qiangshi.engine.bulletin import (
    MONTHLY,
    QUARTERLY,
    YEARLY,
    BulletinInputInvalid,
    BulletinPeriod,
    bulletin_document,
    bulletin_inputs,
)
from qiangshi.engine.bulletin.sources import source_label
from qiangshi.engine.hashing import input_hash
from qiangshi.jobs.progress import ProgressCallback, no_progress
from qiangshi.plan.selectors import plan_current

METHOD_VERSION = "bulletin-1"
PERIOD_TYPES = {MONTHLY: Document.PeriodType.MONTHLY, QUARTERLY: Document.PeriodType.QUARTERLY,
                YEARLY: Document.PeriodType.YEARLY}


def bulletin_generate(*, year: int, month: int, kind: str = MONTHLY,
                      progress: ProgressCallback = no_progress) -> Document:
    """The city's bulletin draft for the year to `month`."""
    plan = plan_current()
    if plan is None:
        raise DocumentRefused("尚未载入行动计划，无法生成通报")
    try:
        period = BulletinPeriod(year, month, kind)
    except ValueError as invalid:
        raise DocumentRefused(str(invalid)) from None
    city = Region.objects.get(code=CITY)
    progress(0, 3, "读取本期进度、考核、产业链、项目与报送结果")
    indicators, progress_run = inputs.indicator_rows(plan, city, year=year, month=month)
    ranking, assessment_run = inputs.ranking_rows(year=year, month=month)
    chains, chain_run = inputs.chain_rows(year=year, month=month)
    mujun, mujun_run = inputs.mujun_rows(year=year)
    tables = {"indicators": indicators, "regions": inputs.region_rows(plan, year=year, month=month),
              "ranking": ranking, "chains": chains, "stalls": inputs.stall_rows(year=year, month=month),
              "dispatches": inputs.dispatch_rows(year=year, month=month),
              "reporting": inputs.reporting_rows(plan, year=year, month=month), "mujun": mujun}
    progress(1, 3, "写成通报草稿")
    try:
        checked = bulletin_inputs(**{name: rows or None for name, rows in tables.items()})
    except BulletinInputInvalid as invalid:
        raise DocumentRefused("；".join(invalid.problems)) from None
    document, facts = bulletin_document(period, "全市", checked, organ=settings.BULLETIN_ORGAN,
                                        signer=settings.BULLETIN_ORGAN, date=timezone.localdate())
    frames = [getattr(checked, name) for name in tables if getattr(checked, name) is not None]
    fingerprint = input_hash(*frames, method=METHOD_VERSION, parameters={"year": year, "month": month,
                                                                         "kind": kind})
    sources = {label: f"#{pk}" for label, pk in (("目标进度", progress_run), ("专项考核", assessment_run),
                                                 ("产业链测算", chain_run), ("亩均评价", mujun_run)) if pk}
    progress(2, 3, "保存草稿")
    names = {row["code"]: row["name"] for row in indicators}
    names |= {row["indicator"]: row["indicator_name"] for row in tables["regions"]}
    shown = [{**dataclasses.asdict(f), "label": source_label(f.source, names)} for f in facts]
    draft = draft_save(kind=Document.Kind.BULLETIN, year=year, month=month, period_type=PERIOD_TYPES[kind],
                       region=city, document=document, facts=shown,
                       sources=sources, input_hash=fingerprint, method_version=METHOD_VERSION)
    progress(3, 3, f"已生成草稿：{draft.title}")
    return draft

