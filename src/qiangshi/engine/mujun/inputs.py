"""The input tables of an evaluation (facts, overrides, history), typed and checked.

Problems with a table raise :class:`FactsInvalid` with Chinese messages; the overrides come out
as one row per firm, the history as each D firm's run of years in D before the method's year.
"""

from __future__ import annotations

import polars as pl

from . import wording
from .exprs import CLASS_DTYPE
from .schema import ALL_CLASSES, CLASSES, FACT_NUMBERS, Method, Surcharge

FACT_SCHEMA: dict[str, pl.DataType] = {
    "uscc": pl.String(),
    "name": pl.String(),
    "region": pl.String(),
    "industry_code": pl.String(),
    "above_scale": pl.Boolean(),
    "founded_year": pl.Int64(),
    **{column: pl.Float64() for column in FACT_NUMBERS},
}
HISTORY_SCHEMA: dict[str, pl.DataType] = {"uscc": pl.String(), "year": pl.Int64(), "class": pl.String()}
OVERRIDE_SCHEMA: dict[str, pl.DataType] = {
    "uscc": pl.String(), "kind": pl.String(), "class": pl.String(), "reason_code": pl.String(),
    "reason": pl.String(),
}
OVERRIDE_KINDS = ("veto_d", "exempt_t", "force_class")


