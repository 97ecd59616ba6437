"""The published list (名单公示) in the layout local governments use, and JSON rows.

The graded firms (A–D) are the list; firms not evaluated this year (T, 暂不评价: too young, no
revenue, exempted …) are listed apart with the reason, as the 公示 lists do, instead of mixed
into the ranking.
"""

import polars as pl

from qiangshi.dataio.excel import xlsx_workbook

CLASS_ORDER = ["A", "B", "C", "D", "T"]
GRADED_SHEET, NOT_EVALUATED_SHEET = "评价结果", "暂不评价企业"


def class_names(method_content: dict) -> dict[str, str]:
    """"A" → "A类（优先发展类）", from the method's own names."""
    names = method_content.get("classification", {}).get("names", {})
    return {c: f"{c}类（{names[c]}）" if c in names else f"{c}类" for c in CLASS_ORDER}


def indicator_labels(method_content: dict) -> dict[str, str]:
    return {i["key"]: f"{i['name']}（{i['unit']}）" if i.get("unit") else i["name"]
            for group in method_content.get("groups", []) for i in group["indicators"]}


def _region(region_names: dict[str, str]) -> pl.Expr:
    return pl.col("region").replace_strict(region_names, default=pl.col("region")).alias("所在区县")


def publication_frame(results: pl.DataFrame, *, region_names: dict[str, str],
                      names: dict[str, str]) -> pl.DataFrame:
    """The graded firms: 序号, 企业名称, 统一社会信用代码, 所在区县, 评价组, 综合得分, 组内排名,
    评价类别, 电价加价, by class, then rank."""
    ordered = results.filter(pl.col("class") != "T").sort(pl.col("class").replace_strict(
        {c: i for i, c in enumerate(CLASS_ORDER)}, default=9), "rank", "uscc", nulls_last=True)
    return ordered.select(
        (pl.int_range(pl.len()) + 1).alias("序号"), pl.col("name").alias("企业名称"),
        pl.col("uscc").alias("统一社会信用代码"), _region(region_names),
        pl.col("group").alias("评价组"), pl.col("total").round(2).alias("综合得分"),
        pl.format("{}/{}", "rank", "rank_of").alias("组内排名"),
        pl.col("class").replace_strict(names, default=pl.col("class")).alias("评价类别"),
        pl.col("surcharge_kwh").alias("电价加价（元/千瓦时）"),
    )


def not_evaluated_frame(results: pl.DataFrame, *, region_names: dict[str, str]) -> pl.DataFrame:
    """The firms not evaluated (T): 序号, 企业名称, 统一社会信用代码, 所在区县, 暂不评价原因."""
    return results.filter(pl.col("class") == "T").sort("region", "uscc").select(
        (pl.int_range(pl.len()) + 1).alias("序号"), pl.col("name").alias("企业名称"),
        pl.col("uscc").alias("统一社会信用代码"), _region(region_names),
        pl.col("rules").list.join("；").alias("暂不评价原因"),
    )


def publication_xlsx(results: pl.DataFrame, *, region_names: dict[str, str],
                     names: dict[str, str], title: str) -> bytes:
    """The 公示名单 workbook: the graded firms under `title`, then the firms not evaluated on a
    sheet of their own; both laid out to print (dataio.excel)."""
    sheets = {GRADED_SHEET: publication_frame(results, region_names=region_names, names=names),
              NOT_EVALUATED_SHEET: not_evaluated_frame(results, region_names=region_names)}
    return xlsx_workbook(sheets, titles={GRADED_SHEET: f"{title}结果公示名单",
                                         NOT_EVALUATED_SHEET: f"{title}暂不评价企业名单"})


def json_rows(results: pl.DataFrame) -> list[dict]:
    """One object per firm: uscc, name, group, scores, total, rank, class, rules, surcharge."""
    score_columns = [c for c in results.columns if c.startswith("score_")]
    return [
        {"uscc": r["uscc"], "name": r["name"], "group": r["group"],
         "scores": {c.removeprefix("score_"): r[c] for c in score_columns if r[c] is not None},
         "total": r["total"], "rank": r["rank"], "class": r["class"], "rules": r["rules"],
         "surcharge": r["surcharge_kwh"]}
        for r in results.iter_rows(named=True)
    ]
