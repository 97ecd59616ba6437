"""版头 templates: uploaded by an analyst, tried before they are kept, versioned by name, chosen
when a draft is issued and named on the issued document; others may not upload."""

import datetime
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from qiangshi.bulletins.models import Document, Letterhead
from qiangshi.bulletins.services import document_issue
from tests.conftest import login


def _template(*lines: str) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, content: bytes, name="市工信局版头", note="首版"):
    return client.post("/bulletins/letterheads/", {
        "name": name, "note": note, "file": SimpleUploadedFile("版头.docx", content)}, follow=True)


def test_an_uploaded_template_is_kept_as_a_version_and_prints_the_issued_head(draft, client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    _upload(client, _template("{{ organ }}文件", "（本机关固定文字）"))
    _upload(client, _template("{{ organ }}文件", "（第二版固定文字）"), note="改固定文字")
    assert list(Letterhead.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    second = Letterhead.objects.get(version=2)
    client.post(f"/bulletins/{draft.pk}/issue/", {"number": "济工信通〔2025〕20号", "date": "2025-11-21",
                                                   "letterhead": second.pk})
    issued = Document.objects.get(pk=draft.pk)
    assert issued.letterhead == second
    texts = [p.text for p in docx.Document(io.BytesIO(bytes(issued.docx))).paragraphs]
    assert texts[:2] == ["济南市工业和信息化局文件", "（第二版固定文字）"]
    assert "版头模板 市工信局版头（第2版）" in client.get(f"/bulletins/{draft.pk}/").content.decode()


def test_the_same_file_again_keeps_its_version(draft, client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    content = _template("{{ organ }}")
    _upload(client, content)
    _upload(client, content, note="再传一次")
    assert Letterhead.objects.count() == 1


def test_a_file_that_is_not_a_template_or_does_not_render_is_refused(draft, client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert "不是有效的 Word 文档" in _upload(client, b"plain text").content.decode()
    assert "占位符有误" in _upload(client, _template("{{ organ ")).content.decode()
    assert not Letterhead.objects.exists()


def test_only_analysts_upload_templates(draft, client, make_user):
    make_user("boss", "leader")
    login(client, "boss")
    assert client.get("/bulletins/letterheads/").status_code == 403
    assert _upload(client, _template("{{ organ }}")).status_code == 403
    assert not Letterhead.objects.exists()


def test_issuing_without_a_template_uses_the_standard_head(draft):
    issued = document_issue(draft, number="济工信通〔2025〕21号", date=datetime.date(2025, 11, 21))
    texts = [p.text for p in docx.Document(io.BytesIO(bytes(issued.docx))).paragraphs]
    assert texts[0] == "济南市工业和信息化局" and issued.letterhead is None
