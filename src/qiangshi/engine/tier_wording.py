"""Tier results in words, for the rows a user sees (a firm's card, a candidate list, an export).

``describe(result, firms, honours, rules, as_of)`` adds to rows of ``tiers.assess``:

  tier_name, document, verified, note, status, failed, missing, manual, gaps, conditions, items,
  route

``status`` is 已符合 / 不符合 / 数据不全 / 待人工核验; ``failed``, ``missing`` and ``manual`` are
condition labels; ``gaps`` restate each failed test in the firm's own figures ("研发费用占营业
收入比重 2.1%，需达到 3%，差 0.9 个百分点 ≈ 研发费用再增加 126 万元"); ``conditions`` is every
condition with its state; ``items`` every score item with its points (null while unknown) and
whether an analyst entered them;
``route`` the direct route (直通条件) that decided the score condition, if one holds. A failed
score condition is restated part by part: the total, each group minimum and each required item
that cannot be met, each with its own (never negative) gap.
"""

from __future__ import annotations

import datetime

import polars as pl

from qiangshi.engine.exact import exact
from qiangshi.engine.tier_rules import Item, TierRule
from qiangshi.engine.tiers import (
    RuleTests,
    all_metrics,
    bit_set,
    entered,
    group_sums,
    item_range,
    prepared,
    required_items,
    route_labels,
    score_bit,
    shortfall,
)

_LABEL_SCHEMA = {"tier": pl.String, "version": pl.String, "bit": pl.Int64, "label": pl.String,
                 "kind": pl.String, "manual": pl.Boolean}


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(expr: pl.Expr, decimals: int = 2) -> pl.Expr:
    """A number as short text: rounded, without a trailing ".0"."""
    return expr.round(decimals).cast(pl.String).str.strip_suffix(".0")


def rule_table(rules: list[TierRule]) -> pl.DataFrame:
    return pl.DataFrame([(r.tier, r.version, r.name, r.document, r.verified, r.note) for r in rules],
                        orient="row", schema={"tier": pl.String, "version": pl.String,
                                              "tier_name": pl.String, "document": pl.String,
                                              "verified": pl.Boolean, "note": pl.String})


def _item_label(item: Item) -> str:
    note = item.boundary_note()
    return f"{item.label}（{note}）" if note else item.label


def label_table(rules: list[TierRule]) -> pl.DataFrame:
    """Every condition, the score, each score item and each manual direct route of the rules,
    with its bit in failed_bits/missing_bits (-1 for routes, which have none)."""
    rows = []
    for r in rules:
        rows += [(r.tier, r.version, bit, c.label + ("（⚠ 口径待核实）" if c.unverified else ""),
                  "condition", c.manual) for bit, c in enumerate(r.conditions)]
        if r.score:
            label = f"评价得分达到 {_number(r.score.pass_at)} 分" + ("（或满足直通条件）" if r.direct else "")
            rows.append((r.tier, r.version, score_bit(r), label, "score", False))
            rows += [(r.tier, r.version, score_bit(r) + 1 + k,
                      f"评分项：{_item_label(i)}" + ("（需人工评分）" if i.manual else ""), "item", i.manual)
                     for k, i in enumerate(r.score.items)]
            rows += [(r.tier, r.version, -1, f"直通条件：{d.label}（平台无此数据，需人工核验）", "route",
                      True) for d in r.direct if d.manual]
    return pl.DataFrame(rows, orient="row", schema=_LABEL_SCHEMA)


def _entered_items(frame: pl.DataFrame, rules: list[TierRule]) -> pl.DataFrame:
    """(uscc, tier, version, bit) of every score item entered for a firm of `frame`."""
    parts = [frame.filter(entered(r.tier, item).is_not_null()).select(
        "uscc", pl.lit(r.tier).alias("tier"), pl.lit(r.version).alias("version"),
        pl.lit(score_bit(r) + 1 + k, pl.Int64).alias("bit"), pl.lit(True).alias("entered"))
        for r in rules if r.score for k, item in enumerate(r.score.items)]
    schema = {"uscc": pl.String, "tier": pl.String, "version": pl.String, "bit": pl.Int64,
              "entered": pl.Boolean}
    return pl.concat(parts).cast(schema) if parts else pl.DataFrame(schema=schema)


