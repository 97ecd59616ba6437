import io

import polars as pl
import xlsxwriter
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from qiangshi.dataio.validation import EXAMPLE_MARK

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = {"bold": True, "bg_color": "#DCE6F1"}

# Text a spreadsheet may take for a formula (=, +, -, @, or a leading tab / carriage return
# some programs strip first) once a user edits the cell or saves the sheet as CSV: OWASP's
# CSV-injection rule. Plain numbers written as text ("-3.5", "+12%") are no formula and stay.
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)%?$"


def formula_inert(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text cell that could start a formula gets a leading apostrophe, so it is shown
    and kept as text; numbers, dates and other text are left as they are."""
    text = [name for name, dtype in frame.schema.items()
            if dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)]
    if not text:
        return frame
    cells = pl.col(text).cast(pl.String)
    risky = cells.str.contains(FORMULA_START) & ~cells.str.contains(PLAIN_NUMBER)
    return frame.with_columns(pl.when(risky).then(pl.lit("'") + cells).otherwise(cells).name.keep())


def _sheet_write(frame: pl.DataFrame, target, *, sheet: str) -> None:
    """The one place a table becomes a worksheet, so no export skips formula_inert."""
    formula_inert(frame).write_excel(target, worksheet=sheet[:31], autofit=True, header_format=HEADER)


def xlsx_bytes(frame: pl.DataFrame, *, sheet: str) -> bytes:
    buffer = io.BytesIO()
    _sheet_write(frame, buffer, sheet=sheet)
    return buffer.getvalue()


def xlsx_workbook(sheets: dict[str, pl.DataFrame]) -> bytes:
    """Several tables as the sheets of one workbook, in order."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        for name, frame in sheets.items():
            _sheet_write(frame, workbook, sheet=name)
    return buffer.getvalue()


def template_sheet(columns: dict[str, str], example: dict[str, str]) -> pl.DataFrame:
    """A blank import sheet: the Chinese headers of `columns` and one example row whose first
    cell carries EXAMPLE_MARK, so an example left in the file is refused rather than stored."""
    first = next(iter(columns))
    return pl.DataFrame({header: [(EXAMPLE_MARK if name == first else "") + example.get(name, "")]
                         for name, header in columns.items()})


def xlsx_download(content: bytes, *, filename: str) -> HttpResponse:
    """A workbook as an attachment named in Chinese."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(frame: pl.DataFrame, *, sheet: str, filename: str) -> HttpResponse:
    """An Excel download of one table, named in Chinese."""
    return xlsx_download(xlsx_bytes(frame, sheet=sheet), filename=filename)