class FactsInvalid(ValueError):
    """The facts, history or overrides table cannot be evaluated; ``problems`` in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("评价数据有误：" + "；".join(self.problems))


def prepare_facts(facts: pl.DataFrame, method: Method) -> pl.DataFrame:
    if not isinstance(facts, pl.DataFrame):
        raise FactsInvalid([f"企业数据应为 polars DataFrame，实为 {type(facts).__name__}"])
    if "uscc" not in facts.columns:
        raise FactsInvalid(["企业数据缺少 uscc（统一社会信用代码）列"])
    extra_bool = [f.column for f in method.scope.flags]
    extra_num = [a.column for a in method.scoring.adjustments]
    extra_num += [s.other_column for s in surcharges(method) if s.other_column]
    wanted = {**FACT_SCHEMA, **dict.fromkeys(extra_num, pl.Float64())}
    wanted.update(dict.fromkeys(extra_bool, pl.Boolean()))
    columns: list[pl.Expr] = []
    problems: list[str] = []
    for column, dtype in wanted.items():
        if column not in facts.columns:
            columns.append(pl.lit(None, dtype=dtype).alias(column))
            continue
        have = facts.schema[column]
        if have == dtype:
            columns.append(pl.col(column))
        elif dtype == pl.String() and have.is_integer():
            columns.append(pl.col(column).cast(pl.String))
        elif (dtype.is_numeric() and (have.is_numeric() or have == pl.Null())) or have == pl.Null():
            columns.append(pl.col(column).cast(dtype))
        else:
            problems.append(f"企业数据列 {column} 的类型应为 {dtype}，实为 {have}")
    if problems:
        raise FactsInvalid(problems)
    out = facts.select(columns)
    floats = [c for c, t in out.schema.items() if t == pl.Float64]
    nan = out.select(pl.col(c).is_nan().any() for c in floats).row(0) if out.height else ()
    if any(nan):  # NaN is not a number a firm reported: treat it as missing, like null
        out = out.with_columns(pl.col(c).fill_nan(None) for c, has in zip(floats, nan, strict=True) if has)
    nulls = out["uscc"].null_count()
    if nulls:
        problems.append(f"企业数据有 {nulls} 行缺少 uscc（统一社会信用代码）")
    elif out["uscc"].hash().n_unique() != out.height and out["uscc"].n_unique() != out.height:
        dups = out.filter(pl.col("uscc").is_duplicated())["uscc"]
        problems.append(f"企业数据中 uscc 重复 {dups.len()} 行（如 {dups[0]}），每家企业只能一行")
    if problems:
        raise FactsInvalid(problems)
    return out


def _frame(
    table: pl.DataFrame | None, schema: dict[str, pl.DataType], what: str, required: tuple[str, ...]
) -> pl.DataFrame:
    if table is None:
        return pl.DataFrame(schema=schema)
    if not isinstance(table, pl.DataFrame):
        raise FactsInvalid([f"{what}应为 polars DataFrame，实为 {type(table).__name__}"])
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise FactsInvalid([f"{what}缺少列：{'、'.join(missing)}"])
    try:
        return table.select(
            pl.col(c).cast(t) if c in table.columns else pl.lit(None, dtype=t).alias(c)
            for c, t in schema.items()
        )
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError) as exc:
        raise FactsInvalid([f"{what}的列类型不对：{exc}"]) from None


def overrides_table(overrides: pl.DataFrame | None, method: Method) -> pl.DataFrame:
    """One row per uscc with overrides: _ov (its row number), _flags (1 exempt, 2 veto), _force
    (the forced class, the lowest if several) and the rule texts of each kind."""
    table = _frame(overrides, OVERRIDE_SCHEMA, "调整名单（overrides）", ("uscc", "kind"))
    problems: list[str] = []
    kinds = set(table["kind"].drop_nulls().unique().to_list())
    if table["kind"].null_count() or kinds - set(OVERRIDE_KINDS):
        bad = sorted(kinds - set(OVERRIDE_KINDS)) + (["（空）"] if table["kind"].null_count() else [])
        problems.append(f"调整名单 kind 只能为 veto_d、exempt_t、force_class，实有 {'、'.join(bad)}")
    enabled = {"veto_d": method.overrides.veto_d, "exempt_t": method.overrides.exempt_t,
               "force_class": method.overrides.force_class}
    for kind in sorted(kinds & set(OVERRIDE_KINDS)):
        if not enabled[kind]:
            problems.append(f"评价方法 {method.name} 未启用 {kind} 类调整，调整名单中却有此类")
    forced = table.filter(pl.col("kind") == "force_class")
    bad_class = forced.filter(~pl.col("class").is_in(list(CLASSES)) | pl.col("class").is_null())
    if bad_class.height:
        problems.append(
            f"force_class 的 class 应为 A/B/C/D（暂不评价请用 exempt_t），如 {bad_class['uscc'][0]}："
            f"{bad_class['class'][0]!r}"
        )
    if table["uscc"].null_count():
        problems.append("调整名单有行缺少 uscc")
    if problems:
        raise FactsInvalid(problems)
    known = dict(method.overrides.reason_codes)
    code = pl.col("reason_code")
    reason = pl.coalesce(
        pl.when(pl.col("reason").str.len_chars() > 0).then(pl.col("reason")),
        code.replace_strict(known, default=None, return_dtype=pl.String) if known
        else pl.lit(None, pl.String),
    )
    text = wording.override(pl.col("kind"), reason, pl.col("class"))
    order = {"A": 1, "B": 2, "C": 3, "D": 4}
    worst = pl.col("class").replace_strict(order, default=None, return_dtype=pl.Int8)

    def joined(kind: str) -> pl.Expr:
        texts = pl.col("_text").filter(pl.col("kind") == kind).str.join("；")
        return pl.when(texts.str.len_bytes() > 0).then(texts)

    return (
        table.with_columns(_text=text, _worst=worst)
        .sort("uscc", "kind", "reason_code", nulls_last=True, maintain_order=True)
        .group_by("uscc", maintain_order=True)
        .agg(
            _flags=((pl.col("kind") == "exempt_t").any().cast(pl.Int8)
                    + 2 * (pl.col("kind") == "veto_d").any().cast(pl.Int8)),
            _force_rank=pl.col("_worst").filter(pl.col("kind") == "force_class").max(),
            _exempt_text=joined("exempt_t"),
            _veto_text=joined("veto_d"),
            _force_text=joined("force_class"),
        )
        .with_row_index("_ov")
        .with_columns(
            _force=pl.col("_force_rank").replace_strict({1: "A", 2: "B", 3: "C", 4: "D"}, default=None,
                                                        return_dtype=CLASS_DTYPE),
        )
        .drop("_force_rank")
    )


def prior_d_years(history: pl.DataFrame | None, year: int, d_firms: pl.Series) -> pl.DataFrame:
    """uscc → consecutive years in D immediately before `year` (year−1, year−2, … all D), for `d_firms`."""
    table = _frame(history, HISTORY_SCHEMA, "历年评价结果（history）", ("uscc", "year", "class"))
    bad = table.filter(~pl.col("class").is_in(list(ALL_CLASSES)) | pl.col("class").is_null())
    if bad.height:
        raise FactsInvalid([f"历年评价结果的 class 应为 A/B/C/D/T，如 {bad['uscc'][0]} {bad['year'][0]} 年："
                            f"{bad['class'][0]!r}"])
    # A year counts as D when any row of it says D; the years in D then run back from year−1:
    # sorted newest first, the k-th D year (k = 0, 1, …) is in the run exactly when it is year−1−k.
    return (
        table.filter(
            (pl.col("class") == "D") & (pl.col("year") < year) & pl.col("uscc").is_in(d_firms.implode())
        )
        .select("uscc", gap=(year - 1) - pl.col("year"))
        .unique()
        .group_by("uscc")
        .agg(_prior_d=(pl.col("gap").sort() == pl.int_range(pl.len())).sum().cast(pl.Int64))
    )


def surcharges(method: Method) -> list[Surcharge]:
    return ([method.electricity] if method.electricity else []) + list(method.local_prices)
