"""The assessment 通报 of a period and the 亩均 公示名单, as OfficialDocuments.

The assessment 通报 follows the structure found in published ones (reference §C1, 郴产转办
〔2013〕6号): the basis (根据《…办法》…现将有关情况通报如下), the ranking, then each unit's
result explained by its items; the 双亮牌 of 枣庄 (rank and rank change, 红黄蓝). The 公示名单
has the columns of the 亩均 export (docs/mujun-method.md §4 Publication).
"""

from __future__ import annotations

import datetime

import polars as pl

from qiangshi.engine.document import Attachment, OfficialDocument, Section, Table

from .inputs import GRADES, RANKING_SCHEMA, BulletinInputInvalid, cast_to
from .notices import written_date
from .regions import ranking_paragraphs
from .tables import UNITS, cell, ranking_table
from .words import BulletinPeriod, Facts, grouped

ITEM_SCHEMA = {"region": pl.Utf8, "name": pl.Utf8, "score": pl.Float64}
FIRM_SCHEMA = {
    "name": pl.Utf8,
    "uscc": pl.Utf8,
    "region": pl.Utf8,
    "group": pl.Utf8,
    "score": pl.Float64,
    "group_rank": pl.Int32,
    "grade": pl.Utf8,
    "surcharge": pl.Utf8,
}
EXEMPT_SCHEMA = {"name": pl.Utf8, "uscc": pl.Utf8, "region": pl.Utf8, "reason": pl.Utf8}
FIRM_COLUMNS = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "所在区县",
    "评价组",
    "综合得分",
    "组内排名",
    "评价类别",
    "电价加价",
]


def _explanation(region: str, score: float | None, items: pl.DataFrame) -> str:
    """历下区综合得分92.50分，其中规上工业营业收入得分最高（98.00分），工业投资得分最低（71.20分）。"""
    own = items.filter((pl.col("region") == region) & pl.col("score").is_not_null()).sort(["score", "name"])
    text = f"{region}综合得分{grouped(score, 2)}分" if score is not None else f"{region}暂无综合得分"
    if own.height >= 2:
        best, worst = own.row(-1, named=True), own.row(0, named=True)
        text += (
            f"，其中{best['name']}得分最高（{grouped(best['score'], 2)}分），"
            f"{worst['name']}得分最低（{grouped(worst['score'], 2)}分）"
        )
    return text + "。"


def assessment_notice(
    *,
    period: BulletinPeriod,
    scheme_title: str,
    scheme_number: str,
    units: list[dict] | pl.DataFrame,
    items: list[dict] | pl.DataFrame,
    organ: str,
    signer: str,
    date: datetime.date,
    number: str = "",
    recipients: str = "各区县人民政府，各功能区管委会：",
) -> OfficialDocument:
    """The assessment 通报 of a run: `units` as the ranking table of the bulletin (region, kind,
    score, rank, previous_rank, mark), `items` each unit's item scores (region, name, score)."""
    units = cast_to(units, RANKING_SCHEMA, "考核结果表")
    items = cast_to(items, ITEM_SCHEMA, "分项得分表")
    if not units.height:
        raise BulletinInputInvalid(["考核结果表为空"])
    basis = f"《{scheme_title}》" + (f"（{scheme_number}）" if scheme_number else "")
    lead = (
        f"根据{basis}，对{units.height}个{UNITS}{period.dated}工作情况进行了考核评价。现将有关情况通报如下："
    )
    ordered = units.sort(["rank", "region"], nulls_last=True)
    explained = [
        _explanation(region, score, items) for region, score in ordered.select("region", "score").iter_rows()
    ]
    sections = [
        Section(heading="", paragraphs=[lead]),
        Section(
            heading="一、考核结果",
            paragraphs=ranking_paragraphs(units, period, Facts()),
            tables=[ranking_table(units, period)],
        ),
        Section(heading="二、得分情况", paragraphs=explained),
        Section(
            heading="三、有关要求",
            paragraphs=[
                f"获得黄牌、红牌的{UNITS}要认真分析原因，制定整改措施，于下一考核周期前报送整改情况。"
            ],
        ),
    ]
    attachments = []
    if items.height:
        names = items["name"].unique(maintain_order=True).to_list()
        wide = items.pivot(on="name", index="region", values="score", aggregate_function="first")
        table = ordered.select("rank", "region", "score").join(
            wide, on="region", how="left", maintain_order="left"
        )
        rows = [
            [
                cell(row["rank"], 0),
                row["region"],
                *(cell(row[name], 2) for name in names),
                cell(row["score"], 2),
            ]
            for row in table.iter_rows(named=True)
        ]
        title = f"{period.dated}各{UNITS}考核分项得分"
        attachments.append(
            Attachment(
                name=title, table=Table(title=title, columns=["位次", UNITS, *names, "综合得分"], rows=rows)
            )
        )
    return OfficialDocument(
        organ=organ,
        title=f"关于{period.dated}{UNITS}考核结果的通报",
        sections=sections,
        signer=signer,
        date=date,
        number=number,
        recipients=recipients,
        attachments=attachments,
    )