def _label_lists(numbered: pl.DataFrame, frame: pl.DataFrame, rules: list[TierRule]) -> pl.DataFrame:
    rows = numbered.select("_row", "uscc", "tier", "version", "failed_bits", "missing_bits", "score_passed")
    joined = (rows.join(label_table(rules), on=["tier", "version"])
              .join(_entered_items(frame, rules), on=["uscc", "tier", "version", "bit"], how="left"))
    kind, manual = pl.col("kind"), pl.col("manual") & pl.col("entered").is_null()
    failed = bit_set(pl.col("failed_bits"), pl.col("bit")) & kind.is_in(["condition", "score"])
    missing = bit_set(pl.col("missing_bits"), pl.col("bit")) & kind.is_in(["condition", "item"])
    undecided = pl.col("score_passed").is_null()
    manual_now = (((kind == "condition") & manual) | ((kind == "item") & manual & undecided)
                  | ((kind == "route") & (pl.col("score_passed") != True).fill_null(True)))  # noqa: E712
    state = (pl.when(failed).then(pl.lit("unmet")).when(missing).then(pl.lit("missing"))
             .when(manual).then(pl.lit("manual")).otherwise(pl.lit("met")))
    return joined.group_by("_row").agg(
        pl.col("label").filter(failed).alias("failed"),
        pl.col("label").filter(missing).alias("missing"),
        pl.col("label").filter(manual_now).alias("manual"),
        pl.struct(pl.col("label"), state.alias("state")).filter(kind.is_in(["condition", "score"]))
        .alias("conditions"),
    )


def _gap_numbers(frame: pl.DataFrame, rules: list[TierRule], as_of: datetime.date) -> pl.DataFrame:
    """Every numeric test's value, shortfall and restated amount for every firm of `frame`,
    with the words around them: one row per firm, rule and test."""
    known = all_metrics(as_of)
    parts = []
    for rule in rules:
        for test, t in RuleTests(rule).number.items():
            metric = known[test.metric]
            if test.op == "true":
                parts.append(frame.select("uscc", pl.lit(rule.tier).alias("tier"),
                                          pl.lit(rule.version).alias("version"), pl.lit(t).alias("t"),
                                          pl.lit(f"{metric.label}：不满足").alias("text")))
                continue
            unit, upward = metric.unit, test.op in (">=", ">")
            space = "" if unit in ("%", "") else " "
            need = {">=": "需达到", ">": "需高于", "<=": "需不高于", "<": "需低于"}[test.op]
            word = "差" if upward else "超出"
            text = pl.concat_str(
                pl.lit(f"{metric.label} "), _text(pl.col(f"m__{test.metric}")),
                pl.lit(f"{space}{unit}，{need} {_number(test.value)}{space}{unit}，{word} "),
                _text(shortfall(test)), pl.lit(" 个百分点" if unit == "%" else f"{space}{unit}"))
            if metric.numerator and upward:
                # Restate a share in the numerator's own unit: threshold × denominator − numerator.
                extra = pl.lit(test.value) / 100 * pl.col(metric.denominator) - pl.col(metric.numerator)
                people = metric.numerator.startswith(("rd_staff", "tech_staff", "employees"))
                amount = _text(extra.ceil() if people else extra, 0)
                text = pl.concat_str(text, pl.lit(f" ≈ {metric.numerator_label}再增加 "), amount,
                                     pl.lit(" 人" if people else " 万元"))
            parts.append(frame.select("uscc", pl.lit(rule.tier).alias("tier"),
                                      pl.lit(rule.version).alias("version"), pl.lit(t).alias("t"),
                                      text.alias("text")))
    schema = {"uscc": pl.String, "tier": pl.String, "version": pl.String, "t": pl.Int32, "text": pl.String}
    return pl.concat([p.cast(schema) for p in parts]) if parts else pl.DataFrame(schema=schema)


def _points_short(name: str, low: pl.Expr, high: pl.Expr, need: float) -> pl.Expr:
    """"创新能力得分 5 分，需达到 20 分，差 15 分" where even the best case (`high`) misses
    `need`; null otherwise, so a gap is never negative."""
    return pl.when(high < need).then(pl.concat_str(
        pl.lit(name), pl.when(low == high).then(pl.lit(" ")).otherwise(pl.lit("至多 ")), _text(high),
        pl.lit(f" 分，需达到 {_number(need)} 分，差 "), _text(pl.lit(need) - high), pl.lit(" 分")))


def _score_gaps(numbered: pl.DataFrame, frame: pl.DataFrame, rules: list[TierRule]) -> pl.DataFrame:
    """For rows whose score condition failed, each part of it that fails in its own words: the
    total against the pass mark, each group against its minimum, each required item at 0."""
    parts = []
    for rule in (r for r in rules if r.score):
        score = rule.score
        ranges = [item_range(item, rule.tier) for item in score.items]
        lows, highs = [low for low, _ in ranges], [high for _, high in ranges]
        texts = [_points_short("评价得分", exact(pl.sum_horizontal(lows)), exact(pl.sum_horizontal(highs)),
                               score.pass_at)]
        texts += [_points_short(f"{group}得分", low, high, minimum) for (group, minimum, low), (_, _, high)
                  in zip(group_sums(score, lows), group_sums(score, highs), strict=True)]
        texts += [pl.when(highs[k] == 0).then(pl.lit(f"评分项“{score.items[k].label}”得 0 分，此项须得分"))
                  for k in required_items(score)]
        parts += [frame.select("uscc", pl.lit(rule.tier).alias("tier"), pl.lit(rule.version).alias("version"),
                               pl.lit(score_bit(rule)).alias("bit"), pl.lit(1_000 + j, pl.Int32).alias("t"),
                               text.alias("text"))
                  for j, text in enumerate(texts)]
    if not parts:
        return pl.DataFrame(schema={"_row": pl.UInt32, "t": pl.Int32, "text": pl.String})
    return (numbered.select("_row", "uscc", "tier", "version", "failed_bits")
            .join(pl.concat(parts).filter(pl.col("text").is_not_null()), on=["uscc", "tier", "version"])
            .filter(bit_set(pl.col("failed_bits"), pl.col("bit")))
            .select("_row", "t", "text"))


