"""A .docx turned into PDF by LibreOffice headless. The standard's font names (仿宋_GB2312,
方正小标宋简体, 黑体, 楷体_GB2312) are not on a Linux server: fonts.conf, shipped here, maps
them to the free CJK fonts Debian installs and is handed to LibreOffice through
FONTCONFIG_FILE (docs/documents.md). Without LibreOffice the caller offers the .docx alone."""

import os
import shutil
import subprocess
import tempfile
from importlib.resources import as_file, files
from pathlib import Path

UNAVAILABLE = "服务器未安装 LibreOffice，仅提供 .docx"


class PdfUnavailable(RuntimeError):
    """No PDF: LibreOffice is missing or failed. The message is for the user."""

    def __init__(self, detail: str = ""):
        super().__init__(f"{UNAVAILABLE}（{detail}）" if detail else UNAVAILABLE)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_bytes(docx: bytes, timeout: int = 120) -> bytes:
    program = soffice()
    if program is None:
        raise PdfUnavailable
    with tempfile.TemporaryDirectory(prefix="qiangshi-pdf-") as work, \
            as_file(files(__package__) / "fonts.conf") as fonts:
        folder = Path(work)
        (folder / "document.docx").write_bytes(docx)
        # A profile of its own: a second conversion running at the same time, or the user's
        # LibreOffice, would otherwise lock the shared one.
        profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
        environment = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": work}
        try:
            subprocess.run(  # noqa: S603 — the program is found on PATH, the arguments are ours
                [program, profile, "--headless", "--norestore", "--convert-to", "pdf",
                 "--outdir", work, str(folder / "document.docx")],
                env=environment, timeout=timeout, capture_output=True, check=True)
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(f"转换超过 {timeout} 秒") from error
        except (subprocess.CalledProcessError, OSError) as error:
            raise PdfUnavailable("LibreOffice 转换失败") from error
        result = folder / "document.pdf"
        if not result.is_file():
            raise PdfUnavailable("LibreOffice 未生成 PDF")
        return result.read_bytes()
