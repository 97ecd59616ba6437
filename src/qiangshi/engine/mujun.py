"""亩产效益（亩均效益）综合评价: scope, indicators, scores, ranks, classes, surcharges.

``evaluate(facts, method)`` evaluates one year of firms under a method (see
``qiangshi.engine.mujun_method`` for the method document and
``docs/mujun-method.md`` for the rules in words and the sources).  Pure and
vectorised: polars expressions over the whole table, no Python loop over firms
(the loops below run over the method's groups, indicators and classes).  No I/O: the
packaged methods (``qiangshi/reference/methods/*.yaml``) are read by
``qiangshi.reference.documents`` and come in as documents (``parse_method``).

Steps, each over the whole table:

1. scope → group (规上/规下) or T with the rule that put the firm there;
2. indicator values (the method's formulas; a division by a missing, zero or
   negative denominator is missing data);
3. benchmarks per group (and region, if the method says so) and sub-scores
   (ratio to benchmark, optional floor/cap, or min-max 20 + 80 × …), the
   missing-data rule, rounding;
4. total = Σ sub-scores + bonus − deduction, rounded;
5. rank within the ranking unit by total, then the method's tie-break keys (the
   last is always uscc, so ranks are unique and reproducible);
6. class by rank shares (cumulative counts rounded as the method says; ties
   either share the better class or follow the rank) or by score thresholds;
   then overrides (veto → D, exemption → T, forced class);
7. consecutive years in D (with the history) and the differentiated prices, the
   highest applicable surcharge only;
8. the rules applied (Chinese) and a sentence on what would lift the firm a class.

Speed (docs/mujun-method.md §4, bench/bench_mujun.py): fixed-text rules are bits of an
integer mask turned into text once per distinct combination; per-firm texts are built only
on the rows that have them; the lift sentences are built once per (unit, class, indicator,
benchmark); subsets are taken with boolean masks, joins run on the key column only; one
helper thread builds independent parts (the "most room" columns, the rule lists) beside
the main sequence.
"""

from __future__ import annotations

import ast
import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from qiangshi.engine.mujun_method import (
    ALL_CLASSES,
    CLASSES,
    FACT_NUMBERS,
    Indicator,
    Method,
    MethodInvalid,
    Surcharge,
    method_dict,
    parse_method,
)

__all__ = [
    "FACT_SCHEMA",
    "MUJUN_VERSION",
    "FactsInvalid",
    "MethodInvalid",
    "evaluate",
    "method_to_dict",
    "parse_method",
]

MUJUN_VERSION = "mujun-1"

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

_SEP = "\x1f"  # joins rule texts before they are split into the list column
_BITS = 62  # rule bits per Int64 mask column
GROUP_CODES = {"规上": 0, "规下": 1}
CLASS_DTYPE = pl.Enum(list(ALL_CLASSES))
_EPS = 1e-9  # guards the class-count rounding against n × share landing a hair below an integer


class FactsInvalid(ValueError):
    """The facts, history or overrides table cannot be evaluated; ``problems`` in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("评价数据有误：" + "；".join(self.problems))


# ---------------------------------------------------------------- methods


def method_to_dict(method: Method) -> dict:
    """The method as a plain dict (every default explicit), for storing a version as JSON or editing."""
    return method_dict(method)


# ---------------------------------------------------------------- small expression helpers


def _add(df: pl.DataFrame, *exprs, **named) -> pl.DataFrame:
    """with_columns through the lazy engine: common subexpressions are computed once (eager mode
    has no such optimisation, and the scoring expressions share windows and branches)."""
    return df.lazy().with_columns(*exprs, **named).collect(engine="in-memory")


def _round(expr: pl.Expr, decimals: int | None) -> pl.Expr:
    """四舍五入 (half away from zero) to the method's decimals; None: no rounding."""
    return expr if decimals is None else expr.round(decimals, mode="half_away_from_zero")


def _num(value: float) -> str:
    """A number for Chinese rule text: 0.1 → "0.1", 3.0 → "3"."""
    return f"{value:g}"


def _compile(node: ast.AST) -> pl.Expr:
    """A validated formula AST as a polars expression (division by ≤ 0 or missing → missing)."""
    if isinstance(node, ast.Expression):
        return _compile(node.body)
    if isinstance(node, ast.BinOp):
        left, right = _compile(node.left), _compile(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return pl.when(right > 0).then(left / right)
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Constant):
        return pl.lit(float(node.value))
    if isinstance(node, ast.Name):
        return pl.col(node.id)
    if isinstance(node, ast.Call):
        args = [_compile(arg) for arg in node.args]
        function = {"coalesce": pl.coalesce, "min": pl.min_horizontal, "max": pl.max_horizontal}
        return function[node.func.id](args)
    raise MethodInvalid([f"公式含不支持的写法：{ast.dump(node)}"])  # unreachable after validation


def _formula(formula: str) -> pl.Expr:
    return _compile(ast.parse(formula, mode="eval"))


def _ratio_parts(formula: str) -> tuple[pl.Expr, pl.Expr]:
    body = ast.parse(formula, mode="eval").body
    assert isinstance(body, ast.BinOp)  # noqa: S101 - guaranteed by validation (aggregate mode)
    return _compile(body.left), _compile(body.right)


