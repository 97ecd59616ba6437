"""Statistical periods as Chinese statistics publishes them.

Annual figures, and year-to-date cumulative figures through a month (1–N月累计).
Quarterly figures are cumulative too (一季度, 上半年, 前三季度 = 1–3, 1–6, 1–9月),
so a quarter is the year-to-date period ending in its last month. January and
February are published together as 1–2月: a January-only figure is refused for
indicators reported monthly (see `monthly_period_problem`).
"""

import datetime
import re
from dataclasses import dataclass

ANNUAL = "annual"
YTD = "ytd"

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_QUARTER_WORDS = {"一季度": 3, "上半年": 6, "前三季度": 9, "全年": 12}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int
    period_type: str

    @property
    def label(self) -> str:
        if self.period_type == ANNUAL:
            return f"{self.year}年"
        if self.month == 1:
            return f"{self.year}年1月"
        return f"{self.year}年1-{self.month}月"

    @property
    def key(self) -> str:
        return str(self.year) if self.period_type == ANNUAL else f"{self.year}-{self.month:02d}"


def _year(value: str, text: str) -> int:
    year = int(value)
    if not 1949 <= year <= 2100:
        raise PeriodError(f"年份 {year} 不合理：{text!r}")
    return year


def _ytd(year: int, month: int, text: str) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"月份 {month} 不在 1–12 之间：{text!r}")
    return Period(year, month, YTD)


_PATTERNS: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^(\d{4})年?$"), lambda m, t: Period(_year(m[1], t), 12, ANNUAL)),
    (re.compile(r"^(\d{4})\s*[Qq]([1-4])$"),
     lambda m, t: _ytd(_year(m[1], t), int(m[2]) * 3, t)),
    (re.compile(r"^(\d{4})年第?([一二三四1-4])季度$"),
     lambda m, t: _ytd(_year(m[1], t), int(_CN_DIGITS.get(m[2], m[2] or 0)) * 3, t)),
    (re.compile(r"^(\d{4})年(一季度|上半年|前三季度|全年)$"),
     lambda m, t: _ytd(_year(m[1], t), _QUARTER_WORDS[m[2]], t)),
    (re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})$"), lambda m, t: _ytd(_year(m[1], t), int(m[2]), t)),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), lambda m, t: _ytd(_year(m[1], t), int(m[2]), t)),
    # A date cell read as text ("2024-06-01 00:00:00") names the month it ends in.
    (re.compile(r"^(\d{4})-(\d{1,2})-\d{1,2}(?:\d{2}:\d{2}:\d{2})?$"),
     lambda m, t: _ytd(_year(m[1], t), int(m[2]), t)),
    (re.compile(r"^(\d{4})年1\s*[-—–~～至到]\s*(\d{1,2})月(?:累计)?$"),
     lambda m, t: _ytd(_year(m[1], t), int(m[2]), t)),
]


def parse_period(value) -> Period:
    """"2024", "2024Q2", "2024-06", "2024年1-6月", "2024年上半年", or a date/datetime cell."""
    if isinstance(value, datetime.date):
        return _ytd(value.year, value.month, str(value))
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return parse_period(str(int(value)))
    text = str(value or "").strip().replace(" ", "")
    if not text:
        raise PeriodError("期别为空")
    for pattern, build in _PATTERNS:
        match = pattern.match(text)
        if match:
            return build(match, text)
    raise PeriodError(
        f"无法识别的期别 {text!r}；可写 2024、2024Q2、2024-06、2024年1-6月、2024年上半年"
    )


JANUARY_ALONE = "按统计惯例 1-2 月合并发布，请填写 1-2 月累计（如 2024年1-2月）"


def monthly_period_problem(period: Period) -> str | None:
    """Why a period cannot hold a monthly-cumulative figure, or None."""
    if period.period_type == YTD and period.month == 1:
        return JANUARY_ALONE
    return None


def last_complete_month(today: datetime.date) -> datetime.date:
    """The last day of the last month that has ended by `today`."""
    return today.replace(day=1) - datetime.timedelta(days=1)
