"""Bulletin drafts as background jobs, and the monthly draft after the reporting deadline."""

from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qiangshi.bulletins.generate import bulletin_generate
from qiangshi.bulletins.services import DocumentRefused
from qiangshi.engine.bulletin import MONTHLY
from qiangshi.engine.periods import last_complete_month
from qiangshi.jobs.services import JobError, JobResult, job_kind, job_run_now


@job_kind("bulletin_generate", "生成工作通报草稿")
def generate(progress, *, year: int, month: int, period: str = MONTHLY) -> JobResult:
    try:
        draft = bulletin_generate(year=year, month=month, kind=period, progress=progress)
    except DocumentRefused as refused:
        raise JobError(f"未能生成通报：{refused}") from None
    return JobResult(message=f"已生成草稿：{draft.title}。", url=reverse("bulletins:detail", args=[draft.pk]),
                     label="修改与签发", value=draft)


# 23:00 UTC on the 9th is 07:00 in Beijing on the 10th: the month before has been reported by
# then (the reporting calendar's monthly deadline), and the draft waits for the working day.
@db_periodic_task(crontab(day="9", hour="23", minute="0"), name="qiangshi.monthly.bulletin_draft")
def monthly_draft():
    ended = last_complete_month(timezone.localdate())
    job_run_now("bulletin_generate", title=f"生成{ended.year}年1—{ended.month}月工作通报（每月自动）",
                year=ended.year, month=ended.month)