# ---------------------------------------------------------------- inputs


def _prepare_facts(facts: pl.DataFrame, method: Method) -> pl.DataFrame:
    if not isinstance(facts, pl.DataFrame):
        raise FactsInvalid([f"企业数据应为 polars DataFrame，实为 {type(facts).__name__}"])
    if "uscc" not in facts.columns:
        raise FactsInvalid(["企业数据缺少 uscc（统一社会信用代码）列"])
    extra_bool = [f.column for f in method.scope.flags]
    extra_num = [a.column for a in method.scoring.adjustments]
    extra_num += [s.other_column for s in _surcharges(method) if s.other_column]
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


def _overrides_table(overrides: pl.DataFrame | None, method: Method) -> pl.DataFrame:
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
    suffix = pl.when(code.is_not_null()).then(pl.format("（{}）", code)).otherwise(pl.lit(""))
    text = (
        pl.when(pl.col("kind") == "veto_d")
        .then(pl.format("{}，定为D类{}", reason.fill_null("否决事项"), suffix))
        .when(pl.col("kind") == "exempt_t")
        .then(pl.format("{}，暂不评价（T）{}", reason.fill_null("列入豁免名单"), suffix))
        .otherwise(pl.format("{}，调整为{}类{}", reason.fill_null("人工调整"), pl.col("class"), suffix))
    )
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


def _prior_d_years(history: pl.DataFrame | None, year: int, d_firms: pl.Series) -> pl.DataFrame:
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


def _surcharges(method: Method) -> list[Surcharge]:
    return ([method.electricity] if method.electricity else []) + list(method.local_prices)


# ---------------------------------------------------------------- rule texts


