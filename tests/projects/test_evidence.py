"""Stage-change evidence: stored under the configured media folder, only allowed types and
sizes, and served only to users who may see the project."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qiangshi.accounts.models import Region, Unit
from qiangshi.projects.models import Project, StageChange
from qiangshi.projects.services import StageRefused, stage_change
from tests.conftest import login

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def project(reference):
    return Project.objects.create(
        code="JN-2024-001", name="新能源商用车总装项目", region=Region.objects.get(code="370112"),
        kind="new", planned_investment=120000, unit=Unit.objects.get(code="lcqzf"))


@pytest.fixture
def licheng(make_user):
    return make_user("lc", "region", region_codes=["370112"], unit_codes=["lcqzf"])


def test_evidence_is_stored_under_the_media_folder_not_the_working_directory(
        project, media, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    change = stage_change(project, "signed", on=D(2024, 1, 10),
                          evidence=SimpleUploadedFile("合同.pdf", PDF))
    stored = media / change.evidence.name
    assert stored.read_bytes() == PDF
    assert not (tmp_path / "project-evidence").exists()


def test_media_folder_defaults_to_var_media():
    from django.conf import settings

    assert settings.MEDIA_ROOT == settings.VAR_DIR / "media"


@pytest.mark.parametrize("name, content", [
    ("合同.pdf", PDF), ("现场.png", PNG), ("现场.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
    ("说明.docx", _office("word/document.xml")), ("清单.xlsx", _office("xl/workbook.xml")),
])
def test_allowed_types_are_accepted(project, media, name, content):
    change = stage_change(project, "signed", on=D(2024, 1, 10),
                          evidence=SimpleUploadedFile(name, content))
    assert change.evidence.read() == content


@pytest.mark.parametrize("name, content", [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("page.pdf", b"<html><script>alert(1)</script></html>"),  # allowed name, wrong content
    ("setup.png", b"MZ\x90\x00" + b"\x00" * 60),
    ("宏.docx", _office("xl/workbook.xml")),  # a workbook renamed to a document
    ("无扩展名", PDF),
])
def test_other_types_are_refused_in_chinese(project, media, name, content):
    with pytest.raises(StageRefused, match="佐证材料"):
        stage_change(project, "signed", on=D(2024, 1, 10),
                     evidence=SimpleUploadedFile(name, content))
    assert not StageChange.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_oversize_evidence_is_refused(project, media, settings):
    settings.QIANGSHI_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(StageRefused, match="超过 1 KB"):
        stage_change(project, "signed", on=D(2024, 1, 10),
                     evidence=SimpleUploadedFile("合同.pdf", PDF + b"0" * 2000))
    assert not StageChange.objects.exists()


def test_evidence_size_limit_is_twenty_megabytes_by_default():
    from django.conf import settings

    assert settings.QIANGSHI_EVIDENCE_MAX_BYTES == 20 * 1024 * 1024


def test_refusal_reaches_the_user_through_the_page(client, project, media, licheng):
    login(client, "lc")
    page = client.post(f"/projects/{project.code}/", {
        "stage": "signed", "on": "2024-01-10", "version": project.version,
        "evidence": SimpleUploadedFile("page.html", b"<html></html>")}, follow=True)
    assert "佐证材料只能是" in page.content.decode()
    assert not StageChange.objects.exists()


def test_own_user_downloads_and_other_district_gets_404(client, project, media, licheng,
                                                        lixia_user):
    change = stage_change(project, "signed", on=D(2024, 1, 10),
                          evidence=SimpleUploadedFile("合同.pdf", PDF))
    url = f"/projects/{project.code}/evidence/{change.pk}/"
    login(client, "lc")
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert url in page and "/media/" not in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    client.post("/logout/")
    login(client, "lixia")
    assert client.get(url).status_code == 404
    # no public URL serves the folder
    assert client.get(f"/media/{change.evidence.name}").status_code == 404


def test_evidence_of_another_project_is_not_served_under_this_one(client, project, media,
                                                                  licheng, reference):
    other = Project.objects.create(
        code="JN-2024-002", name="另一个项目", region=Region.objects.get(code="370102"),
        kind="new", unit=Unit.objects.get(code="lxqzf"))
    change = stage_change(other, "signed", on=D(2024, 1, 10),
                          evidence=SimpleUploadedFile("合同.pdf", PDF))
    login(client, "lc")
    assert client.get(f"/projects/{project.code}/evidence/{change.pk}/").status_code == 404
