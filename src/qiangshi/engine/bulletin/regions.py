"""二、区县（功能区）情况: how many units grew and who leads per indicator, the assessment
ranking with its rank changes and 红黄蓝 marks (双亮牌: rank and rank change, reference §C1)."""

from __future__ import annotations

import polars as pl

from qiangshi.engine.document import Attachment, Table

from .inputs import MARK_LABELS
from .tables import UNITS, indicator_attachment, ranking_table
from .words import BulletinPeriod, Facts, names

#: How many leaders a sentence names, and how many movers each way.
LEADERS = 3
MOVERS = 3
# 前三位: a small ordinal count is written in Chinese numerals, as releases do.
CN_COUNTS = dict(enumerate("一二三四五", start=1))


def indicator_order(regions: pl.DataFrame, indicators: pl.DataFrame | None) -> list[str]:
    """The indicators of the region table, in the order the progress table lists them."""
    present = regions["indicator"].unique(maintain_order=True).to_list()
    if indicators is None:
        return present
    listed = [code for code in indicators["code"] if code in present]
    return listed + [code for code in present if code not in listed]


def growth_paragraph(table: pl.DataFrame, period: BulletinPeriod, facts: Facts) -> str | None:
    """有12个区县（功能区）规上工业营业收入保持正增长，2个同比下降；增速居前三位的是…"""
    rated = table.filter(pl.col("yoy").is_not_null())
    if not rated.height:
        return None
    code, name = table["indicator"][0], table["indicator_name"][0]
    written = pl.col("yoy").round(1)
    direction = rated.with_columns(
        pl.when(written > 0)
        .then(pl.lit("up"))
        .when(written < 0)
        .then(pl.lit("down"))
        .otherwise(pl.lit("flat"))
        .alias("direction")
    )
    counts = dict(direction.group_by("direction").len().iter_rows())
    parts = [
        (facts.count(counts[word], f"regions/{code}/count(yoy {word})", "个"), tail)
        for word, tail in (("up", "保持正增长"), ("down", "同比下降"), ("flat", "与上年同期持平"))
        if counts.get(word)
    ]
    # The first count names the units and the indicator: 有12个区县（功能区）营业收入保持正增长.
    (first, tail), rest = parts[0], parts[1:]
    text = (
        f"{period.span}，有{first}{UNITS}{name}{tail}"
        if counts.get("up")
        else f"{period.span}，{name}有{first}{UNITS}{tail}"
    )
    text += "".join(f"，{count}{tail}" for count, tail in rest)
    leaders = rated.sort(["yoy", "region"], descending=[True, False]).head(LEADERS)
    named = [
        f"{region}（{facts.growth(yoy, f'regions/{region}/{code}/yoy')}）"
        for region, yoy in leaders.select("region", "yoy").iter_rows()
    ]
    return text + f"；增速居前{CN_COUNTS[len(named)]}位的是{names(named)}。"


def ranking_paragraphs(ranking: pl.DataFrame, period: BulletinPeriod, facts: Facts) -> list[str]:
    """The top three, the movers up and down with their ranks, and the marks."""
    ranked = ranking.filter(pl.col("rank").is_not_null()).sort(["rank", "region"])
    paragraphs = []
    if ranked.height:
        top = ranked.head(LEADERS)["region"].to_list()
        paragraphs.append(f"{period.span}综合考核中，{names(top)}位居前{CN_COUNTS[len(top)]}位。")
    moved = ranked.filter(pl.col("previous_rank").is_not_null()).with_columns(
        (pl.col("previous_rank") - pl.col("rank")).alias("moved")
    )
    if moved.height:
        count = {
            word: moved.filter(condition).height
            for word, condition in (
                ("前移", pl.col("moved") > 0),
                ("后移", pl.col("moved") < 0),
                ("保持不变", pl.col("moved") == 0),
            )
        }
        parts = [
            f"{word}的有{facts.count(n, f'ranking/count({word})', '个')}" for word, n in count.items() if n
        ]
        sentences = [f"与{period.previous}相比，位次{'，'.join(parts)}"]
        ups = moved.filter(pl.col("moved") > 0).sort(["moved", "rank"], descending=[True, False]).head(MOVERS)
        downs = moved.filter(pl.col("moved") < 0).sort(["moved", "rank"]).head(MOVERS)
        for row in pl.concat([ups, downs]).iter_rows(named=True):
            key = f"ranking/{row['region']}"
            before = facts.count(row["previous_rank"], f"{key}/previous_rank")
            after = facts.count(row["rank"], f"{key}/rank")
            verb = "升至" if row["moved"] > 0 else "降至"
            move = facts.rank_move(
                row["previous_rank"], row["rank"], f"{key}/previous_rank-rank", period.previous
            )
            sentences.append(f"{row['region']}{move}（由第{before}位{verb}第{after}位）")
        paragraphs.append("；".join(sentences) + "。")
    marked = [
        (label, ranking.filter(pl.col("mark") == mark).sort(["rank", "region"])["region"].to_list())
        for mark, label in MARK_LABELS.items()
    ]
    marked = [f"获{label}的有{names(units)}" for label, units in marked if units]
    if marked:
        paragraphs.append(f"按红黄蓝亮牌管理，{'；'.join(marked)}。")
    return paragraphs


def region_parts(
    regions: pl.DataFrame | None,
    ranking: pl.DataFrame | None,
    indicators: pl.DataFrame | None,
    period: BulletinPeriod,
    facts: Facts,
) -> tuple[list[str], list[Table], list[Attachment]]:
    """Section 二's paragraphs and ranking table, and the 附件 (one per indicator)."""
    paragraphs: list[str] = []
    attachments: list[Attachment] = []
    if regions is not None:
        for code in indicator_order(regions, indicators):
            table = regions.filter(pl.col("indicator") == code)
            paragraph = growth_paragraph(table, period, facts)
            paragraphs += [paragraph] if paragraph else []
            attachments.append(indicator_attachment(table, period))
    tables = []
    if ranking is not None:
        paragraphs += ranking_paragraphs(ranking, period, facts)
        tables.append(ranking_table(ranking, period))
    return paragraphs, tables, attachments
