"""Numbers written as Chinese statistical tables write them, as polars expressions: commas
every three digits of the whole part (9,850.0; −1,234,567.8). Pure: no Django, no I/O."""

from __future__ import annotations

import polars as pl


def grouped(text: pl.Expr) -> pl.Expr:
    """A decimal number's text ("-1234567.8") with its whole part grouped by commas, counted
    from the right (the digits are reversed, since the regex engine has no look-ahead)."""
    parts = text.str.split_exact(".", 1)
    whole, fraction = parts.struct.field("field_0"), parts.struct.field("field_1")
    digits = (whole.str.strip_prefix("-").str.reverse().str.replace_all(r"(\d{3})", "${1},")
              .str.strip_chars_end(",").str.reverse())
    return pl.concat_str(
        pl.when(whole.str.starts_with("-")).then(pl.lit("-")).otherwise(pl.lit("")), digits,
        pl.when(fraction.is_not_null()).then(pl.concat_str(pl.lit("."), fraction))
        .otherwise(pl.lit("")))
