"""Enterprise tier assessment: which tiers a firm holds, which it would pass, what it lacks.

``assess(firms, honours, rules, as_of=...)`` evaluates every rule over the whole firm table at
once (polars expressions, no loop over firms) and returns one row per firm and tier:

  uscc, tier, tier_name, version, document, verified, held, eligible, score, score_max,
  failed, missing, manual, gaps, distance, near

- ``eligible`` is true when every condition the platform can check holds (the ``manual``
  list names what a person must still confirm), false when one fails, and null when data is
  missing or an expert-scored part decides.  Missing data is never read as zero.
- ``score`` is the points the firm's known data earns; ``score_max`` adds the full points of
  every item still unknown, so a firm whose best case misses ``pass_at`` fails for certain.
- ``gaps`` restates each failed test in the firm's own numbers, e.g. "研发费用占营业收入比重
  2.1%，需达到 3%，差 0.9 个百分点 ≈ 研发费用再增加 126 万元".
- ``distance`` is the largest relative shortfall over the failed tests; ``near`` applies the
  rule's ``near`` settings (临界候选).

The rules (``tier_rules``) come from the packaged YAML documents in
``qiangshi/reference/tiers`` (``load_rules``): 工信部企业〔2022〕63号 and 〔2026〕2号,
国科发火〔2016〕32号/195号, 国科发政〔2017〕115号, 工信部联企业〔2011〕300号, 鲁工信发〔2020〕8号 and
the statistical 规上 line.
"""

from __future__ import annotations

import datetime
from importlib import resources

import polars as pl
import yaml

from qiangshi.engine.tier_metrics import HONOUR_LEVELS, RD_INSTITUTION_KINDS, Metric, metrics
from qiangshi.engine.tier_rules import (
    Condition,
    Item,
    Scale,
    Test,
    TierRule,
    parse_rule,
    resolve_bases,
    rules_in_force,
)

METHOD_VERSION = "tiers-1"
_RULES_PACKAGE = "qiangshi.reference.tiers"

HONOUR_SCHEMA = {"uscc": pl.String, "kind": pl.String, "level": pl.String,
                 "year_granted": pl.Int64, "year_expiring": pl.Int64, "rank": pl.Int64}
#: Honour kinds a rule may test as ``holds_<kind>``.
HELD_KINDS = ("high_tech", "tech_sme", "innovative_sme", "specialized", "little_giant",
              "champion", "gazelle", "unicorn", "ip_advantage", "innovation_demo")
_HELD_LABELS = {"high_tech": "高新技术企业", "tech_sme": "科技型中小企业",
                "innovative_sme": "创新型中小企业", "specialized": "专精特新中小企业",
                "little_giant": "专精特新“小巨人”", "champion": "制造业单项冠军",
                "gazelle": "瞪羚企业", "unicorn": "独角兽企业",
                "ip_advantage": "知识产权优势/示范企业", "innovation_demo": "技术创新示范企业"}
#: Award flags: (label, kind, lowest level, best rank allowed or None, years back).
AWARDS = {
    "award_3y": ("近三年获省级以上科技奖励", "science_award", "provincial", None, 3),
    "award_top3_3y": ("近三年获省级以上科技奖励且排名前三", "science_award", "provincial", 3, 3),
    "award_national_top3_3y": ("近三年获国家级科技奖励且排名前三", "science_award", "national", 3, 3),
    "award_national_top5_3y": ("近三年获国家级科技奖励且排名前五", "science_award", "national", 5, 3),
    "award_national_top3_5y": ("近五年获国家级科技奖励且排名前三", "science_award", "national", 3, 5),
    "maker_china_500_3y": ("近三年进入“创客中国”全国500强", "maker_china", "national", 500, 3),
    "maker_china_50_3y": ("近三年进入“创客中国”全国50强", "maker_china", "national", 50, 3),
}
STATES = {True: "met", False: "unmet"}


# ------------------------------------------------------------------ rules and honours


def packaged_rules() -> list[TierRule]:
    """Every packaged tier rule, every version."""
    known = set(all_metrics(datetime.date(2025, 1, 1)))
    folder = resources.files(_RULES_PACKAGE)
    docs = [yaml.safe_load(entry.read_text(encoding="utf-8"))
            for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".yaml")]
    return [parse_rule(doc, known) for doc in resolve_bases(docs)]