def _two_decimals(column: str) -> pl.Expr:
    """A score as 87.50, written by expressions over the whole list (thousands of firms)."""
    hundredths = (pl.col(column) * 100).round(0).cast(pl.Int64)
    return (
        pl.when(pl.col(column).is_null())
        .then(pl.lit("—"))
        .otherwise(
            pl.concat_str(
                (hundredths // 100).cast(pl.Utf8), pl.lit("."), (hundredths % 100).cast(pl.Utf8).str.zfill(2)
            )
        )
    ).alias(column)


def mujun_list(
    *,
    year: int,
    method_title: str,
    firms: list[dict] | pl.DataFrame,
    exempt: list[dict] | pl.DataFrame,
    publicity_end: datetime.date,
    organ: str,
    signer: str,
    date: datetime.date,
    number: str = "",
) -> OfficialDocument:
    """亩均 公示: the graded firms (A–D) by class and rank in the export's columns, the firms
    not evaluated with their reasons apart, and the publicity period with how to object."""
    firms = cast_to(firms, FIRM_SCHEMA, "评价结果表")
    exempt = cast_to(exempt, EXEMPT_SCHEMA, "暂不评价企业表")
    bad = firms.filter(~pl.col("grade").is_in(GRADES) | pl.col("grade").is_null())
    if bad.height:
        raise BulletinInputInvalid([f"评价结果表有 {bad.height} 家企业的评价类别不是A–D"])
    counts = dict(firms.group_by("grade").len().iter_rows())
    by_grade = "、".join(f"{grade}类{counts[grade]}家" for grade in GRADES if grade in counts)
    lead = (
        f"根据《{method_title}》，经企业填报、审核、测算，现将{year}年度工业企业亩产效益综合评价结果予以公示。"
        f"本次参评企业{firms.height}家，其中{by_grade}；暂不评价企业{exempt.height}家。"
    )
    objection = (
        f"公示期为{written_date(date)}至{written_date(publicity_end)}。公示期间，企业对评价结果有异议的，"
        "可向所在区县（功能区）工业和信息化主管部门提出，并提供相关证明材料。"
    )
    graded = firms.sort(
        pl.col("grade").replace_strict({g: i for i, g in enumerate(GRADES)}),
        "group",
        "group_rank",
        "name",
        nulls_last=True,
    )
    graded_rows = graded.select(
        pl.int_range(1, pl.len() + 1).cast(pl.Utf8).alias("row"),
        "name",
        "uscc",
        "region",
        pl.col("group").fill_null("—"),
        _two_decimals("score"),
        pl.col("group_rank").cast(pl.Utf8).fill_null("—"),
        pl.concat_str("grade", pl.lit("类")),
        pl.col("surcharge").fill_null("—"),
    )
    exempt_rows = exempt.sort("region", "name").select(
        pl.int_range(1, pl.len() + 1).cast(pl.Utf8).alias("row"),
        "name",
        "uscc",
        "region",
        pl.col("reason").fill_null("—"),
    )
    title = f"{year}年度工业企业亩产效益综合评价结果公示名单"
    attachments = [
        Attachment(
            name=title,
            table=Table(title=title, columns=FIRM_COLUMNS, rows=[list(r) for r in graded_rows.iter_rows()]),
        )
    ]
    if exempt.height:
        attachments.append(
            Attachment(
                name=f"{year}年度暂不评价企业名单",
                table=Table(
                    title=f"{year}年度暂不评价企业名单",
                    columns=["序号", "企业名称", "统一社会信用代码", "所在区县", "原因"],
                    rows=[list(r) for r in exempt_rows.iter_rows()],
                ),
            )
        )
    return OfficialDocument(
        organ=organ,
        title=f"关于{year}年度工业企业亩产效益综合评价结果的公示",
        sections=[Section(heading="", paragraphs=[lead, objection])],
        signer=signer,
        date=date,
        number=number,
        attachments=attachments,
    )
