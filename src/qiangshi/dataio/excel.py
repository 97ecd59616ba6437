import io

import polars as pl
import xlsxwriter
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from qiangshi.dataio.tables import NOTES_SHEET
from qiangshi.dataio.validation import CLEAR_MARK, EXAMPLE_MARK

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = {"bold": True, "bg_color": "#DCE6F1"}
TITLE = {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
A4 = 9  # xlsxwriter's paper code

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


def _sheet_write(frame: pl.DataFrame, target, *, sheet: str, title: str | None = None) -> None:
    """The one place a table becomes a worksheet, so no export skips formula_inert.

    With a `title` (a list to publish or print), the table starts under a title row, its header
    stays in view and has a filter on every column, and the sheet prints A4 landscape, one page
    wide, with title and header repeated on every page and the page number in the footer."""
    name = sheet[:31]
    if title is None:
        formula_inert(frame).write_excel(target, worksheet=name, autofit=True,
                                         header_format=HEADER)
        return
    formula_inert(frame).write_excel(target, worksheet=name, position="A2", autofit=True,
                                     header_format=HEADER, autofilter=True, freeze_panes="A3")
    worksheet = target.get_worksheet_by_name(name)
    heading = target.add_format(TITLE)
    if frame.width > 1:
        worksheet.merge_range(0, 0, 0, frame.width - 1, title, heading)
    else:
        worksheet.write(0, 0, title, heading)
    worksheet.set_row(0, 28)
    worksheet.set_landscape()
    worksheet.set_paper(A4)
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(0, 1)
    worksheet.center_horizontally()
    worksheet.set_footer("&C第 &P 页，共 &N 页")


def xlsx_bytes(frame: pl.DataFrame, *, sheet: str) -> bytes:
    buffer = io.BytesIO()
    _sheet_write(frame, buffer, sheet=sheet)
    return buffer.getvalue()


def xlsx_workbook(sheets: dict[str, pl.DataFrame], *, titles: dict[str, str] | None = None) -> bytes:
    """Several tables as the sheets of one workbook, in order; a sheet named in `titles` is laid
    out to be published and printed under its title (see _sheet_write)."""
    titles = titles or {}
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        for name, frame in sheets.items():
            _sheet_write(frame, workbook, sheet=name, title=titles.get(name))
    return buffer.getvalue()


def template_sheet(columns: dict[str, str], example: dict[str, str]) -> pl.DataFrame:
    """A blank import sheet: the Chinese headers of `columns` and one example row whose first
    cell carries EXAMPLE_MARK, so an example left in the file is refused rather than stored."""
    first = next(iter(columns))
    return pl.DataFrame({header: [(EXAMPLE_MARK if name == first else "") + example.get(name, "")]
                         for name, header in columns.items()})


# What every import does with a cell; each template adds its units and formats.
IMPORT_RULES = (
    "每个工作表的第一行是表头，请勿改动表头文字；表头中的全角/半角括号、空格和换行不影响识别。",
    f"带“{EXAMPLE_MARK}”的示例行会被拒绝，导入前请删除。",
    "文件中没有的列：平台中已保存的数值保持不变。",
    "空白单元格：平台中已保存的数值保持不变（新增的记录则为空）。",
    f"要清除平台中已保存的数值，请在单元格中填写“{CLEAR_MARK}”。",
    "同一工作表中不能有两列相同的表头；平台不认识的列会被忽略，并在导入结果中提示。",
    "数字可以带千位分隔符，全角数字也可识别；不能填写 NaN、无穷大等非数字。",
    "日期格式：2015-06-30、2015/6/30、2015.6.30、2015年6月30日、20150630，或 Excel 日期单元格。",
    "成立日期须在 1949-01-01 至今天之间，其他日期在 1949 至 2100 年之间。",
    "导入前可先选择“只校验，不导入”：检查和计数与正式导入完全相同，但不写入数据。",
    f"本说明工作表（“{NOTES_SHEET}”）导入时会被跳过。",
)


def notes_sheet(*extra: str) -> pl.DataFrame:
    """The 填写说明 sheet of a template: the import rules, then `extra` lines (units …)."""
    return pl.DataFrame({NOTES_SHEET: [*IMPORT_RULES, *extra]})


def template_workbook(sheets: dict[str, pl.DataFrame], *notes: str) -> bytes:
    """A template: the import sheets, then the 填写说明 sheet with the rules and `notes`."""
    return xlsx_workbook({**sheets, NOTES_SHEET: notes_sheet(*notes)})


def xlsx_download(content: bytes, *, filename: str) -> HttpResponse:
    """A workbook as an attachment named in Chinese."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(frame: pl.DataFrame, *, sheet: str, filename: str) -> HttpResponse:
    """An Excel download of one table, named in Chinese."""
    return xlsx_download(xlsx_bytes(frame, sheet=sheet), filename=filename)
