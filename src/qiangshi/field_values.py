"""A value typed into a form, checked against the database column that will keep it.

Every form field that stores a number parses it here (and every free text that goes into a
limited column is measured here), so that nothing a column cannot hold
reaches the database: NaN and ±inf (float() and Decimal() both accept "nan", "inf", "1e400"),
values beyond the column (a DecimalField's max_digits, an integer column's range, a float
column's platform limit) and text that is not a plain decimal number. The limits are derived
from the model field itself, so a column and its check cannot drift apart.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

# A double column could hold 1e308, but no figure of the platform comes near 1e15 (万元: a
# trillion yuan is 1e8); beyond it a value is a typing error, and sums of such values overflow.
FLOAT_LIMIT = Decimal("1e15")
# Plain decimal notation with an optional exponent; no "nan", "inf", "1_000", hex or spaces.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")
# Thousands separators a clerk types (half- and full-width commas) are dropped.
_SEPARATORS = str.maketrans("", "", ",，")


class ValueRefused(ValueError):
    """The text cannot be stored in the column; the message is Chinese and names the value."""


def text_for_field(field: models.Field, text) -> str:
    """The text stripped, or ValueRefused if it is longer than the column: PostgreSQL refuses
    it with a server error (SQLite would keep it whole), and cutting it would lose words."""
    value = "" if text is None else str(text).strip()
    limit = getattr(field, "max_length", None)
    if limit is not None and len(value) > limit:
        raise ValueRefused(f"{field.verbose_name}最多 {limit} 个字，实有 {len(value)} 个字")
    return value


def column_range(field: models.Field) -> tuple[Decimal, Decimal]:
    """The lowest and highest value the column keeps."""
    if isinstance(field, models.DecimalField):
        bound = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(1).scaleb(
            -field.decimal_places)
        return -bound, bound
    if isinstance(field, models.IntegerField):
        # The standard SQL ranges (PostgreSQL's), also on SQLite, whose integers are all 64-bit:
        # a value SQLite would take must not fail later on PostgreSQL.
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        return Decimal(low), Decimal(high)
    if isinstance(field, models.FloatField):
        return -FLOAT_LIMIT, FLOAT_LIMIT
    raise TypeError(f"{field!r} does not store a number")


def number_for_field(field: models.Field, text) -> Decimal | float | int | None:
    """The value of the text for the column, or None for an empty text; ValueRefused if the
    text is not a finite number the column can keep (the message says why, in Chinese)."""
    shown = "" if text is None else str(text)
    cleaned = unicodedata.normalize("NFKC", shown).translate(_SEPARATORS).strip()
    if not cleaned:
        return None
    label = field.verbose_name
    if not _NUMBER.fullmatch(cleaned):
        raise ValueRefused(f"{label}应为数字：{shown[:40]}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:  # the pattern admits only what Decimal reads; kept for safety
        raise ValueRefused(f"{label}应为数字：{shown[:40]}") from error
    low, high = column_range(field)
    if not low <= value <= high:
        raise ValueRefused(f"{label}超出可存储的范围（{low:,f} 至 {high:,f}）：{shown[:40]}")
    if isinstance(field, models.DecimalField):
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places), rounding=ROUND_HALF_UP)
    if isinstance(field, models.IntegerField):
        if value != value.to_integral_value():
            raise ValueRefused(f"{label}应为整数：{shown[:40]}")
        return int(value)
    if isinstance(field, models.FloatField):
        return float(value)
    return value
