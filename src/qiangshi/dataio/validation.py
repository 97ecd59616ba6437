"""Row validation shared by every import: sheets to one text table, checks as polars masks.

A check is (column header shown to the user, source column, reason, mask): every row where
the mask holds is rejected with that reason. A reason of None takes the message from the
row's `reason_column` instead (e.g. a period parser's own explanation).
"""

from dataclasses import dataclass

import polars as pl

from qiangshi.dataio.tables import FIRST_DATA_ROW, RowError

META = ["_sheet", "_row"]
EXAMPLE_MARK = "（示例行，导入前删除）"
EXAMPLE_REASON = "这是模板自带的示例行，请删除后再导入"


@dataclass(frozen=True)
class Check:
    header: str
    column: str
    reason: str | None
    mask: pl.Expr
    reason_column: str | None = None


def text(frame: pl.DataFrame, header: str) -> pl.Expr:
    if header in frame.columns:
        return pl.col(header).cast(pl.String).str.strip_chars().fill_null("")
    return pl.lit("")


def number(column: str) -> pl.Expr:
    """A numeric cell read as text: thousands separators and spaces dropped; else null."""
    return pl.col(column).str.replace_all(r"[,，\s]", "").cast(pl.Float64, strict=False)


def sheet_rows(sheets: dict[str, pl.DataFrame], columns: dict[str, str], *,
               required: tuple[str, ...], alternatives: tuple[tuple[str, ...], ...] = ()
               ) -> tuple[pl.DataFrame, list[RowError]]:
    """Every sheet's rows as text columns named by field, with `_sheet` and `_row` (the Excel
    row number); a sheet missing a required header is reported once and skipped. Each
    alternative is a group of fields of which at least one header must be present."""
    frames, errors = [], []
    for sheet, frame in sheets.items():
        missing = [columns[name] for name in required if columns[name] not in frame.columns]
        missing += ["或".join(columns[n] for n in group) for group in alternatives
                    if not any(columns[n] in frame.columns for n in group)]
        if missing:
            errors.append(RowError(sheet, 1, "表头", "、".join(frame.columns),
                                   f"缺少列：{'、'.join(missing)}（请使用平台生成的模板）"))
            continue
        rows = frame.select(
            pl.lit(sheet).alias("_sheet"),
            (pl.int_range(pl.len()) + FIRST_DATA_ROW).alias("_row"),
            *[text(frame, header).alias(name) for name, header in columns.items()],
        ).filter(pl.any_horizontal(pl.col(list(columns)) != ""))
        examples, rows = _split_examples(rows, columns)
        errors += examples
        frames.append(rows)
    schema = {"_sheet": pl.String, "_row": pl.Int64, **dict.fromkeys(columns, pl.String)}
    rows = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    return rows, errors


def _split_examples(rows: pl.DataFrame, columns: dict[str, str]
                    ) -> tuple[list[RowError], pl.DataFrame]:
    """Template example rows (any cell carrying EXAMPLE_MARK) as errors, and the other rows."""
    marked = {name: pl.col(name).str.contains(EXAMPLE_MARK, literal=True) for name in columns}
    header = pl.coalesce([pl.when(mask).then(pl.lit(columns[name])) for name, mask in marked.items()])
    value = pl.coalesce([pl.when(mask).then(pl.col(name)) for name, mask in marked.items()])
    is_example = pl.any_horizontal(list(marked.values()))
    examples = rows.filter(is_example).select(*META, header.alias("_column"), value.alias("_value"))
    errors = [RowError(sheet, row, column, text, EXAMPLE_REASON)
              for sheet, row, column, text in examples.iter_rows()]
    return errors, rows.filter(~is_example)


def apply_checks(rows: pl.DataFrame, checks: list[Check]) -> tuple[pl.DataFrame, list[RowError]]:
    """The rows that pass every check, and one RowError per failed check and row."""
    flagged = rows.with_columns(
        [check.mask.fill_null(False).alias(f"_bad{i}") for i, check in enumerate(checks)]
    )
    errors = []
    for i, check in enumerate(checks):
        message = pl.col(check.reason_column) if check.reason is None else pl.lit(check.reason)
        bad = flagged.filter(pl.col(f"_bad{i}")).select(
            *META, pl.col(check.column).cast(pl.String), message.alias("_message"))
        errors += [RowError(sheet, row, check.header, value or "", text)
                   for sheet, row, value, text in bad.iter_rows()]
    errors.sort(key=lambda e: (e.sheet, e.row))
    valid = flagged.filter(~pl.any_horizontal(pl.col(r"^_bad\d+$"))).drop(pl.col(r"^_bad\d+$"))
    return valid, errors