def _routes(numbered: pl.DataFrame, frame: pl.DataFrame, rules: list[TierRule]) -> pl.DataFrame:
    """The first direct route (in the rule's order) each firm meets: the route that decided its
    score condition."""
    parts = []
    for rule in rules:
        routes = route_labels(rule)
        if not routes:
            continue
        tests = RuleTests(rule)
        route = pl.lit(None, pl.String)
        for label, branches in reversed(routes):
            met = tests.branches_state(branches).fill_null(False)
            route = pl.when(met).then(pl.lit(label)).otherwise(route)
        parts.append(frame.with_columns(tests.columns()).select(
            "uscc", pl.lit(rule.tier).alias("tier"), pl.lit(rule.version).alias("version"),
            route.alias("route")))
    schema = {"uscc": pl.String, "tier": pl.String, "version": pl.String, "route": pl.String}
    routes = pl.concat([p.cast(schema) for p in parts]) if parts else pl.DataFrame(schema=schema)
    return (numbered.select("_row", "uscc", "tier", "version").join(routes, on=["uscc", "tier", "version"])
            .select("_row", "route"))


def _gap_lists(numbered: pl.DataFrame, frame: pl.DataFrame, rules: list[TierRule],
               as_of: datetime.date) -> pl.DataFrame:
    numbers = _gap_numbers(frame, rules, as_of)
    tests = (numbered.select("_row", "uscc", "tier", "version", "gap_bits")
             .join(numbers, on=["uscc", "tier", "version"])
             .filter(bit_set(pl.col("gap_bits"), pl.col("t")))
             .select("_row", "t", "text"))
    scores = _score_gaps(numbered, frame, rules)
    return pl.concat([tests, scores]).sort("_row", "t").group_by("_row", maintain_order=True).agg(
        pl.col("text").alias("gaps"))


def _item_lists(numbered: pl.DataFrame, frame: pl.DataFrame, rules: list[TierRule]) -> pl.DataFrame:
    parts = []
    for rule in (r for r in rules if r.score):
        for k, item in enumerate(rule.score.items):
            low, high = item_range(item, rule.tier)
            parts.append(frame.select(
                "uscc", pl.lit(rule.tier).alias("tier"), pl.lit(rule.version).alias("version"),
                pl.lit(k).alias("k"), pl.lit(_item_label(item)).alias("label"),
                pl.lit(item.group).alias("group"),
                pl.lit(item.max).alias("max"), pl.when(low == high).then(low).alias("points"),
                pl.lit(item.manual).alias("manual"), entered(rule.tier, item).is_not_null().alias("entered")))
    if not parts:
        return pl.DataFrame(schema={"_row": pl.UInt32, "items": pl.List(pl.Struct({"label": pl.String}))})
    items = pl.concat(parts)
    return (numbered.select("_row", "uscc", "tier", "version").join(items, on=["uscc", "tier", "version"])
            .sort("_row", "k").group_by("_row", maintain_order=True)
            .agg(pl.struct("label", "group", "max", "points", "manual", "entered").alias("items")))


def describe(result: pl.DataFrame, firms: pl.DataFrame, honours: pl.DataFrame, rules: list[TierRule],
             as_of: datetime.date, entries: pl.DataFrame | None = None) -> pl.DataFrame:
    """`result` (rows of ``assess`` for these rules, date and entries) in words; `firms` and
    `honours` must hold the firms of `result` (others are ignored)."""
    numbered = result.with_row_index("_row")
    frame, _ = prepared(firms.filter(pl.col("uscc").is_in(result["uscc"].unique().implode())), honours,
                        rules, as_of, entries)
    empty = pl.lit([], pl.List(pl.String))
    described = (numbered
                 .join(rule_table(rules), on=["tier", "version"], how="left")
                 .join(_label_lists(numbered, frame, rules), on="_row", how="left")
                 .join(_gap_lists(numbered, frame, rules, as_of), on="_row", how="left")
                 .join(_item_lists(numbered, frame, rules), on="_row", how="left")
                 .join(_routes(numbered, frame, rules), on="_row", how="left")
                 .with_columns(pl.col("failed", "missing", "manual", "gaps").fill_null(empty)))
    status = (pl.when(pl.col("eligible")).then(pl.lit("已符合"))
              .when(pl.col("eligible") == False).then(pl.lit("不符合"))  # noqa: E712
              .when(pl.col("missing").list.len() > 0).then(pl.lit("数据不全"))
              .otherwise(pl.lit("待人工核验")))
    return described.sort("_row").with_columns(status.alias("status")).drop("_row")
