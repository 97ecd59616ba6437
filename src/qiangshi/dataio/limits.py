"""Checks that keep every imported value within what its database column can hold.

Derived from the Django model, so a column widened in a migration widens its check with
it. Without them PostgreSQL refuses a number of more digits than the column has (revenue
of 1e14 万元 crashed the import), silently cuts an over-long text in an UPDATE, and refuses
a NUL byte; SQLite stores all of these, so the two databases disagreed. Each failure is a
Chinese row error naming the column and the allowed range.
"""

import datetime

import polars as pl
from django.db import models

from qiangshi.dataio.validation import NOT_FINITE, Check

EARLIEST_DATE = datetime.date(1949, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
# Whatever the backend, the range PostgreSQL gives each integer column, so that both
# databases refuse the same values.
INTEGER_RANGES = {
    "SmallIntegerField": (-32768, 32767),
    "PositiveSmallIntegerField": (0, 32767),
    "IntegerField": (-2**31, 2**31 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "BigIntegerField": (-2**63, 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}
NUL_REASON = "含有不可见的控制字符（NUL），请删除后再导入"


def limit_checks(model, columns: dict, *, up_to_today: tuple[str, ...] = ()) -> list[Check]:
    """Checks for the fields of `model` named in `columns`.

    `columns` maps a field name to its header (then the row's column of that name holds
    the value, text as given or already parsed), or to (header, raw column, value column)
    when the parsed value sits in its own column. Date fields in `up_to_today` (founding
    dates) must lie between 1949-01-01 and today, other dates between 1949 and 2100."""
    checks = []
    for name, spec in columns.items():
        header, raw, value = (spec, name, name) if isinstance(spec, str) else spec
        checks += _field_checks(model._meta.get_field(name), header, raw, pl.col(value),
                                latest=datetime.date.today() if name in up_to_today
                                else LATEST_DATE)
    return checks


def _field_checks(field, header: str, raw: str, value: pl.Expr, *, latest) -> list[Check]:
    kind = field.get_internal_type()
    if isinstance(field, models.CharField | models.TextField):
        checks = [Check(header, raw, NUL_REASON, value.str.contains("\x00", literal=True))]
        if field.max_length:
            checks.append(Check(header, raw, f"超过 {field.max_length} 个字符（本列最多 "
                                f"{field.max_length} 个字符）",
                                value.str.len_chars() > field.max_length))
        return checks
    if isinstance(field, models.DecimalField):
        bound = 10 ** (field.max_digits - field.decimal_places)
        return [_finite(header, raw, value),
                Check(header, raw, f"超出可保存的范围：绝对值应小于 {bound:,}",
                      _finite_value(value) & (value.abs().round(field.decimal_places) >= bound))]
    if kind in INTEGER_RANGES:
        low, high = INTEGER_RANGES[kind]
        return [_finite(header, raw, value),
                Check(header, raw, f"超出可保存的范围：应在 {low:,} 至 {high:,} 之间",
                      _finite_value(value) & ((value < low) | (value > high)))]
    if isinstance(field, models.FloatField):
        return [_finite(header, raw, value)]
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return [Check(header, raw, f"日期应在 {EARLIEST_DATE.isoformat()} 至 "
                      f"{latest.isoformat()} 之间",
                      (value < EARLIEST_DATE) | (value > latest))]
    return []


def _finite_value(value: pl.Expr) -> pl.Expr:
    # polars sorts NaN above every number: a range test alone would report NaN twice.
    return value.cast(pl.Float64).is_finite()


def _finite(header: str, raw: str, value: pl.Expr) -> Check:
    return Check(header, raw, NOT_FINITE, value.cast(pl.Float64).is_finite().not_())
