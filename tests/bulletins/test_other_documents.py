"""The other documents people print, drafted from the demo's stored rows on the 通报 page: a
督办通知单, a 催报函, a 考核通报 and a 亩均 公示名单, each then a draft like a bulletin."""

import datetime

import pytest
from django.utils import timezone

from qiangshi.accounts.models import Unit
from qiangshi.bulletins import others, selectors
from qiangshi.bulletins.models import Document
from qiangshi.bulletins.services import DocumentRefused
from qiangshi.engine.document import document_from
from qiangshi.plan.reporting.obligations import overdue
from tests.conftest import login


@pytest.fixture
def analyst(shared_demo, client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    return client


def _text(document: Document) -> str:
    body = document_from(document.content)
    parts = [body.title, *(p for s in body.sections for part in (s, *s.subsections) for p in part.paragraphs)]
    tables = [t for s in body.sections for t in s.tables] + [a.table for a in body.attachments]
    parts += [cell for t in tables for row in t.rows for cell in row]
    return " ".join(parts)


def _draft(client, kind: str) -> Document:
    sources = selectors.other_sources(today=timezone.localdate())[kind]
    assert sources, kind  # the demo has something to draft from
    response = client.post("/bulletins/other/", {"kind": kind, "source": sources[0][0]})
    assert response.status_code == 302 and "/bulletins/" in response["Location"]
    return Document.objects.get(kind=kind)


def test_a_dispatch_notice_names_the_unit_the_project_and_the_deadline(analyst):
    draft = _draft(analyst, "dispatch")
    text = _text(draft)
    assert "督办" in draft.title and draft.status == "draft" and "督办单" in draft.sources
    assert "督办等级" in text and "办理期限" in text


def test_an_assessment_notice_ranks_the_units_of_the_run(analyst):
    draft = _draft(analyst, "assessment")
    assert "考核" in draft.title and draft.sources["专项考核"].startswith("#")
    assert "历下" in _text(draft)


def test_a_mujun_list_names_graded_firms_and_the_publicity_period(analyst):
    draft = _draft(analyst, "mujun")
    text = _text(draft)
    assert "公示" in draft.title and "公示期" in text


def test_a_reminder_lists_what_a_late_unit_owes_and_none_is_drafted_for_a_unit_up_to_date(mini_plan):
    # The mini plan's monthly revenue is late on 20 March 2024 for 市统计局 (tests/plan).
    late = datetime.date(2024, 3, 20)
    assert "tjj" in {o.unit.code for o in overdue(mini_plan, today=late)}
    draft = others.reminder_draft(mini_plan, Unit.objects.get(code="tjj"), today=late)
    text = _text(draft)
    assert "市统计局" in text and "逾期" in text and "规模以上工业营业收入" in text
    with pytest.raises(DocumentRefused, match="没有逾期未报的数据"):
        others.reminder_draft(mini_plan, Unit.objects.get(code="tjj"), today=datetime.date(2023, 1, 5))


def test_a_junk_choice_drafts_nothing_and_says_why(analyst):
    before = Document.objects.count()
    response = analyst.post("/bulletins/other/", {"kind": "leaflet", "source": "1"}, follow=True)
    assert "未能起草" in response.content.decode()
    response = analyst.post("/bulletins/other/", {"kind": "dispatch", "source": "99999999"}, follow=True)
    assert "未能起草" in response.content.decode()
    assert Document.objects.count() == before


def test_a_leader_may_not_draft_documents(shared_demo, client, make_user):
    make_user("boss", "leader")
    login(client, "boss")
    assert client.post("/bulletins/other/", {"kind": "dispatch", "source": "1"}).status_code == 403