def _honour_metrics() -> dict[str, Metric]:
    held = {f"holds_{k}": Metric(f"持有{label}", "", pl.col(f"holds_{k}"))
            for k, label in _HELD_LABELS.items()}
    awards = {name: Metric(spec[0], "", pl.col(name)) for name, spec in AWARDS.items()}
    return {**held, **awards}


def all_metrics(as_of: datetime.date) -> dict[str, Metric]:
    return {**metrics(as_of.year - 1, as_of), **_honour_metrics()}


def _valid(honours: pl.DataFrame, as_of: datetime.date) -> pl.DataFrame:
    year = as_of.year
    return honours.filter((pl.col("year_granted") <= year)
                          & (pl.col("year_expiring").is_null() | (pl.col("year_expiring") >= year)))


def honour_flags(firms: pl.DataFrame, honours: pl.DataFrame, as_of: datetime.date) -> pl.DataFrame:
    """`firms` with holds_<kind>, the award flags and rd_institution_level from `honours`."""
    valid = _valid(honours, as_of)
    rank = pl.col("level").replace_strict(HONOUR_LEVELS, default=0)
    flags = [pl.col("uscc").is_in(valid.filter(pl.col("kind") == k)["uscc"].implode()).alias(f"holds_{k}")
             for k in HELD_KINDS]
    for name, (_, kind, lowest, best, back) in AWARDS.items():
        hit = honours.filter((pl.col("kind") == kind) & (rank >= HONOUR_LEVELS[lowest])
                             & (pl.col("year_granted") >= as_of.year - back)
                             & (pl.col("year_granted") <= as_of.year))
        if best is not None:
            hit = hit.filter(pl.col("rank").is_not_null() & (pl.col("rank") <= best))
        flags.append(pl.col("uscc").is_in(hit["uscc"].implode()).alias(name))
    levels = (valid.filter(pl.col("kind").is_in(RD_INSTITUTION_KINDS))
              .group_by("uscc").agg(rank.max().alias("rd_institution_level")))
    return firms.with_columns(flags).join(levels, on="uscc", how="left")


def held_flag(honours: pl.DataFrame, rule: TierRule, as_of: datetime.date) -> pl.Expr:
    """Whether each firm holds the rule's tier: ``honour`` is a kind or ``kind@level``."""
    if rule.honour == "above_scale":
        return pl.col("above_scale").fill_null(False)
    if not rule.honour:
        return pl.lit(False)
    kind, _, level = rule.honour.partition("@")
    valid = _valid(honours, as_of).filter(pl.col("kind") == kind)
    if level:
        valid = valid.filter(pl.col("level") == level)
    return pl.col("uscc").is_in(valid["uscc"].implode())


# ------------------------------------------------------------------ expressions


def _m(name: str) -> pl.Expr:
    return pl.col(f"m__{name}")


def _test_state(test: Test) -> pl.Expr:
    value = _m(test.metric)
    if test.op == "true":
        return value.cast(pl.Boolean)
    threshold = pl.lit(test.value)
    return {">=": value >= threshold, ">": value > threshold,
            "<=": value <= threshold, "<": value < threshold}[test.op]


def _text(expr: pl.Expr, decimals: int = 2) -> pl.Expr:
    """A number as short text: rounded, without trailing zeros."""
    return (expr.round(decimals).cast(pl.String)
            .str.replace(r"(\.\d*?)0+$", "$1").str.replace(r"\.$", ""))


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _test_gap(test: Test, metric: Metric) -> tuple[pl.Expr, pl.Expr]:
    """(text, relative shortfall) of a failed test; null where the test did not fail."""
    failed = _test_state(test) == False  # noqa: E712 — Kleene: null stays null
    if test.op == "true":
        return pl.when(failed).then(pl.lit(f"{metric.label}：不满足")), pl.lit(None, pl.Float64)
    value, threshold = _m(test.metric), test.value
    unit = metric.unit
    space = "" if unit in ("%", "") else " "
    points = " 个百分点" if unit == "%" else space + unit
    upward = test.op in (">=", ">")
    need = {">=": "需达到", ">": "需高于", "<=": "需不高于", "<": "需低于"}[test.op]
    diff = (pl.lit(threshold) - value) if upward else (value - pl.lit(threshold))
    word = "差" if upward else "超出"
    text = pl.format(f"{metric.label} {{}}{space}{unit}，{need} {_number(threshold)}{space}{unit}，"
                     f"{word} {{}}{points}", _text(value), _text(diff))
    if metric.numerator and upward:
        # Restate a share in the numerator's own unit: threshold × denominator − numerator.
        extra = pl.lit(threshold) / 100 * pl.col(metric.denominator) - pl.col(metric.numerator)
        money = metric.unit == "%" and not metric.numerator.startswith(("rd_staff", "tech_staff",
                                                                         "employees"))
        amount = _text(extra, 0) if money else _text(extra.ceil(), 0)
        text = pl.concat_str(text, pl.format(f" ≈ {metric.numerator_label}再增加 {{}} "
                                             f"{'万元' if money else '人'}", amount))
    relative = diff / abs(threshold) if threshold else pl.lit(None, pl.Float64)
    return pl.when(failed).then(text), pl.when(failed).then(relative)


