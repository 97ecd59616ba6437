"""Computed measures made comparable before they meet a threshold.

A measure that lies exactly on a boundary in decimal arithmetic can come out of binary
floating point a hair off it: 11500 / 10000 − 1 gives 0.1499999…, √(7200 / 5000) − 1 gives
0.1999999…, so a firm growing exactly 15 % would take the band below "15 % 及以上". Every
comparison of a computed measure with a threshold or a band cut (tier rules, 亩均 class lines,
stall rules) goes through :func:`exact`: the measure rounded half away from zero (四舍五入) to
``DECIMALS`` decimal places. Six places keep every figure the platform handles (万元 to the
cent is 2 places, a percentage to 0.0001 point is 4) and drop the noise of the last bits
(a double carries 15–17 significant digits). Pure: no Django, no I/O.
"""

from __future__ import annotations

import polars as pl

DECIMALS = 6


def exact(expr: pl.Expr, decimals: int = DECIMALS) -> pl.Expr:
    """`expr` as a Float64 rounded to `decimals` places, ready to compare with a threshold."""
    return expr.cast(pl.Float64).round(decimals, mode="half_away_from_zero")
