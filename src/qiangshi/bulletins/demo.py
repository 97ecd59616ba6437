"""Demo documents: the bulletin of the newest month the plan's figures reach, generated and
issued (marked 演示 in its 文号), so the archive and the leader's 工作台 have one; and a draft
of the same month left for the analyst."""

from django.utils import timezone

from qiangshi.bulletins.generate import bulletin_generate
from qiangshi.bulletins.models import Document
from qiangshi.bulletins.services import document_issue
from qiangshi.plan.monitoring.selectors import latest_as_of
from qiangshi.plan.selectors import plan_current


def demo_load(stdout, **_) -> None:
    plan = plan_current()
    newest = latest_as_of(plan) if plan else None
    if Document.objects.exists() or newest is None:
        return
    month = newest.month - 1 if newest.month > 1 else newest.month
    issued = document_issue(bulletin_generate(year=newest.year, month=month),
                            number=f"演示〔{newest.year}〕{month}号", date=timezone.localdate())
    draft = bulletin_generate(year=newest.year, month=newest.month)
    stdout.write(f"通报：已印发 {issued.title}（{issued.number}），草稿 {draft.title}。")
