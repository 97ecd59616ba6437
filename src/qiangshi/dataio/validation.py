"""Row validation shared by every import: sheets to one text table, checks as polars masks.

What a cell means for the stored value (the rule of every import, stated in each template's
填写说明 sheet):
* a column ABSENT from the file: the stored value stays as it is (the column is null here);
* a present but EMPTY cell: the stored value stays as it is (the cell is "" here);
* the mark CLEAR_MARK (清空): the stored value is cleared.
`given(column)` says which cells change the stored value (a value or 清空), `filled(column)`
which carry a value to parse. Writers update only the given fields of a stored row.

A check is (column header shown to the user, source column, reason, mask): every row where
the mask holds is rejected with that reason. The reason is a text, a polars expression
giving a text per row, or None to take it from the row's `reason_column`.
"""

from dataclasses import dataclass

import polars as pl

from qiangshi.dataio.tables import FIRST_DATA_ROW, RowError, header_key

META = ["_sheet", "_row"]
EXAMPLE_MARK = "（示例行，导入前删除）"
EXAMPLE_REASON = "这是模板自带的示例行，请删除后再导入"
CLEAR_MARK = "清空"
NOT_A_NUMBER = "不是数字"
NOT_FINITE = "不是有限的数字（NaN、无穷大或超出范围的指数不能保存）"
UNKNOWN_HEADER = "平台不认识这一列，已忽略（请核对表头是否与模板一致）"
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# Excel stores a date as days since 1899-12-30; five-digit serials cover 1927-05-18 to
# 2173-10-14, and keep a bare year such as "2015" from being read as a day of 1905.
EXCEL_EPOCH = (1899, 12, 30)
EXCEL_SERIAL = r"^\d{5}(\.\d+)?$"


@dataclass(frozen=True)
class Check:
    header: str
    column: str
    reason: "str | pl.Expr | None"
    mask: pl.Expr
    reason_column: str | None = None


def text(frame: pl.DataFrame, header: str) -> pl.Expr:
    """The column whose header matches `header` (see header_key) as stripped text, empty
    cells as ""; null throughout when the file has no such column."""
    key = header_key(header)
    for column in frame.columns:
        if header_key(column) == key:
            return pl.col(column).cast(pl.String).str.strip_chars().fill_null("")
    return pl.lit(None, dtype=pl.String)


def given(column: str) -> pl.Expr:
    """The cell changes the stored value: it holds a value or CLEAR_MARK."""
    return pl.col(column).fill_null("") != ""


def filled(column: str) -> pl.Expr:
    """The cell holds a value to parse (neither absent, empty nor CLEAR_MARK)."""
    return given(column) & (pl.col(column) != CLEAR_MARK)


def stored_text(column: str) -> pl.Expr:
    """A text cell as a NOT NULL text column stores it: CLEAR_MARK becomes "" (cleared);
    an absent column stays null (not given, see `given`)."""
    return pl.when(pl.col(column) == CLEAR_MARK).then(pl.lit("")).otherwise(pl.col(column)).alias(column)


# Full-width digits, point, signs and exponent as ASCII (what NFKC does to them, at a
# fraction of its cost over hundreds of thousands of cells); separators and spaces dropped.
NUMBER_TEXT = {**{chr(0xFF10 + d): str(d) for d in range(10)},
               "．": ".", "－": "-", "＋": "+", "ｅ": "e", "Ｅ": "E",
               **dict.fromkeys([",", "，", " ", "\u3000", "\u00a0", "\t", "\n", "\r"], "")}


def _number_text(column: str) -> pl.Expr:
    return pl.col(column).str.replace_many(NUMBER_TEXT)


def number(column: str) -> pl.Expr:
    """A numeric cell read as text (full-width digits accepted, thousands separators and
    spaces dropped); null when it is no finite number, so NaN or ±inf never reach a writer."""
    value = _number_text(column).cast(pl.Float64, strict=False)
    return pl.when(value.is_finite()).then(value)


def number_check(header: str, column: str, value: str | None = None) -> Check:
    """Refuses a filled cell that is no finite number, saying which of the two it is.
    `value` names a column already holding number(column), to not parse twice."""
    parsed = _number_text(column).cast(pl.Float64, strict=False)
    reason = pl.when(parsed.is_not_null()).then(pl.lit(NOT_FINITE)).otherwise(pl.lit(NOT_A_NUMBER))
    number_value = number(column) if value is None else pl.col(value)
    return Check(header, column, reason, filled(column) & number_value.is_null())


