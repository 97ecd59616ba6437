"""The reporting calendar: which periods a figure is due for, and by when.

Monthly figures are cumulative and the first is 1–2月 (January is not
published alone); quarterly figures are cumulative to March, June, September
and December; annual figures are due after the year. A period is due once it
has ended, by its end date plus a configurable number of days (default: the
10th of the following month for monthly figures).
"""

import calendar
import datetime
from dataclasses import dataclass

import polars as pl

from qiangshi.engine.periods import Period

DEFAULT_DEADLINE_DAYS = {"monthly_cumulative": 10, "quarterly": 15, "annual": 90}
_MONTHS = {"monthly_cumulative": tuple(range(2, 13)), "quarterly": (3, 6, 9, 12), "annual": (12,)}


@dataclass(frozen=True, order=True)
class Due:
    year: int
    month: int
    period_type: str
    frequency: str
    deadline: datetime.date

    @property
    def period(self) -> Period:
        return Period(self.year, self.month, self.period_type)

    @property
    def key(self) -> str:
        return self.period.key

    @property
    def label(self) -> str:
        return self.period.label

    def days_late(self, today: datetime.date) -> int:
        return max((today - self.deadline).days, 0)


def period_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def due_periods(frequency: str, *, first_year: int, last_year: int, today: datetime.date,
                deadline_days: int | None = None) -> list[Due]:
    """Every period of `frequency` from `first_year` to `last_year` that has ended by `today`."""
    days = DEFAULT_DEADLINE_DAYS[frequency] if deadline_days is None else deadline_days
    period_type = "annual" if frequency == "annual" else "ytd"
    return [
        Due(year, month, period_type, frequency,
            period_end(year, month) + datetime.timedelta(days=days))
        for year in range(first_year, last_year + 1)
        for month in _MONTHS[frequency]
        if period_end(year, month) < today
    ]


TIMELINESS_INPUT = {"unit": pl.String, "deadline": pl.Date, "submitted_on": pl.Date,
                    "done": pl.Boolean}


def timeliness(rows: pl.DataFrame, *, today: datetime.date) -> pl.DataFrame:
    """Completeness and timeliness of each unit's reports, as DHIS2 reports them: of the
    periods whose deadline has passed (expected), how many were reported (submitted or
    approved: the reporting rate) and how many of those by their deadline (the reporting
    rate on time). Periods still within their deadline are counted apart (``pending``).

    ``rows``: unit, deadline, submitted_on (null when never submitted), done. Returns unit,
    expected, reported, on_time, late, missing, pending, completeness, timeliness (shares of
    ``expected``; null when nothing is expected yet).
    """
    rows = rows.select([pl.col(c).cast(t) for c, t in TIMELINESS_INPUT.items()])
    due = pl.col("deadline") < pl.lit(today)
    reported = due & pl.col("done")
    on_time = reported & (pl.col("submitted_on") <= pl.col("deadline"))
    counts = rows.group_by("unit", maintain_order=True).agg(
        due.sum().alias("expected"), reported.sum().alias("reported"),
        on_time.sum().alias("on_time"), (~due).sum().alias("pending"),
    ).with_columns(pl.col("expected", "reported", "on_time", "pending").cast(pl.Int64))
    shares = pl.when(pl.col("expected") > 0)
    return counts.with_columns(
        (pl.col("reported") - pl.col("on_time")).alias("late"),
        (pl.col("expected") - pl.col("reported")).alias("missing"),
        shares.then(pl.col("reported") / pl.col("expected")).alias("completeness"),
        shares.then(pl.col("on_time") / pl.col("expected")).alias("timeliness"),
    ).select("unit", "expected", "reported", "on_time", "late", "missing", "pending",
             "completeness", "timeliness")
