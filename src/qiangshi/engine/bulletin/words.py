"""The words of a bulletin: its period as Chinese releases write it, numbers with thousands
separators, and the words for up, down and flat — each number written is recorded as a
``Fact`` (text as written, where it came from, the value) so that a reader can trace it."""

from __future__ import annotations

from dataclasses import dataclass, field

MONTHLY, QUARTERLY, YEARLY = "monthly", "quarterly", "yearly"
# 一季度, 上半年, 前三季度 are the year-to-date periods of statistical releases (engine.periods).
QUARTER_SPANS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
PREVIOUS = {MONTHLY: "上月", QUARTERLY: "上季度", YEARLY: "上年"}


@dataclass(frozen=True)
class BulletinPeriod:
    """A bulletin's period: the year to date through ``month`` (monthly), a quarter's
    year to date (month 3, 6, 9, 12) or the year (month 12)."""

    year: int
    month: int
    kind: str = MONTHLY

    def __post_init__(self):
        if self.kind not in PREVIOUS:
            raise ValueError(f"通报周期“{self.kind}”无法识别（月度/季度/年度）")
        if not 1 <= self.month <= 12:
            raise ValueError(f"月份应在1至12之间：{self.month}")
        if self.kind == QUARTERLY and self.month not in QUARTER_SPANS:
            raise ValueError(f"季度通报的截至月应为3、6、9或12月：{self.month}")
        if self.kind == YEARLY and self.month != 12:
            raise ValueError("年度通报的截至月应为12月")

    @property
    def span(self) -> str:
        """The period as a sentence opens with it: 1—10月, 1月, 一季度, 2025年."""
        if self.kind == YEARLY:
            return f"{self.year}年"
        if self.kind == QUARTERLY:
            return QUARTER_SPANS[self.month]
        # Releases write a year-to-date span with a dash (一字线 "—"), not a hyphen.
        return "1月" if self.month == 1 else f"1—{self.month}月"

    @property
    def dated(self) -> str:
        """The span with its year, as a title writes it: 2025年1—10月, 2025年一季度, 2025年."""
        return self.span if self.kind == YEARLY else f"{self.year}年{self.span}"

    @property
    def previous(self) -> str:
        """What a change is measured against: 上月, 上季度, 上年."""
        return PREVIOUS[self.kind]

    @property
    def month_end(self) -> str:
        return "年底" if self.kind == YEARLY else f"{self.month}月底"


@dataclass(frozen=True)
class Fact:
    """A number as the narrative writes it, its source ("table/key/column", or an expression
    of columns for a derived figure) and the value it was written from."""

    text: str
    source: str
    value: float


@dataclass
class Facts:
    """The numbers written so far; each writer returns the text and records the fact."""

    items: list[Fact] = field(default_factory=list)

    def number(self, value: float, source: str, unit: str = "", decimals: int = 1) -> str:
        text = f"{grouped(value, decimals)}{unit}"
        self.items.append(Fact(text, source, value))
        return text

    def count(self, value: int, source: str, unit: str = "") -> str:
        return self.number(value, source, unit, decimals=0)

    def year(self, value: int, source: str) -> str:
        """A year as written in 2024年度: no separator."""
        self.items.append(Fact(str(value), source, value))
        return str(value)

    def percent(self, ratio: float, source: str) -> str:
        """A ratio (0.852) written as a percentage (85.2%)."""
        text = f"{grouped(ratio * 100, 1)}%"
        self.items.append(Fact(text, source, ratio))
        return text

    def growth(self, rate: float, source: str) -> str:
        """A growth rate in % as 增长6.1% / 下降3.2% / 持平 (flat when it rounds to 0.0)."""
        word = change_word(rate, ("增长", "下降", "持平"))
        if word == "持平":
            return word
        text = f"{grouped(abs(rate), 1)}%"
        self.items.append(Fact(text, source, rate))
        return f"{word}{text}"

    def points(self, change: float, source: str) -> str:
        """A change of a rate in percentage points: 提高0.3个百分点 / 回落0.5个百分点 (the caller
        writes 与上月持平 for a change that rounds to zero)."""
        text = f"{grouped(abs(change), 1)}个百分点"
        self.items.append(Fact(text, source, change))
        return f"{change_word(change, ('提高', '回落', '持平'))}{text}"

    def rank_move(self, previous_rank: int, rank: int, source: str, previous: str) -> str:
        """位次较上月前移2位 / 后移1位 / 保持不变 (a smaller rank is better)."""
        moved = previous_rank - rank
        if moved == 0:
            return f"位次较{previous}保持不变"
        text = f"{abs(moved)}位"
        self.items.append(Fact(text, source, moved))
        return f"位次较{previous}{'前移' if moved > 0 else '后移'}{text}"


def grouped(value: float, decimals: int = 1) -> str:
    """1234567.8 → 1,234,567.8 (thousands separators of Chinese statistical tables)."""
    text = f"{value:,.{decimals}f}"
    return text.lstrip("-") if float(text.replace(",", "")) == 0 else text


def change_word(value: float, words: tuple[str, str, str], decimals: int = 1) -> str:
    """The up, down or flat word for a change, flat when it rounds to zero as written."""
    rounded = round(value, decimals)
    return words[2] if rounded == 0 else words[0] if rounded > 0 else words[1]


def names(items: list[str]) -> str:
    return "、".join(items)
