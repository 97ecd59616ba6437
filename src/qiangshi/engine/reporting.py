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
