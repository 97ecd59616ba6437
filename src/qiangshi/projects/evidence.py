"""Stage-change evidence files (佐证材料): which files are accepted and where they are kept.

A file is accepted only when its extension is on the allow-list AND its first bytes are
what that type starts with, so a renamed .exe or .html page is refused whatever its
name says. Files live under settings.MEDIA_ROOT (inside var/), named by a random id, and
are served only by projects.views.evidence_download after the project's scope check:
there is no public /media/ URL.
"""

import io
import pathlib
import uuid
import zipfile

from django.conf import settings
from django.utils import timezone

# extension → (content type, a test of the file's first bytes or the whole file)
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAGIC = {".pdf": b"%PDF-", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff",
         ".png": b"\x89PNG\r\n\x1a\n", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04"}
ALLOWED_LABEL = "PDF、JPG、PNG、DOCX、XLSX"


class EvidenceRefused(ValueError):
    pass


def _size_label(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _office_part_present(upload, part: str) -> bool:
    """A .docx/.xlsx is a zip holding the part its type needs (a workbook renamed .docx fails)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and part in names


def evidence_check(upload) -> str:
    """The file's lower-case extension when it may be stored; else EvidenceRefused (Chinese)."""
    limit = settings.QIANGSHI_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise EvidenceRefused(f"佐证材料超过 {_size_label(limit)}，请压缩或拆分后再上传")
    extension = pathlib.PurePath(upload.name or "").suffix.lower()
    refused = EvidenceRefused(f"佐证材料只能是 {ALLOWED_LABEL} 文件，且内容须与扩展名相符")
    if extension not in TYPES:
        raise refused
    upload.seek(0)
    head = upload.read(len(MAGIC[extension]))
    upload.seek(0)
    if head != MAGIC[extension]:
        raise refused
    if extension in OFFICE_PARTS and not _office_part_present(upload, OFFICE_PARTS[extension]):
        raise refused
    return extension


def evidence_path(instance, filename: str) -> str:
    """project-evidence/<year>/<random id><ext>: no user-chosen name reaches the disk."""
    extension = pathlib.PurePath(filename).suffix.lower()
    return f"project-evidence/{timezone.localdate().year}/{uuid.uuid4().hex}{extension}"


def evidence_content_type(name: str) -> str:
    return TYPES.get(pathlib.PurePath(name).suffix.lower(), "application/octet-stream")
