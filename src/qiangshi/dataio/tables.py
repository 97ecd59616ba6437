import hashlib
import io
from dataclasses import dataclass, field
from pathlib import PurePath

import polars as pl

# The header is row 1 of a sheet, so data row i (0-based) is row i + 2 in Excel.
FIRST_DATA_ROW = 2


class TableFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    reason: str

    def __str__(self):
        shown = "（空）" if self.value in (None, "") else self.value
        return f"工作表“{self.sheet}”第 {self.row} 行，{self.column}：{shown} —— {self.reason}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Imported, but worth a second look (e.g. a value that looks like 元 typed as 万元).
    warnings: list[RowError] = field(default_factory=list)
    written: bool = False

    def summary(self) -> str:
        head = (
            f"共 {self.rows} 行：新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，"
            f"拒绝 {len({(e.sheet, e.row) for e in self.errors})} 行"
        )
        return head + ("" if self.written else "（未写入）")


def file_import(sheets_import, content: bytes, filename: str, **options) -> "ImportReport":
    """Read an uploaded file and hand its sheets to `sheets_import(sheets, label=, digest=, …)`;
    a file that cannot be read at all is reported like a rejected row."""
    try:
        sheets = read_sheets(content, filename)
    except TableFileError as error:
        return ImportReport(errors=[RowError("", 0, "文件", filename, str(error))])
    return sheets_import(sheets, label=filename, digest=hashlib.sha256(content).hexdigest(),
                         **options)


def upload_import(request, importer) -> "ImportReport | None":
    """Run `importer(content, filename, user=, valid_only=, dry_run=)` on the file posted to an
    import page, in the mode the user chose; None when nothing was posted."""
    upload = request.FILES.get("file") if request.method == "POST" else None
    if upload is None:
        return None
    mode = request.POST.get("mode", "all")
    return importer(upload.read(), upload.name, user=request.user,
                    valid_only=mode == "valid_only", dry_run=mode == "dry_run")


def read_sheets(content: bytes, filename: str) -> dict[str, pl.DataFrame]:
    """Every sheet of an .xlsx file, or the one table of a .csv file, as text columns."""
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix == ".csv":
            text = content.decode("utf-8-sig")
            frame = pl.read_csv(io.StringIO(text), infer_schema=False)
            return {PurePath(filename).stem: frame}
        if suffix in {".xlsx", ".xlsm"}:
            return pl.read_excel(io.BytesIO(content), sheet_id=0, infer_schema_length=0)
    except UnicodeDecodeError:
        raise TableFileError("CSV 文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”") from None
    except Exception as error:
        raise TableFileError(f"无法读取文件 {filename}：{error}") from None
    raise TableFileError(f"不支持的文件类型 {suffix or '（无扩展名）'}，请上传 .xlsx 或 .csv")
