"""Reading uploaded files into text tables, and the report every import returns.

Headers are compared by `header_key` (NFKC, whitespace removed), so 全角/半角 letters,
digits and brackets, spaces and the line breaks of wrapped or merged header cells do not
decide whether a column is recognised. A sheet whose headers repeat (after normalisation)
is refused: nobody can tell which of the two columns was meant. The templates' notes sheet
is skipped. No library message (calamine, polars) reaches the user: every failure to read
is one Chinese sentence.
"""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

import polars as pl

# The header is row 1 of a sheet, so data row i (0-based) is row i + 2 in Excel.
FIRST_DATA_ROW = 2
# The sheet of explanations every template carries (see dataio.excel.notes_sheet).
NOTES_SHEET = "填写说明"
NO_DATA = "文件中没有数据行"
_SPACES = re.compile(r"[\s\u200b\ufeff]+")


class TableFileError(ValueError):
    """The file as a whole cannot be imported; `errors` says where, when that is known."""

    def __init__(self, message: str, errors: "list[RowError] | None" = None):
        super().__init__(message)
        self.errors = errors or []


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
    # Imported, but worth a second look (e.g. a value that looks like 元 typed as 万元,
    # or a column the importer does not know and ignored).
    warnings: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def rejected(self) -> int:
        """Rows refused by a check (a row with several problems counts once)."""
        return len({(e.sheet, e.row) for e in self.errors})

    def summary(self) -> str:
        head = (
            f"共 {self.rows} 行：新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，"
            f"拒绝 {self.rejected} 行"
        )
        return head + ("" if self.written else "（未写入）")


def header_key(text) -> str:
    """A header as compared: NFKC (全角 → 半角 letters, digits, brackets) without any
    whitespace, so "注册资本 (万元)" and "注册资本（万元）" are the same column."""
    if text is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))


def has_column(frame: pl.DataFrame, header: str) -> bool:
    """Whether `frame` has a column that is `header` once both are normalised."""
    key = header_key(header)
    return any(header_key(column) == key for column in frame.columns)


def file_import(sheets_import, content: bytes, filename: str, **options) -> "ImportReport":
    """Read an uploaded file and hand its sheets to `sheets_import(sheets, label=, digest=, …)`;
    a file that cannot be read at all is reported like a rejected row."""
    try:
        sheets = read_sheets(content, filename)
    except TableFileError as error:
        return ImportReport(errors=error.errors or [RowError("", 0, "文件", filename, str(error))])
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
    """Every sheet of an .xlsx file, or the one table of a .csv file, as text columns named by
    their header cells (stripped). Sheets without a header row and the notes sheet are left
    out. Raises TableFileError for a file that cannot be read, a repeated header, or a file
    without a single data row."""
    sheets, errors = {}, []
    for name, raw in _raw_sheets(content, filename).items():
        if header_key(name) == header_key(NOTES_SHEET) or raw.height == 0:
            continue
        headers = [("" if cell is None else str(cell).strip()) for cell in raw.row(0)]
        keys = [header_key(h) for h in headers]
        repeated = sorted({k for k in keys if k and keys.count(k) > 1}, key=keys.index)
        errors += [RowError(name, 1, "表头", "、".join(h for h, k in zip(headers, keys, strict=True)
                                                     if k == key),
                            "表头重复：同一工作表中有多列是同一个表头，请只保留一列")
                   for key in repeated]
        if repeated:  # no frame can hold two columns of one name ("联系人" and "联系人 ")
            continue
        body = raw.slice(1)
        # A column without a header (the tail of a merged cell) is dropped when empty and
        # kept under a made-up name when not, so the importer warns that it was ignored.
        sheets[name] = pl.DataFrame([body.to_series(i).alias(header or f"第 {i + 1} 列（无表头）")
                                     for i, header in enumerate(headers)
                                     if header or _has_data(body.select(pl.nth(i)))])
    if errors:
        raise TableFileError("表头重复", errors)
    if not any(_has_data(frame) for frame in sheets.values()):
        raise TableFileError(NO_DATA)
    return sheets


def _has_data(frame: pl.DataFrame) -> bool:
    if frame.width == 0 or frame.height == 0:
        return False
    filled = [pl.col(c).cast(pl.String).str.strip_chars().fill_null("") != "" for c in frame.columns]
    return bool(frame.select(pl.any_horizontal(filled).any()).item())


def _raw_sheets(content: bytes, filename: str) -> dict[str, pl.DataFrame]:
    """The cells of every sheet as text, header row included (row 0)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".csv", ".xlsx", ".xlsm"}:
        raise TableFileError(f"不支持的文件类型 {suffix or '（无扩展名）'}，请上传 .xlsx 或 .csv")
    if not content.strip():
        raise TableFileError(f"{NO_DATA}（文件是空的）")
    try:
        if suffix == ".csv":
            text = content.decode("utf-8-sig")
            frame = pl.read_csv(io.StringIO(text), has_header=False, infer_schema=False)
            return {PurePath(filename).stem: frame}
        return pl.read_excel(io.BytesIO(content), sheet_id=0, has_header=False,
                             infer_schema_length=0, raise_if_empty=False,
                             drop_empty_rows=False, drop_empty_cols=False)
    except UnicodeDecodeError:
        raise TableFileError("CSV 文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”") from None
    except pl.exceptions.NoDataError:
        raise TableFileError(f"{NO_DATA}（文件是空的）") from None
    except Exception:  # calamine, polars: their English never reaches the user
        kind = "CSV 文件格式有误（某行的列数与表头不一致，或引号不配对）" if suffix == ".csv" \
            else "文件已损坏或不是有效的 Excel 文件，请用 Excel 打开后另存为 .xlsx 再上传"
        raise TableFileError(f"无法读取文件 {filename}：{kind}") from None