class _Rules:
    """The rules applied to each firm, in the order they are added.

    A rule with a fixed text is one bit of an Int64 mask column (62 bits a column), so a
    firm's rules cost one integer until the end, where each distinct mask (few: they are
    combinations of rules, not firms) is turned into its list of texts once.  A rule whose
    text differs per firm (an override's reason, bonus points, another surcharge's amount)
    has a presence condition over the whole table and a text expression that is evaluated
    only on the few rows where it is present, then spliced in at its place.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.pending: list[tuple[int, pl.Expr]] = []
        self.variables: list[tuple[int, pl.Expr, pl.Expr]] = []  # (fixed texts before it, presence, text)

    def add(self, condition: pl.Expr, text: str) -> None:
        self.pending.append((len(self.texts), condition))
        self.texts.append(text)

    def add_variable(self, presence: pl.Expr, text: pl.Expr) -> None:
        self.variables.append((len(self.texts), presence, text))

    def fold(self, df: pl.DataFrame) -> pl.DataFrame:
        """Evaluate the pending conditions into the mask columns _mask0, _mask1, …

        The conditions are computed by polars as boolean columns (one bit a row); their bits are
        or-ed into the masks by numpy on the rows where they hold, which costs next to nothing
        when a rule applies to few firms."""
        if not self.pending:
            return df
        flags = df.lazy().select(
            condition.fill_null(False).alias(f"_c{n}") for n, (_, condition) in enumerate(self.pending)
        ).collect(engine="in-memory")
        masks: dict[str, np.ndarray] = {}
        for (bit, _), flag in zip(self.pending, flags.iter_columns(), strict=True):
            name = f"_mask{bit // _BITS}"
            if name not in masks:
                known = name in df.columns
                masks[name] = df[name].to_numpy().copy() if known else np.zeros(df.height, np.int64)
            masks[name][flag.to_numpy()] |= np.int64(1 << (bit % _BITS))
        self.pending = []
        return df.with_columns(pl.Series(name, mask) for name, mask in masks.items())

    def masks(self) -> list[str]:
        return [f"_mask{c}" for c in range((len(self.texts) + _BITS - 1) // _BITS)]

    def _text(self, frame: pl.DataFrame, lo: int, hi: int) -> pl.Series:
        """The fixed texts of bits lo…hi−1 that each row has, joined by _SEP (null: none)."""
        parts: list[pl.Series] = []
        for chunk in range(lo // _BITS, (hi - 1) // _BITS + 1 if hi > lo else lo // _BITS):
            a, b = max(lo, chunk * _BITS), min(hi, (chunk + 1) * _BITS)
            bits = ((1 << (b - a)) - 1) << (a - chunk * _BITS)
            column = frame[f"_mask{chunk}"] & bits
            mapping = {
                mask: _SEP.join(self.texts[chunk * _BITS + i] for i in range(_BITS) if mask >> i & 1) or None
                for mask in column.unique().to_list()
            }
            parts.append(column.replace_strict(mapping, return_dtype=pl.String))
        if not parts:
            return _nulls(frame.height, pl.String())
        if len(parts) == 1:
            return parts[0]
        joined = pl.concat_str(pl.all(), separator=_SEP, ignore_nulls=True)
        return pl.DataFrame(parts).select(joined).to_series()

    def column(self, df: pl.DataFrame) -> pl.Series:
        """rules: list[str] per row."""
        df = self.fold(df)
        masks = self.masks()
        df = _add(df, [pl.lit(0, dtype=pl.Int64).alias(m) for m in masks if m not in df.columns])
        if len(masks) <= 1:  # the usual case: each distinct mask → its list of texts, directly
            mask = df["_mask0"] if masks else pl.select(pl.repeat(0, df.height, dtype=pl.Int64)).to_series()
            mapping = {
                m: [t for i, t in enumerate(self.texts) if m >> i & 1] for m in mask.unique().to_list()
            }
            lists = mask.replace_strict(mapping, return_dtype=pl.List(pl.String))
        else:
            joined = self._text(df, 0, len(self.texts))
            lists = pl.select(
                pl.when(pl.lit(joined).is_null()).then(pl.lit([], dtype=pl.List(pl.String)))
                .otherwise(pl.lit(joined).str.split(_SEP))
            ).to_series()
        if not self.variables:
            return lists.alias("rules")
        presence = df.select(
            pl.any_horizontal([p.fill_null(False) for _, p, _ in self.variables]).alias("_has"),
            *(p.fill_null(False).alias(f"_p{n}") for n, (_, p, _) in enumerate(self.variables)),
        )
        has = presence["_has"]
        if not has.any():
            return lists.alias("rules")
        needed = list(dict.fromkeys(c for _, _, t in self.variables for c in t.meta.root_names()))
        sub = df.select(*masks, *needed).filter(has).hstack(presence.drop("_has").filter(has))
        pieces, low = [], 0
        for n, (position, _, text) in enumerate(self.variables):
            pieces.append(self._text(sub, low, position))
            pieces.append(sub.select(pl.when(pl.col(f"_p{n}")).then(text.cast(pl.String))).to_series())
            low = position
        pieces.append(self._text(sub, low, len(self.texts)))
        spliced = pl.DataFrame([p.alias(f"p{i}") for i, p in enumerate(pieces)]).select(
            _i=has.arg_true(),
            _spliced=pl.concat_str(pl.all(), separator=_SEP, ignore_nulls=True).str.split(_SEP),
        )
        return (
            pl.DataFrame({"_lists": lists}).with_row_index("_i")
            .join(spliced, on="_i", how="left", maintain_order="left")
            .select(pl.coalesce("_spliced", "_lists").alias("rules"))
            .to_series()
        )


# ---------------------------------------------------------------- steps


def _nulls(n: int, dtype: pl.DataType) -> pl.Series:
    return pl.select(pl.repeat(None, n, dtype=dtype)).to_series()


def _scope(method: Method, rules: _Rules) -> None:
    """The T rules that keep a firm out of the evaluation (conditions over _g0, the would-be group)."""
    scope = method.scope
    code = pl.col("industry_code")
    group = pl.col("_g0")
    rules.add(pl.col("above_scale").is_null(), "规模属性（规上/规下）缺失，暂不评价（T）")
    slices = {n: code.str.slice(0, n) for n in (2, 3, 4)}

    def prefixed(codes: tuple[str, ...]) -> pl.Expr:
        hits = [slices[n].is_in([c for c in codes if len(c) == n]) for n in (2, 3, 4)
                if any(len(c) == n for c in codes)]
        return pl.any_horizontal(hits).fill_null(False)

    if scope.include or scope.exclusions:
        rules.add(code.is_null(), "行业代码缺失，暂不评价（T）")
    if scope.include:
        rules.add(code.is_not_null() & ~prefixed(scope.include), scope.include_rule)
    for exclusion in scope.exclusions:
        rules.add(prefixed(exclusion.codes), exclusion.rule)
    names = [g.name for g in method.groups]
    for name in GROUP_CODES:
        if name not in names:
            rules.add(group == GROUP_CODES[name], f"本方法不评价{name}企业（T）")
    for g in method.groups:
        if g.min_land_mu is not None:
            land = pl.col("land_mu")
            short = (land.is_null() | (land < g.min_land_mu)) & (group == GROUP_CODES[g.name])
            rules.add(short, f"{g.name}企业用地不足{_num(g.min_land_mu)}亩，不参评（T）")
    if scope.min_age_years:
        young = (method.year - pl.col("founded_year")) < scope.min_age_years
        rules.add(young, f"成立不满{scope.min_age_years}年，暂不评价（T）")
    if scope.no_revenue_t:
        rules.add(pl.col("revenue") <= 0, "营业收入为0（未投产或在建），暂不评价（T）")
    for flag in scope.flags:
        rules.add(pl.col(flag.column), flag.rule)


def _by_group(parts: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """when(group is g1).then(e1).when(group is g2).then(e2) …, null for other rows."""
    expr = pl.when(pl.col("_g") == GROUP_CODES[parts[0][0]]).then(parts[0][1])
    for group, part in parts[1:]:
        expr = expr.when(pl.col("_g") == GROUP_CODES[group]).then(part)
    return expr


def _benchmark(spec: Indicator) -> pl.Expr:
    """The benchmark of one indicator as specified for one group (windows over _bunit)."""
    v = pl.col(f"value_{spec.key}")
    b = spec.benchmark
    if spec.scoring == "minmax":
        return v.max().over("_bunit") if spec.direction == "positive" else v.min().over("_bunit")
    if b.mode == "fixed":
        return pl.lit(b.value, dtype=pl.Float64)
    if b.mode == "mean":
        return v.mean().over("_bunit") * b.k
    if b.mode == "max":
        return v.max().over("_bunit") * b.k
    if b.mode == "aggregate":
        numerator, denominator = _ratio_parts(spec.formula)
        present = v.is_not_null()
        total = pl.when(present).then(denominator).sum().over("_bunit")
        return pl.when(total > 0).then(pl.when(present).then(numerator).sum().over("_bunit") / total * b.k)
    by_industry = ["_bunit", f"_ind{b.industry_digits}"]  # industry_mean
    return (
        pl.when(v.count().over(by_industry) >= b.min_firms)
        .then(v.mean().over(by_industry))
        .otherwise(v.mean().over("_bunit"))
        * b.k
    )


def _scored(spec: Indicator, decimals: int | None) -> pl.Expr:
    """The sub-score of a firm with a value (null: no value or no valid benchmark)."""
    v = pl.col(f"value_{spec.key}")
    benchmark = pl.col(f"benchmark_{spec.key}")
    if spec.scoring == "minmax":
        lo, hi = v.min().over("_bunit"), v.max().over("_bunit")
        gain = (v - lo) if spec.direction == "positive" else (hi - v)
        fraction = pl.when(hi > lo).then(gain / (hi - lo)).otherwise(pl.lit(1.0))
        return _round(spec.weight * (20.0 + 80.0 * fraction) / 100.0, decimals)
    ratio = v / benchmark
    if spec.direction == "negative":
        ratio = (2.0 - ratio).clip(lower_bound=0.0)
    if spec.floor is not None:
        ratio = ratio.clip(lower_bound=spec.floor)
    if spec.cap is not None:
        ratio = ratio.clip(upper_bound=spec.cap)
    return _round(pl.when(benchmark > 0).then(ratio * spec.weight), decimals)


def _score(spec: Indicator, decimals: int | None) -> pl.Expr:
    """The sub-score with the missing-data rule applied (reads _scored_<key>)."""
    scored = pl.col(f"_scored_{spec.key}")
    if spec.missing.rule == "group_mean_score":
        fill = _round(scored.mean().over("_bunit"), decimals).fill_null(0.0)
    elif spec.missing.rule == "penalty":
        fill = pl.lit(-spec.missing.penalty)
    else:
        fill = pl.lit(0.0)
    return pl.when(pl.col(f"value_{spec.key}").is_null()).then(fill).otherwise(scored.fill_null(0.0))


def _indicator_rules(spec: Indicator, group: str, rules: _Rules) -> None:
    v = pl.col(f"value_{spec.key}")
    mine = pl.col("_g") == GROUP_CODES[group]
    if spec.missing.rule == "group_mean_score":
        text = f"{spec.name}数据缺失，按组平均分计"
    elif spec.missing.rule == "penalty":
        text = f"{spec.name}数据缺失，扣{_num(spec.missing.penalty)}分"
    else:
        text = f"{spec.name}数据缺失，计0分"
    rules.add(mine & v.is_null(), text)
    if spec.scoring == "ratio" and not (spec.benchmark.mode == "fixed"):
        invalid = ~(pl.col(f"benchmark_{spec.key}") > 0).fill_null(False)
        rules.add(mine & v.is_not_null() & invalid, f"{spec.name}无有效基准值，计0分")


def _rank(df: pl.DataFrame, method: Method) -> pl.DataFrame:
    """_rank (unique: total, then the tie-break keys, then uscc), _tie_rank (best rank of the firms with
    the same total) and _rank_of (firms in the unit), null for firms not ranked; input order."""
    c = method.classification
    # one ascending key: −total, then each tie-break key (negated when descending; missing values
    # last), then uscc, which is unique, so the ordinal rank is the rank the method defines
    fields: list[pl.Expr] = [(-pl.col("total") + 0.0).alias("f0")]  # + 0.0: −0.0 → 0.0
    for n, tie in enumerate(c.tie_break[:-1], start=1):
        column = pl.col("total" if tie.key == "total" else f"value_{tie.key}")
        column = (-column + 0.0) if tie.order == "desc" else column
        fields.append(column.fill_null(math.inf).alias(f"f{n}"))
    fields.append(pl.col("uscc").alias(f"f{len(fields)}"))
    key = pl.struct(fields)
    mask = df["_runit"].is_not_null()
    columns = {"_rank": _nulls(df.height, pl.Int64()), "_tie_rank": _nulls(df.height, pl.Int64()),
               "_rank_of": _nulls(df.height, pl.Int64())}
    if not mask.any():
        return pl.DataFrame(columns)
    # (a filter with a mask is much faster than a gather with indices)
    needed = list(dict.fromkeys(["_runit", *key.meta.root_names()]))
    ranks = df.select(needed).filter(mask).select(
        _rank=key.rank("ordinal").over("_runit").cast(pl.Int64),
        _tie_rank=pl.col("total").rank("min", descending=True).over("_runit").cast(pl.Int64),
        _rank_of=pl.len().over("_runit").cast(pl.Int64),
    )
    rows = mask.arg_true()
    return pl.DataFrame({name: column.scatter(rows, ranks[name]) for name, column in columns.items()})


def _share_class(rank: pl.Expr, method: Method) -> pl.Expr:
    """Class from the rank in a unit of _rank_of firms: cumulative counts rounded as the method says."""
    c = method.classification
    n = pl.col("_rank_of").cast(pl.Float64)
    cumulative = 0.0
    expr = None
    for cls, share in c.shares[:3]:
        cumulative += share
        x = n * (cumulative / 100.0)
        if c.count_rounding == "round":
            cut = (x + 0.5 + _EPS).floor()
        elif c.count_rounding == "floor":
            cut = (x + _EPS).floor()
        else:
            cut = (x - _EPS).ceil()
        expr = (pl.when(rank <= cut) if expr is None else expr.when(rank <= cut)).then(_cls(cls))
    assert expr is not None  # noqa: S101 - three shares always
    return pl.when(rank.is_not_null()).then(expr.otherwise(_cls("D")))


def _threshold_class(method: Method) -> pl.Expr:
    expr = None
    for cls, low in method.classification.thresholds:
        cond = pl.col("total") >= low
        expr = (pl.when(cond) if expr is None else expr.when(cond)).then(_cls(cls))
    assert expr is not None  # noqa: S101 - three thresholds always
    return pl.when(pl.col("total").is_not_null()).then(expr.otherwise(_cls("D")))


def _cls(name: str) -> pl.Expr:
    return pl.lit(name, dtype=CLASS_DTYPE)


def _surcharge(s: Surcharge, rules: _Rules) -> list[pl.Expr]:
    """_tier_<key> (0: none; k: the k-th amount applies), surcharge_<key> (the highest applicable
    surcharge) and, with another surcharge column, whether a note on it is due."""
    cls = pl.col("class")
    applies = cls.is_in(list(s.classes))
    if s.regions:
        applies = applies & pl.col("region").is_in(list(s.regions))
    amounts = s.by_consecutive_years
    last = len(amounts)
    years = pl.when(cls == "D").then(pl.col("d_years")).otherwise(pl.lit(1, dtype=pl.Int64))
    tier = pl.when(applies).then(years.clip(1, last)).otherwise(0).cast(pl.Int8)
    own = tier.replace_strict({0: 0.0, **{k + 1: a for k, a in enumerate(amounts)}}, return_dtype=pl.Float64)
    source = f"（{s.source}）" if s.source else ""
    for k in range(1, last + 1):
        if amounts[k - 1] <= 0:
            continue
        if k == 1:
            lead = "列入" if last == 1 else "首年列入"
        else:
            lead = f"连续{k}年及以上列入" if k == last else f"连续{k}年列入"
        hit = pl.col(f"_tier_{s.key}") == k
        for x in s.classes:
            condition = hit if len(s.classes) == 1 else hit & (cls == x)
            rules.add(condition, f"{lead}{x}类，{s.name}{_num(amounts[k - 1])}{s.unit}{source}")
    columns = [tier.alias(f"_tier_{s.key}")]
    if not s.other_column:
        return [*columns, own.alias(f"surcharge_{s.key}")]
    other = pl.col(s.other_column).fill_null(0.0)
    rules.add_variable(
        (other > 0) & (pl.col(f"_tier_{s.key}") > 0),
        pl.concat_str(
            pl.lit("另执行差别电价、惩罚性电价或阶梯电价等加价"), other.cast(pl.String),
            pl.lit(f"{s.unit}，按最高标准"), pl.col(f"surcharge_{s.key}").cast(pl.String),
            pl.lit(f"{s.unit}执行，不重复加价"),
        ),
    )
    return [*columns, pl.max_horizontal(own, other).cast(pl.Float64).alias(f"surcharge_{s.key}")]


def _most_room(df: pl.DataFrame, specs: dict[str, list[tuple[str, Indicator]]]) -> pl.DataFrame:
    """_pick (the indicator with the most room: weight − score, the first in method order on a tie;
    null when none has room) and _bench (its benchmark), per firm."""
    keys = list(specs)
    work = df.select(
        *((_by_group([(g, pl.lit(spec.weight)) for g, spec in specs[key]]) - pl.col(f"score_{key}"))
          .alias(f"_room{n}") for n, key in enumerate(keys)),
        *(pl.col(f"benchmark_{key}").alias(f"_b{n}") for n, key in enumerate(keys)),
    )
    work = work.with_columns(_best=pl.max_horizontal(pl.col(f"_room{n}") for n in range(len(keys))))
    work = work.with_columns(
        _pick=pl.when(pl.col("_best") > 0).then(
            pl.min_horizontal(
                pl.when(pl.col(f"_room{n}") == pl.col("_best")).then(n) for n in range(len(keys))
            )
        )
    )
    bench = pl.lit(None, dtype=pl.Float64)
    for n in range(len(keys)):
        bench = pl.when(pl.col("_pick") == n).then(pl.col(f"_b{n}")).otherwise(bench)
    return work.select("_pick", _bench=bench)


def _lift(df: pl.DataFrame, method: Method, specs: dict[str, list[tuple[str, Indicator]]],
          room: pl.DataFrame) -> pl.DataFrame:
    """lift (a Chinese sentence: the total needed for the next class and the indicator with the most
    room) and lift_gap (points short of that class's cut-off), per firm.

    The sentence depends only on the ranking unit, the class, the indicator and its benchmark, so
    the few distinct sentences are built on a small table and joined back (no string work per firm)."""
    c = method.classification
    cls = pl.col("_score_class")
    better = {"B": "A", "C": "B", "D": "C"}
    texts = ["暂不评价（T），不测算升级条件", "因否决事项定为D类，须先消除否决事项"]
    texts += [f"经人工调整为{x}类，升级以复核结论为准" for x in CLASSES]
    texts += ["已为A类（最高类别）"]
    texts += [f"所在排名单元暂无{target}类企业，无法测算分数线" for target in better.values()]
    code = pl.when(~pl.col("evaluated")).then(0).when(pl.col("_veto")).then(1)
    for n, x in enumerate(CLASSES):
        code = code.when(pl.col("_force") == x).then(2 + n)
    code = code.when(cls == "A").then(6)
    for n, x in enumerate(better):
        code = code.when(cls == x).then(7 + n)
    explained = pl.col("evaluated") & ~pl.col("_veto") & pl.col("_force").is_null()
    target = pl.lit(None, dtype=CLASS_DTYPE)
    for x, up in better.items():
        target = pl.when(explained & (cls == x)).then(_cls(up)).otherwise(target)
    keys = list(specs)
    work = df.select(
        "_runit", "_g", "total", code.cast(pl.Int64).alias("_code"), target.alias("_target")
    ).hstack(room)
    work = work.with_columns(
        pl.when(pl.col("_target").is_not_null()).then(pl.col(c)).alias(c) for c in ("_pick", "_bench")
    )
    # the cut-off: the lowest total of the next class in the unit (or the method's threshold)
    if c.by == "rank_share":
        reach = "不低于" if c.ties == "better_class" else "高于（或同分且并列排序靠前）"
        cuts = (
            df.select("_runit", "_score_class", "total").filter(pl.col("_score_class").is_not_null())
            .group_by("_runit", "_score_class").agg(_cut=pl.col("total").min())
            .rename({"_score_class": "_target"})
        )
        on = ["_runit", "_target"]
    else:
        reach = "不低于"
        cuts = pl.DataFrame(
            {"_target": [x for x, _ in c.thresholds], "_cut": [low for _, low in c.thresholds]},
            schema={"_target": CLASS_DTYPE, "_cut": pl.Float64},
        )
        on = ["_target"]
    names = {n: specs[k][0][1].name for n, k in enumerate(keys)}
    weights = {(n, GROUP_CODES[g]): _num(spec.weight) for n, k in enumerate(keys) for g, spec in specs[k]}
    combos = (
        work.filter(pl.col("_target").is_not_null())
        .select("_runit", "_g", "_target", "_pick", "_bench").unique()
        .join(cuts, on=on, how="left")
        .filter(pl.col("_cut").is_not_null())
        .with_row_index("_sid", offset=len(texts))
        .with_columns(_sentence=pl.concat_str(
            pl.format("升至{}类需总分" + reach + "{}分；", pl.col("_target"), pl.col("_cut").round(2)),
            pl.when(pl.col("_pick").is_null()).then(pl.lit("各项指标得分均已达到权重")).otherwise(pl.format(
                "{}提升空间最大（基准{}，权重{}）",
                pl.col("_pick").replace_strict(names, default=None, return_dtype=pl.String),
                pl.col("_bench").round(4).cast(pl.String).fill_null("无"),
                pl.struct("_pick", "_g").replace_strict(
                    [{"_pick": n, "_g": g} for n, g in weights], list(weights.values()), default=None,
                    return_dtype=pl.String,
                ),
            )),
        ))
    )
    # every firm gets a text id (a fixed case, or its sentence) and the texts are looked up once
    joined = work.join(
        combos.select("_runit", "_target", "_pick", "_bench", "_sid", "_cut"),
        on=["_runit", "_target", "_pick", "_bench"], how="left", maintain_order="left", nulls_equal=True,
    )
    sentences = dict(zip(combos["_sid"].to_list(), combos["_sentence"].to_list(), strict=True))
    lookup = dict(enumerate(texts)) | sentences
    return joined.select(
        lift=pl.coalesce(pl.col("_sid").cast(pl.Int64), "_code").replace_strict(
            lookup, default=None, return_dtype=pl.String
        ),
        lift_gap=_round(pl.col("_cut") - pl.col("total"), 2).clip(lower_bound=0.0),
    )


# ---------------------------------------------------------------- evaluate


def evaluate(
    facts: pl.DataFrame,
    method: Method,
    *,
    history: pl.DataFrame | None = None,
    overrides: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Evaluate every firm of `facts` (one row each, the method's year) under `method`.

    Returns one row per input firm, in input order: uscc, name, region, industry_code,
    group, evaluated, value_<key>, benchmark_<key>, score_<key> (every indicator of any
    group), adj_<key> (bonus/deduction items), total, rank, rank_of, class, class_name,
    policy, rules, d_years, surcharge_kwh, surcharge_<key> (local prices), lift, lift_gap.
    Raises FactsInvalid for unusable input tables.
    """
    if not isinstance(method, Method):
        got = type(method).__name__
        raise MethodInvalid([f"method 应为已解析的评价方法（parse_method 的结果），实为 {got}"])
    # a second worker runs independent, mostly single-threaded parts (the "most room" columns, the
    # rule lists) beside the main sequence; polars releases the GIL
    with ThreadPoolExecutor(max_workers=2) as pool:
        return _evaluate(facts, method, history, overrides, pool)


def _evaluate(
    facts: pl.DataFrame,
    method: Method,
    history: pl.DataFrame | None,
    overrides: pl.DataFrame | None,
    pool: ThreadPoolExecutor,
) -> pl.DataFrame:
    df = _prepare_facts(facts, method)
    keys = method.indicator_keys()
    specs: dict[str, list[tuple[str, Indicator]]] = {}
    for group in method.groups:
        for spec in group.indicators:
            specs.setdefault(spec.key, []).append((group.name, spec))
    rules = _Rules()
    decimals = method.scoring.round_scores
    c = method.classification

    # 1. overrides, scope and group (joined on the key column only: a join over the wide frame
    #    would copy every column)
    table = _overrides_table(overrides, method)
    df = df.hstack(
        df.select("uscc").join(table.select("uscc", "_ov", "_flags", "_force"), on="uscc", how="left",
                               maintain_order="left").drop("uscc")
    )
    industry_digits = sorted({spec.benchmark.industry_digits for parts in specs.values() for _, spec in parts
                              if spec.scoring == "ratio" and spec.benchmark.mode == "industry_mean"})
    df = _add(
        df,
        pl.when(pl.col("above_scale")).then(pl.lit(0, pl.Int8))
        .when(pl.col("above_scale").not_()).then(pl.lit(1, pl.Int8)).alias("_g0"),
        ((pl.col("_flags").fill_null(0) & 1) > 0).alias("_exempt"),
        *(pl.col("industry_code").str.slice(0, n).alias(f"_ind{n}") for n in industry_digits),
    )
    _scope(method, rules)
    df = rules.fold(df)
    rules.add_variable(pl.col("_exempt"), _ov_text(table, "_exempt_text"))
    out_of_scope = pl.any_horizontal([pl.col(m) != 0 for m in rules.masks()])
    df = _add(df, evaluated=pl.col("_g0").is_not_null() & ~out_of_scope & ~pl.col("_exempt"))
    veto = ((pl.col("_flags").fill_null(0) & 2) > 0) & pl.col("evaluated")
    region = pl.col("region").cast(pl.Categorical).to_physical().cast(pl.Int64).fill_null(-1)
    units = {"group": pl.lit(0, pl.Int64), "group_region": region}
    df = _add(
        df,
        _g=pl.when(pl.col("evaluated")).then(pl.col("_g0")),
        _veto=veto,
        _force=pl.when(pl.col("evaluated") & ~veto).then(pl.col("_force")),
        _bunit=pl.when(pl.col("evaluated"))
        .then(pl.col("_g0").cast(pl.Int64) * (1 << 32) + units[method.scoring.benchmark_within]),
        _runit=pl.when(pl.col("evaluated") & (pl.lit(method.overrides.vetoed_in_ranking) | ~veto))
        .then(pl.col("_g0").cast(pl.Int64) * (1 << 32) + units[c.rank_within]),
    )

    # 2. indicator values
    if keys:
        df = _add(df, [
            _by_group([(g, _formula(spec.formula)) for g, spec in specs[key]])
            .cast(pl.Float64).alias(f"value_{key}")
            for key in keys
        ])

    # 3. benchmarks, sub-scores, missing data, bonus and deduction items
    if keys:
        df = _add(df, [
            _by_group([(g, _benchmark(spec)) for g, spec in specs[key]])
            .cast(pl.Float64).alias(f"benchmark_{key}")
            for key in keys
        ])
        df = _add(df, [
            _by_group([(g, _scored(spec, decimals)) for g, spec in specs[key]]).cast(pl.Float64)
            .alias(f"_scored_{key}")
            for key in keys
        ])
        df = _add(df, [
            _by_group([(g, _score(spec, decimals)) for g, spec in specs[key]])
            .cast(pl.Float64).alias(f"score_{key}")
            for key in keys
        ]).drop(f"_scored_{key}" for key in keys)
    for key in keys:
        for g, spec in specs[key]:
            _indicator_rules(spec, g, rules)
    for adj in method.scoring.adjustments:
        points = pl.col(adj.column).fill_null(0.0).clip(lower_bound=0.0)
        if adj.max is not None:
            points = points.clip(upper_bound=adj.max)
        points = pl.when(pl.col("_g").is_in([GROUP_CODES[g] for g in adj.groups])).then(points)
        df = _add(df, points.cast(pl.Float64).alias(f"adj_{adj.key}"))
        verb = "加" if adj.kind == "bonus" else "减"
        column = pl.col(f"adj_{adj.key}")
        rules.add_variable(column > 0, pl.concat_str(pl.lit(adj.name + verb), column.round(2).cast(pl.String),
                                                     pl.lit("分")))

    if keys:
        room_job = pool.submit(
            _most_room, df.select("_g", *(f"{p}_{k}" for k in keys for p in ("score", "benchmark"))), specs
        )

    # 4. total
    parts = [pl.col(f"score_{key}").fill_null(0.0) for key in keys]
    for adj in method.scoring.adjustments:
        sign = 1.0 if adj.kind == "bonus" else -1.0
        parts.append(sign * pl.col(f"adj_{adj.key}").fill_null(0.0))
    total = _round(pl.sum_horizontal(parts), method.scoring.round_total) if parts else pl.lit(0.0)
    df = _add(df, total=pl.when(pl.col("evaluated")).then(total.cast(pl.Float64)))

    # 5. rank
    df = df.hstack(_rank(df, method))

    # 6. class and overrides
    if c.by == "rank_share":
        used = pl.col("_tie_rank") if c.ties == "better_class" else pl.col("_rank")
        df = _add(df, _score_class=_share_class(used, method))
        if c.ties == "better_class":
            df = _add(
                df,
                _moved=pl.when(pl.col("_score_class").ne_missing(_share_class(pl.col("_rank"), method)))
                .then(pl.col("_score_class")),
            )
            for cls in CLASSES[:3]:
                rules.add(pl.col("_moved") == cls, f"与同分企业并列，按较优类别计（{cls}类）")
    else:
        df = _add(df, _score_class=_threshold_class(method))
    rules.add_variable(pl.col("_veto"), _ov_text(table, "_veto_text"))
    rules.add_variable(pl.col("_force").is_not_null(), _ov_text(table, "_force_text"))
    df = _add(
        df,
        pl.when(~pl.col("evaluated")).then(_cls("T"))
        .when(pl.col("_veto")).then(_cls("D"))
        .when(pl.col("_force").is_not_null()).then(pl.col("_force"))
        .otherwise(pl.col("_score_class"))
        .alias("class"),
    )

    # 7. consecutive years in D, differentiated prices
    is_d = df["class"] == "D"
    d_years = pl.select(pl.repeat(0, df.height, dtype=pl.Int64)).to_series()
    prior = _prior_d_years(history, method.year, df["uscc"].filter(is_d))
    if prior.height:
        runs = df["uscc"].filter(is_d).to_frame().join(prior, on="uscc", how="left", maintain_order="left")
        d_years = d_years.scatter(is_d.arg_true(), 1 + runs["_prior_d"].fill_null(0))
    else:
        d_years = d_years.scatter(is_d.arg_true(), 1)
    df = df.with_columns(d_years=d_years)
    prices: list[pl.Expr] = []
    for s in _surcharges(method):
        prices.extend(_surcharge(s, rules))
    if method.electricity is None:
        prices.append(pl.lit(0.0).alias("surcharge_kwh"))
    df = _add(df, [p for p in prices if p.meta.output_name().startswith("_tier_")])
    df = _add(df, [p for p in prices if not p.meta.output_name().startswith("_tier_")])

    # 8. rules, class names, lift (the rule lists are built beside the lift sentences)
    policies = dict(c.policies)
    rules_job = pool.submit(rules.column, df)
    lift = _lift(df, method, specs, room_job.result()) if keys else pl.DataFrame(
        {"lift": _nulls(df.height, pl.String()), "lift_gap": _nulls(df.height, pl.Float64())}
    )
    rule_lists = rules_job.result()
    cls = pl.col("class")
    return df.hstack(lift).with_columns(rule_lists).select(
        "uscc", "name", "region", "industry_code",
        pl.col("_g").replace_strict({v: k for k, v in GROUP_CODES.items()}, default=None,
                                    return_dtype=pl.String).alias("group"),
        "evaluated",
        *(f"value_{k}" for k in keys),
        *(f"benchmark_{k}" for k in keys),
        *(f"score_{k}" for k in keys),
        *(f"adj_{a.key}" for a in method.scoring.adjustments),
        "total",
        pl.col("_rank").alias("rank"),
        pl.col("_rank_of").alias("rank_of"),
        cls.cast(pl.String).alias("class"),
        cls.replace_strict(dict(c.names), default=None, return_dtype=pl.String).alias("class_name"),
        cls.replace_strict(policies, default=None, return_dtype=pl.String).alias("policy")
        if policies else pl.lit(None, dtype=pl.String).alias("policy"),
        "rules", "d_years",
        "surcharge_kwh",
        *(f"surcharge_{s.key}" for s in method.local_prices),
        "lift", "lift_gap",
    )


def _ov_text(table: pl.DataFrame, column: str) -> pl.Expr:
    """An override's rule text, looked up by the firm's row in the overrides table."""
    if not table.height:
        return pl.lit(None, dtype=pl.String)
    return pl.col("_ov").replace_strict(table["_ov"], table[column], default=None, return_dtype=pl.String)
