import io

import polars as pl
import xlsxwriter
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from qiangshi.dataio.validation import EXAMPLE_MARK

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = {"bold": True, "bg_color": "#DCE6F1"}


def xlsx_bytes(frame: pl.DataFrame, *, sheet: str) -> bytes:
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet=sheet[:31], autofit=True, header_format=HEADER)
    return buffer.getvalue()


def xlsx_workbook(sheets: dict[str, pl.DataFrame]) -> bytes:
    """Several tables as the sheets of one workbook, in order."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        for name, frame in sheets.items():
            frame.write_excel(workbook, worksheet=name[:31], autofit=True, header_format=HEADER)
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