def date(column: str) -> pl.Expr:
    """A date in any common Chinese spreadsheet form, or an Excel serial day number; a date
    cell read as text keeps its day. Null when it is none of these."""
    cell = pl.col(column).str.normalize("NFKC").str.strip_chars()
    day = cell.str.slice(0, 10).str.replace_all(r"\s", "")
    serial = pl.when(cell.str.contains(EXCEL_SERIAL)).then(
        pl.date(*EXCEL_EPOCH) + pl.duration(days=cell.cast(pl.Float64, strict=False).floor()
                                            .cast(pl.Int64)))
    return pl.coalesce([*[day.str.strptime(pl.Date, fmt, strict=False) for fmt in DATE_FORMATS],
                        serial])


def sheet_rows(sheets: dict[str, pl.DataFrame], columns: dict[str, str], *,
               required: tuple[str, ...], alternatives: tuple[tuple[str, ...], ...] = (),
               absent: str | None = None) -> tuple[pl.DataFrame, list[RowError]]:
    """Every sheet's rows as text columns named by field, with `_sheet` and `_row` (the Excel
    row number); a sheet missing a required header is reported once and skipped. Each
    alternative is a group of fields of which at least one header must be present. Headers
    match by header_key; a column absent from a sheet is null in its rows (see above).
    `absent=""` reads an absent column as empty cells instead: only for an importer not yet
    moved onto the keep/clear rule (it writes every column), until it is."""
    frames, errors = [], []
    for sheet, frame in sheets.items():
        keys = {header_key(c) for c in frame.columns}
        present = {name for name, header in columns.items() if header_key(header) in keys}
        missing = [columns[name] for name in required if name not in present]
        missing += ["或".join(columns[n] for n in group) for group in alternatives
                    if not any(n in present for n in group)]
        if missing:
            errors.append(RowError(sheet, 1, "表头", "、".join(frame.columns),
                                   f"缺少列：{'、'.join(missing)}（请使用平台生成的模板）"))
            continue
        rows = frame.select(
            pl.lit(sheet).alias("_sheet"),
            (pl.int_range(pl.len()) + FIRST_DATA_ROW).alias("_row"),
            *[text(frame, header).alias(name) for name, header in columns.items()],
        ).filter(pl.any_horizontal([given(name) for name in columns]))
        examples, rows = _split_examples(rows, columns)
        errors += examples
        frames.append(rows)
    schema = {"_sheet": pl.String, "_row": pl.Int64, **dict.fromkeys(columns, pl.String)}
    rows = pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame(schema=schema)
    if absent is not None:
        rows = rows.with_columns(pl.col(name).fill_null(absent) for name in columns)
    return rows, errors


def unknown_headers(sheets: dict[str, pl.DataFrame], columns: dict[str, str]) -> list[RowError]:
    """One warning per header of `sheets` that is none of `columns` (the column is ignored)."""
    known = {header_key(h) for h in columns.values()}
    return [RowError(sheet, 1, "表头", column, UNKNOWN_HEADER)
            for sheet, frame in sheets.items() for column in frame.columns
            if header_key(column) not in known]


def _split_examples(rows: pl.DataFrame, columns: dict[str, str]
                    ) -> tuple[list[RowError], pl.DataFrame]:
    """Template example rows (any cell carrying EXAMPLE_MARK) as errors, and the other rows."""
    marked = {name: pl.col(name).str.contains(EXAMPLE_MARK, literal=True).fill_null(False)
              for name in columns}
    header = pl.coalesce([pl.when(mask).then(pl.lit(columns[name])) for name, mask in marked.items()])
    value = pl.coalesce([pl.when(mask).then(pl.col(name)) for name, mask in marked.items()])
    is_example = pl.any_horizontal(list(marked.values()))
    examples = rows.filter(is_example).select(*META, header.alias("_column"), value.alias("_value"))
    errors = [RowError(sheet, row, column, text, EXAMPLE_REASON)
              for sheet, row, column, text in examples.iter_rows()]
    return errors, rows.filter(~is_example)


def _message(check: Check) -> pl.Expr:
    if check.reason is None:
        return pl.col(check.reason_column)
    return check.reason if isinstance(check.reason, pl.Expr) else pl.lit(check.reason)


def apply_checks(rows: pl.DataFrame, checks: list[Check]) -> tuple[pl.DataFrame, list[RowError]]:
    """The rows that pass every check, and one RowError per failed check and row."""
    flagged = rows.with_columns(
        [check.mask.fill_null(False).alias(f"_bad{i}") for i, check in enumerate(checks)]
    )
    errors = []
    for i, check in enumerate(checks):
        bad = flagged.filter(pl.col(f"_bad{i}")).select(
            *META, pl.col(check.column).cast(pl.String), _message(check).alias("_message"))
        errors += [RowError(sheet, row, check.header, value or "", text)
                   for sheet, row, value, text in bad.iter_rows()]
    errors.sort(key=lambda e: (e.sheet, e.row))
    valid = flagged.filter(~pl.any_horizontal(pl.col(r"^_bad\d+$"))).drop(pl.col(r"^_bad\d+$"))
    return valid, errors