def _branches_state(branches) -> pl.Expr:
    return pl.any_horizontal([pl.all_horizontal([_test_state(t) for t in b]) for b in branches])


def _closest_branch(branches) -> pl.Expr:
    """Index of the branch the gaps are reported for: the fewest failed tests, a failed yes/no
    test counting as far (a missing award is no nearer than a shortfall in figures)."""
    def cost(test: Test) -> pl.Expr:
        failed = (_test_state(test) == False).fill_null(False).cast(pl.Int32)  # noqa: E712
        return failed * (100 if test.op == "true" else 1)

    counts = [pl.sum_horizontal([cost(t) for t in b]) for b in branches]
    best = pl.min_horizontal(counts)
    choice = pl.when(counts[0] == best).then(0)
    for i, count in enumerate(counts[1:], start=1):
        choice = choice.when(count == best).then(i)
    return choice


def _condition_gaps(condition: Condition, known: dict[str, Metric]) -> tuple[pl.Expr, pl.Expr]:
    """The failed condition's gap texts (a list) and its largest relative shortfall."""
    choice = _closest_branch(condition.branches)
    texts, relatives = pl.lit(None, pl.List(pl.String)), pl.lit(None, pl.Float64)
    for i, branch in enumerate(condition.branches):
        gaps = [_test_gap(t, known[t.metric]) for t in branch]
        chosen = choice == i
        texts = pl.when(chosen).then(pl.concat_list([g[0] for g in gaps]).list.drop_nulls()).otherwise(texts)
        failed = [(_test_state(t) == False).fill_null(False) for t in branch]  # noqa: E712
        # A failed yes/no test has no size: the condition's distance is then unknown.
        sized = pl.all_horizontal([~f | g[1].is_not_null() for f, g in zip(failed, gaps, strict=True)])
        relatives = pl.when(chosen).then(pl.when(sized).then(pl.max_horizontal([g[1] for g in gaps])))\
            .otherwise(relatives)
    return texts, relatives


def _scale_points(scale: Scale, points: tuple[float, ...]) -> pl.Expr:
    value = _m(scale.metric)
    expr = pl.when(value.is_null()).then(pl.lit(None, pl.Float64))
    for cut, worth in zip(scale.cuts, points, strict=False):
        expr = expr.when(value <= cut if scale.upper_closed else value < cut).then(pl.lit(worth))
    return expr.otherwise(pl.lit(points[-1]))


def _item_range(item: Item) -> tuple[pl.Expr, pl.Expr]:
    """(lowest, highest) points the item can be worth given what is known."""
    if item.manual:
        return pl.lit(item.floor), pl.lit(item.max)
    lows = [_scale_points(s, s.points) for s in item.scales]
    highs = [_scale_points(s, s.points_high or s.points) for s in item.scales]
    low = pl.max_horizontal(lows).fill_null(0.0)
    high = (pl.when(pl.any_horizontal([p.is_null() for p in lows])).then(pl.lit(item.max))
            .otherwise(pl.max_horizontal(highs)))
    return low, high


def _labels(pairs: list[tuple[pl.Expr, str]]) -> pl.Expr:
    """The labels whose mask holds, as a list."""
    if not pairs:
        return pl.lit([], pl.List(pl.String))
    return pl.concat_list([pl.when(mask.fill_null(False)).then(pl.lit(label)) for mask, label in pairs]
                          ).list.drop_nulls()


# ------------------------------------------------------------------ one rule


