"""A draft edited, issued with its 文号 and archived unchanged, copied into a new version; who
may do what; the Word file as printed."""

import datetime
import io

import docx
import pytest

from qiangshi.bulletins.models import Document
from qiangshi.bulletins.services import (
    DocumentRefused,
    document_issue,
    draft_edit,
    draft_save,
    edit_fields,
    new_version,
)
from qiangshi.engine.document import document_from
from tests.bulletins.conftest import bulletin
from tests.conftest import login

ISSUE_DAY = datetime.date(2025, 11, 21)


def test_generating_again_from_the_same_inputs_gives_the_same_draft(draft):
    again = draft_save(kind="bulletin", year=2025, month=10, period_type="monthly",
                       region=draft.region, document=bulletin(), facts=[], sources={}, input_hash="h1",
                       method_version="bulletin-1")
    assert again == draft and Document.objects.count() == 1


def test_an_edited_draft_keeps_its_tables_and_the_analysts_text(draft):
    fields = edit_fields(draft)
    assert [heading for heading, _ in fields] == ["一、总体情况", "二、存在问题", "（一）项目建设"]
    draft_edit(draft, title="关于1—10月工业经济运行情况的通报", headings=[h for h, _ in fields],
               texts=["第一段\n\n第二段", "问题一", "项目三个"])
    body = document_from(Document.objects.get(pk=draft.pk).content)
    assert body.title == "关于1—10月工业经济运行情况的通报"
    assert body.sections[0].paragraphs == ["第一段", "第二段"]
    assert body.sections[0].tables[0].rows[0][0] == "历下区"
    assert body.sections[1].subsections[0].paragraphs == ["项目三个"]


def test_a_form_that_does_not_match_the_drafts_parts_saves_nothing(draft):
    with pytest.raises(DocumentRefused, match="章节已变化"):
        draft_edit(draft, title="标题", headings=["一、总体情况"], texts=["只有一段"])
    assert Document.objects.get(pk=draft.pk).content == draft.content


def test_issuing_fixes_the_number_and_date_prints_once_and_locks_the_document(draft):
    issued = document_issue(draft, number="济工信通〔2025〕10号", date=ISSUE_DAY)
    assert issued.status == "issued" and issued.issued_by and issued.issued_at
    body = document_from(issued.content)
    assert (body.number, body.date) == ("济工信通〔2025〕10号", ISSUE_DAY)
    printed = docx.Document(io.BytesIO(bytes(issued.docx)))
    assert any("济工信通〔2025〕10号" in p.text for p in printed.paragraphs)
    with pytest.raises(DocumentRefused, match="已印发的文件不能修改"):
        draft_edit(issued, title="改", headings=[], texts=[])


@pytest.mark.parametrize("number", ["", "10号", "济工信通(2025)10号", "济工信通〔25〕10号"])
def test_a_number_not_written_as_the_standard_writes_it_is_refused(draft, number):
    with pytest.raises(DocumentRefused, match="发文字号应写成"):
        document_issue(draft, number=number, date=ISSUE_DAY)
    assert Document.objects.get(pk=draft.pk).status == "draft"


def test_a_number_already_used_is_refused(draft):
    document_issue(draft, number="济工信通〔2025〕10号", date=ISSUE_DAY)
    second = new_version(Document.objects.get(pk=draft.pk))
    with pytest.raises(DocumentRefused, match="已被使用"):
        document_issue(second, number="济工信通〔2025〕10号", date=ISSUE_DAY)


def test_a_new_version_of_an_issued_document_is_a_draft_based_on_it(draft):
    issued = document_issue(draft, number="济工信通〔2025〕10号", date=ISSUE_DAY)
    copy = new_version(issued)
    assert (copy.status, copy.based_on, copy.number) == ("draft", issued, "")
    assert document_from(copy.content).number == ""
    assert Document.objects.get(pk=issued.pk).docx == issued.docx  # the archive is untouched


def test_the_analyst_edits_and_issues_through_the_pages(draft, client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    fields = edit_fields(draft)
    response = client.post(f"/bulletins/{draft.pk}/edit/", {
        "title": draft.title, "heading": [h for h, _ in fields], "text": ["新的总体情况", "问题", "项目"]})
    assert response.status_code == 302
    client.post(f"/bulletins/{draft.pk}/issue/", {"number": "济工信通〔2025〕11号", "date": "2025-11-21"})
    page = client.get("/bulletins/").content.decode()
    assert "济工信通〔2025〕11号" in page
    detail = client.get(f"/bulletins/{draft.pk}/").content.decode()
    assert "新的总体情况" in detail and "8,612.3亿元" in detail and "修改草稿" not in detail
    word = client.get(f"/bulletins/{draft.pk}/docx/")
    assert word.status_code == 200 and bytes(word.content) == bytes(Document.objects.get(pk=draft.pk).docx)


def test_a_leader_reads_issued_documents_only_and_changes_nothing(draft, client, make_user):
    make_user("boss", "leader")
    login(client, "boss")
    assert client.get(f"/bulletins/{draft.pk}/").status_code == 404  # a draft is not circulated
    assert client.post(f"/bulletins/{draft.pk}/issue/", {"number": "济工信通〔2025〕12号",
                                                          "date": "2025-11-21"}).status_code == 403
    document_issue(draft, number="济工信通〔2025〕12号", date=ISSUE_DAY)
    assert client.get(f"/bulletins/{draft.pk}/").status_code == 200
    assert client.post(f"/bulletins/{draft.pk}/edit/", {"title": "x"}).status_code == 403
    assert "草稿" not in client.get("/bulletins/").content.decode().split("已印发")[0].split("<main>")[1]


def test_an_unknown_document_answers_404_and_a_bad_date_a_chinese_message(draft, client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert client.get("/bulletins/999999/").status_code == 404
    response = client.post(f"/bulletins/{draft.pk}/issue/",
                           {"number": "济工信通〔2025〕13号", "date": "明天"}, follow=True)
    assert "请填写成文日期" in response.content.decode()
    assert Document.objects.get(pk=draft.pk).status == "draft"
