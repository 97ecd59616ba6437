"""The published list (名单公示) in the layout local governments use, and JSON rows."""

import polars as pl

from qiangshi.dataio.excel import xlsx_bytes

CLASS_ORDER = ["A", "B", "C", "D", "T"]


def class_names(method_content: dict) -> dict[str, str]:
    """"A" → "A类（优先发展类）", from the method's own names."""
    names = method_content.get("classification", {}).get("names", {})
    return {c: f"{c}类（{names[c]}）" if c in names else f"{c}类" for c in CLASS_ORDER}


def indicator_labels(method_content: dict) -> dict[str, str]:
    return {i["key"]: f"{i['name']}（{i['unit']}）" if i.get("unit") else i["name"]
            for group in method_content.get("groups", []) for i in group["indicators"]}


def publication_frame(results: pl.DataFrame, *, region_names: dict[str, str],
                      names: dict[str, str]) -> pl.DataFrame:
    """序号, 企业名称, 统一社会信用代码, 所在区县, 评价组, 综合得分, 组内排名, 评价类别, 电价加价."""
    ordered = results.sort(pl.col("class").replace_strict(
        {c: i for i, c in enumerate(CLASS_ORDER)}, default=9), "rank", "uscc", nulls_last=True)
    return ordered.select(
        (pl.int_range(pl.len()) + 1).alias("序号"), pl.col("name").alias("企业名称"),
        pl.col("uscc").alias("统一社会信用代码"),
        pl.col("region").replace_strict(region_names, default=pl.col("region")).alias("所在区县"),
        pl.col("group").alias("评价组"), pl.col("total").round(2).alias("综合得分"),
        pl.format("{}/{}", "rank", "rank_of").alias("组内排名"),
        pl.col("class").replace_strict(names, default=pl.col("class")).alias("评价类别"),
        pl.col("surcharge_kwh").alias("电价加价（元/千瓦时）"),
    )


def publication_xlsx(results: pl.DataFrame, *, region_names: dict[str, str],
                     names: dict[str, str], title: str) -> bytes:
    return xlsx_bytes(publication_frame(results, region_names=region_names, names=names),
                      sheet=title)


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