def _assess_rule(frame: pl.DataFrame, rule: TierRule, known: dict[str, Metric], held: pl.Expr,
                 detail: bool) -> pl.DataFrame:
    checked = [c for c in rule.conditions if not c.manual]
    states = [_branches_state(c.branches) for c in checked]
    failed_pairs = [(s == False, c.label) for s, c in zip(states, checked, strict=True)]  # noqa: E712
    missing_pairs = [(s.is_null(), c.label) for s, c in zip(states, checked, strict=True)]
    manual_pairs = [(pl.lit(True), c.label + ("（⚠ 口径待核实）" if c.unverified else ""))
                    for c in rule.conditions if c.manual]
    gap_parts = [_condition_gaps(c, known) for c in checked]
    gaps = [pl.when(s == False).then(g[0]) for s, g in zip(states, gap_parts, strict=True)]  # noqa: E712
    distances = [pl.when(s == False).then(pl.coalesce(g[1], pl.lit(float("inf"))))  # noqa: E712
                 for s, g in zip(states, gap_parts, strict=True)]
    n_failed = pl.sum_horizontal([(s == False).fill_null(False).cast(pl.Int32) for s in states]  # noqa: E712
                                 or [pl.lit(0)])
    score = score_max = pl.lit(None, pl.Float64)
    short = pl.lit(None, pl.Float64)
    if rule.score:
        sc = rule.score
        ranges = {i.key: _item_range(i) for i in sc.items}
        score = pl.sum_horizontal([r[0] for r in ranges.values()])
        score_max = pl.sum_horizontal([r[1] for r in ranges.values()])
        passes = [score >= sc.pass_at]
        fails = [score_max < sc.pass_at]
        for group, minimum in sc.group_minimums:
            members = [ranges[i.key] for i in sc.items if i.group == group]
            passes.append(pl.sum_horizontal([r[0] for r in members]) >= minimum)
            fails.append(pl.sum_horizontal([r[1] for r in members]) < minimum)
        for key in sc.required_nonzero:
            passes.append(ranges[key][0] > 0)
            fails.append(ranges[key][1] == 0)
        score_state = (pl.when(pl.any_horizontal(fails)).then(False)
                       .when(pl.all_horizontal(passes)).then(True))
        routes = [r for r in rule.direct if not r.manual]
        direct = (_branches_state([b for r in routes for b in r.branches]) if routes
                  else pl.lit(None, pl.Boolean))
        passed = pl.any_horizontal(direct.fill_null(False), score_state)
        states.append(passed)
        score_label = f"评价得分达到 {_number(sc.pass_at)} 分（或满足直通条件）" if rule.direct \
            else f"评价得分达到 {_number(sc.pass_at)} 分"
        failed_pairs.append((passed == False, score_label))  # noqa: E712
        unknown_items = [(pl.lit(True) if i.manual else
                          pl.any_horizontal([_m(s.metric).is_null() for s in i.scales]), i)
                         for i in sc.items]
        undecided = passed.is_null()
        missing_pairs += [(undecided & mask, f"评分项：{i.label}") for mask, i in unknown_items
                          if not i.manual]
        manual_pairs += [(undecided, f"评分项：{i.label}（需人工评分）") for i in sc.items if i.manual]
        manual_pairs += [(passed != True, f"直通条件：{r.label}（平台无此数据，需人工核验）")  # noqa: E712
                         for r in rule.direct if r.manual]
        short = pl.lit(sc.pass_at) - score_max
        score_text = pl.when(score == score_max).then(
            pl.format("评价得分 {} 分，需达到 {} 分，差 {} 分", _text(score), pl.lit(_number(sc.pass_at)),
                      _text(short))
        ).otherwise(pl.format("评价得分至多 {} 分，需达到 {} 分，差 {} 分", _text(score_max),
                              pl.lit(_number(sc.pass_at)), _text(short)))
        gaps.append(pl.when(passed == False).then(pl.concat_list([score_text])))  # noqa: E712
        n_failed = n_failed + (passed == False).fill_null(False).cast(pl.Int32)  # noqa: E712
    eligible = pl.all_horizontal(states) if states else pl.lit(True)
    distance = pl.max_horizontal(distances) if distances else pl.lit(None, pl.Float64)
    distance = pl.when(distance.is_infinite()).then(None).otherwise(distance)
    near = _near(rule, eligible, n_failed, distance, states[:len(checked)], short)
    columns = [
        pl.col("uscc"), pl.lit(rule.tier).alias("tier"), pl.lit(rule.name).alias("tier_name"),
        pl.lit(rule.version).alias("version"), pl.lit(rule.document).alias("document"),
        pl.lit(rule.verified).alias("verified"), held.alias("held"),
        eligible.alias("eligible"), score.alias("score"), score_max.alias("score_max"),
        _labels(failed_pairs).alias("failed"), _labels(missing_pairs).alias("missing"),
        _labels(manual_pairs).alias("manual"),
        (pl.concat_list([g.fill_null(pl.lit([], pl.List(pl.String))) for g in gaps]) if gaps
         else pl.lit([], pl.List(pl.String))).alias("gaps"),
        distance.alias("distance"), near.alias("near"),
    ]
    if detail:
        columns.append(_details(rule, checked, states).alias("conditions"))
        if rule.score:
            columns.append(pl.concat_list([pl.struct(
                pl.lit(i.key).alias("key"), pl.lit(i.label).alias("label"),
                pl.lit(i.group).alias("group"), pl.lit(i.max).alias("max"),
                pl.when(low == high).then(low).alias("points"), pl.lit(i.manual).alias("manual"),
            ) for i, (low, high) in ((i, _item_range(i)) for i in rule.score.items)]).alias("items"))
    return frame.select(columns)


