"""Cell readers that know the registry's conventions: lists of former names."""

import polars as pl

from qiangshi.enterprises.columns import LIST_SEPARATORS


def names_list(column: str) -> pl.Expr:
    """"甲；乙、丙" → ["甲", "乙", "丙"]."""
    return (pl.col(column).str.replace_all(LIST_SEPARATORS, "；").str.split("；")
            .list.eval(pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != "")))