def _details(rule: TierRule, checked: list[Condition], states: list[pl.Expr]) -> pl.Expr:
    rows = []
    for condition, state in zip(checked, states, strict=True):
        rows.append(pl.struct(pl.lit(condition.key).alias("key"), pl.lit(condition.label).alias("label"),
                              pl.when(state).then(pl.lit("met")).when(state == False)  # noqa: E712
                              .then(pl.lit("unmet")).otherwise(pl.lit("missing")).alias("state")))
    rows += [pl.struct(pl.lit(c.key).alias("key"), pl.lit(c.label).alias("label"),
                       pl.lit("manual").alias("state")) for c in rule.conditions if c.manual]
    return pl.concat_list(rows) if rows else pl.lit([], pl.List(pl.Struct({"key": pl.String})))


def _near(rule: TierRule, eligible: pl.Expr, n_failed: pl.Expr, distance: pl.Expr,
          condition_states: list[pl.Expr], short: pl.Expr) -> pl.Expr:
    if rule.near is None:
        return pl.lit(False)
    # A firm counts as near only when every condition is known: missing data is no evidence.
    near = ((eligible == False).fill_null(False) & (n_failed <= rule.near.max_failed)  # noqa: E712
            & pl.all_horizontal([s.is_not_null() for s in condition_states] or [pl.lit(True)]))
    conditions_failed = pl.any_horizontal([(s == False).fill_null(False) for s in condition_states]  # noqa: E712
                                          or [pl.lit(False)])
    if rule.near.relative_gap is not None:
        near = near & (~conditions_failed | (distance <= rule.near.relative_gap).fill_null(False))
    elif condition_states:
        near = near & ~conditions_failed
    if rule.score is not None:
        within = rule.near.score_within
        near = near & ((short <= 0) | ((short <= within).fill_null(False) if within is not None
                                        else pl.lit(False)))
    return near


# ------------------------------------------------------------------ the whole table


def assess(firms: pl.DataFrame, honours: pl.DataFrame, rules: list[TierRule], *,
           as_of: datetime.date, detail: bool = False) -> pl.DataFrame:
    """Every firm against every rule (choose the versions in force with ``rules_in_force``)."""
    known = all_metrics(as_of)
    honours = honours.cast(HONOUR_SCHEMA) if honours.height else pl.DataFrame(schema=HONOUR_SCHEMA)
    frame = honour_flags(firms, honours, as_of)
    needed = set().union(*(r.metric_names() for r in rules)) if rules else set()
    frame = frame.with_columns([known[n].expr.alias(f"m__{n}") for n in sorted(needed) if n in known])
    parts = [_assess_rule(frame, rule, known, held_flag(honours, rule, as_of), detail) for rule in rules]
    return pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()


def load_rules(on: datetime.date | None = None) -> list[TierRule]:
    """The packaged rules; with a date, only the version of each tier in force that day."""
    rules = packaged_rules()
    return rules_in_force(rules, on) if on else rules
