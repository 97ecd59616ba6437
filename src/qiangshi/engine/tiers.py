"""Enterprise tier assessment: which tiers a firm holds, which it would pass, what it lacks.

``assess(firms, honours, rules, as_of=...)`` evaluates every rule over the whole firm table at
once (polars expressions, no loop over firms) and returns one row per firm and tier:

  uscc, tier, version, held, eligible, score, score_max, score_passed,
  failed_bits, missing_bits, gap_bits, distance, near

- ``eligible`` is true when every condition the platform can check holds (conditions it holds
  no data for are listed for a person to confirm), false when one fails, and null when data
  is missing or an expert-scored part decides.  Missing data is never read as zero.
- ``score`` is the points the firm's known data earns; ``score_max`` adds the full points of
  every item still unknown, so a firm whose best case misses ``pass_at`` fails for certain.
- The ``*_bits`` columns say which conditions failed or lack data (bit = the condition's
  position; then the score; then the score items) and which tests to restate as gaps (bit =
  the test's number in ``RuleTests``): compact, so the bulk run builds no strings.
  ``tier_wording.describe`` turns them into Chinese lists for the rows shown, e.g. "研发费用占
  营业收入比重 2.1%，需达到 3%，差 0.9 个百分点 ≈ 研发费用再增加 126 万元".
- ``distance`` is the largest relative shortfall over the failed tests; ``near`` applies the
  rule's ``near`` settings (临界候选).

The rules (``tier_rules``) are parsed by ``rules_from`` from documents the caller passes in;
the packaged ones (``qiangshi/reference/tiers``, read by ``qiangshi.reference.documents``) are
工信部企业〔2022〕63号 and 〔2026〕2号,
国科发火〔2016〕32号/195号, 国科发政〔2017〕115号, 工信部联企业〔2011〕300号, 鲁工信发〔2020〕8号 and
the statistical 规上 line.
"""

from __future__ import annotations

import datetime

import polars as pl

from qiangshi.engine.exact import exact
from qiangshi.engine.tier_metrics import HONOUR_LEVELS, RD_INSTITUTION_KINDS, Metric, metrics
from qiangshi.engine.tier_rules import (
    Item,
    Near,
    Scale,
    Score,
    Test,
    TierRule,
    parse_rule,
    resolve_bases,
)

METHOD_VERSION = "tiers-2"

HONOUR_SCHEMA = {"uscc": pl.String, "kind": pl.String, "level": pl.String,
                 "year_granted": pl.Int64, "year_expiring": pl.Int64, "rank": pl.Int64}
#: Points an analyst entered for a score item of a firm (one row per firm, tier and item key):
#: they replace what the platform computes or leaves open for that item.
ENTRY_SCHEMA = {"uscc": pl.String, "tier": pl.String, "item": pl.String, "points": pl.Float64}
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


# ------------------------------------------------------------------ rules and honours


def rules_from(documents: list[dict]) -> list[TierRule]:
    """Rule documents parsed and checked; a ``based_on`` may name any document of the list."""
    known = set(all_metrics(datetime.date(2025, 1, 1)))
    return [parse_rule(doc, known) for doc in resolve_bases(documents)]


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


def measured(name: str) -> pl.Expr:
    """A numeric metric as it meets thresholds and band cuts: exact (engine.exact)."""
    return exact(_m(name))


def outcome(test: Test) -> pl.Expr:
    """True, false, or null when the metric is unknown."""
    if test.op == "true":
        return _m(test.metric).cast(pl.Boolean)
    value = measured(test.metric)
    threshold = pl.lit(test.value)
    return {">=": value >= threshold, ">": value > threshold,
            "<=": value <= threshold, "<": value < threshold}[test.op]


def shortfall(test: Test) -> pl.Expr:
    """How far the value is from the threshold, in the metric's unit (positive = short)."""
    value = measured(test.metric)
    return (pl.lit(test.value) - value) if test.op in (">=", ">") else (value - pl.lit(test.value))


class RuleTests:
    """A rule's tests numbered (the bit of ``gap_bits``) and computed once as columns, so that
    branch, condition and gap expressions only refer to them."""

    def __init__(self, rule: TierRule):
        tests = [t for c in rule.conditions for b in c.branches for t in b]
        tests += [t for r in rule.direct for b in r.branches for t in b]
        self.number = {t: i for i, t in enumerate(dict.fromkeys(tests))}

    def columns(self) -> list[pl.Expr]:
        exprs = []
        for test, i in self.number.items():
            exprs.append(outcome(test).alias(f"_t{i}"))
            if test.op != "true" and test.value:
                exprs.append((shortfall(test) / abs(test.value)).alias(f"_r{i}"))
        return exprs

    def state(self, test: Test) -> pl.Expr:
        return pl.col(f"_t{self.number[test]}")

    def failed(self, test: Test) -> pl.Expr:
        return (self.state(test) == False).fill_null(False)  # noqa: E712 — Kleene: null is not a failure

    def relative(self, test: Test) -> pl.Expr:
        """The shortfall as a share of the threshold; null for a yes/no test (no size)."""
        if test.op == "true" or not test.value:
            return pl.lit(None, pl.Float64)
        return pl.col(f"_r{self.number[test]}")

    def branches_state(self, branches) -> pl.Expr:
        return pl.any_horizontal([pl.all_horizontal([self.state(t) for t in b]) for b in branches])


def _closest_branch(tests: RuleTests, branches) -> pl.Expr:
    """Index of the branch the gaps are reported for: the fewest failed tests, a failed yes/no
    test counting as far (a missing award is no nearer than a shortfall in figures)."""
    if len(branches) == 1:
        return pl.lit(0)
    counts = [pl.sum_horizontal([tests.failed(t).cast(pl.Int32) * (100 if t.op == "true" else 1)
                                 for t in b]) for b in branches]
    best = pl.min_horizontal(counts)
    choice = pl.when(counts[0] == best).then(0)
    for i, count in enumerate(counts[1:], start=1):
        choice = choice.when(count == best).then(i)
    return choice


def _bits(pairs: list[tuple[pl.Expr, int]]) -> pl.Expr:
    """An Int64 with bit b set where the mask holds (bits may repeat: OR, not sum)."""
    expr = pl.lit(0, pl.Int64)
    for mask, bit in pairs:
        expr = expr | pl.when(mask.fill_null(False)).then(pl.lit(1 << bit, pl.Int64)).otherwise(0)
    return expr


def bit_set(bits: pl.Expr, bit: pl.Expr | int) -> pl.Expr:
    """Whether `bit` is set in the Int64 mask `bits`; a negative bit is never set."""
    bit = pl.lit(bit, pl.Int64) if isinstance(bit, int) else bit.cast(pl.Int64)
    return (bit >= 0) & ((bits // (2 ** bit.clip(0, 62))) % 2 == 1)


def scale_points(scale: Scale, points: tuple[float, ...]) -> pl.Expr:
    value = measured(scale.metric)
    expr = pl.when(value.is_null()).then(pl.lit(None, pl.Float64))
    for cut, worth in zip(scale.cuts, points, strict=False):
        expr = expr.when(value <= cut if scale.upper_closed else value < cut).then(pl.lit(worth))
    return expr.otherwise(pl.lit(points[-1]))


def entry_column(tier: str, item: Item) -> str:
    return f"e__{tier}__{item.key}"


def entered(tier: str, item: Item) -> pl.Expr:
    """The points entered for the item (null: none), within 0 and the item's maximum."""
    return pl.col(entry_column(tier, item)).clip(0.0, item.max)


def item_range(item: Item, tier: str) -> tuple[pl.Expr, pl.Expr]:
    """(lowest, highest) points the item can be worth given what is known: the points entered
    for it, else its bands over the firm's figures, else (manual) its floor to its maximum."""
    points = entered(tier, item)
    if not item.scales:
        return pl.coalesce(points, pl.lit(item.floor)), pl.coalesce(points, pl.lit(item.max))
    lows = [scale_points(s, s.points) for s in item.scales]
    highs = [scale_points(s, s.points_high or s.points) for s in item.scales]
    unknown = pl.any_horizontal([p.is_null() for p in lows])
    # A manual item with a figure on record is computed; without one it is left to a person.
    low = pl.max_horizontal(lows).fill_null(item.floor if item.manual else 0.0)
    high = pl.when(unknown).then(pl.lit(item.max)).otherwise(pl.max_horizontal(highs))
    return pl.coalesce(points, low), pl.coalesce(points, high)


def score_bit(rule: TierRule) -> int:
    """The bit of the score condition in failed_bits; the items follow it."""
    return len(rule.conditions)


# ------------------------------------------------------------------ one rule


def _assess_rule(frame: pl.DataFrame, rule: TierRule, held: pl.Expr) -> pl.DataFrame:
    tests = RuleTests(rule)
    checked = [(bit, c) for bit, c in enumerate(rule.conditions) if not c.manual]
    # Each stage is materialised so that later expressions refer to columns, not re-derive them.
    frame = frame.with_columns(tests.columns())
    frame = frame.with_columns(
        *[tests.branches_state(c.branches).alias(f"_c{bit}") for bit, c in checked],
        *[_closest_branch(tests, c.branches).alias(f"_k{bit}") for bit, c in checked])
    states = {bit: pl.col(f"_c{bit}") for bit, _ in checked}
    failed = {bit: (state == False).fill_null(False) for bit, state in states.items()}  # noqa: E712
    gap_pairs, distances = [], []
    for bit, condition in checked:
        chosen = [(pl.col(f"_k{bit}") == b) & failed[bit] for b in range(len(condition.branches))]
        pairs = [(ch, t) for ch, branch in zip(chosen, condition.branches, strict=True) for t in branch]
        gap_pairs += [(ch & tests.failed(t), tests.number[t]) for ch, t in pairs]
        # A failed yes/no test has no size: the condition's distance is then unknown (infinite).
        sizes = [pl.when(ch & tests.failed(t)).then(tests.relative(t).fill_null(float("inf")))
                 for ch, t in pairs]
        distances.append(pl.max_horizontal(sizes))
    failed_pairs = [(mask, bit) for bit, mask in failed.items()]
    missing_pairs = [(state.is_null(), bit) for bit, state in states.items()]
    all_states = list(states.values())
    score = score_max = passed = pl.lit(None, pl.Float64)
    if rule.score:
        frame, score, score_max, passed = _score(frame, rule, tests)
        all_states.append(passed)
        failed_pairs.append((passed == False, score_bit(rule)))  # noqa: E712
        missing_pairs += [(passed.is_null() & entered(rule.tier, i).is_null()
                           & pl.any_horizontal([_m(s.metric).is_null() for s in i.scales]),
                           score_bit(rule) + 1 + k) for k, i in enumerate(rule.score.items) if not i.manual]
    eligible = pl.all_horizontal(all_states) if all_states else pl.lit(True)
    distance = pl.max_horizontal(distances) if distances else pl.lit(None, pl.Float64)
    distance = pl.when(distance.is_infinite()).then(None).otherwise(distance)
    return frame.select(
        pl.col("uscc"), pl.lit(rule.tier).alias("tier"), pl.lit(rule.version).alias("version"),
        held.alias("held"), eligible.alias("eligible"), score.cast(pl.Float64).alias("score"),
        score_max.cast(pl.Float64).alias("score_max"), passed.cast(pl.Boolean).alias("score_passed"),
        _bits(failed_pairs).alias("failed_bits"), _bits(missing_pairs).alias("missing_bits"),
        _bits(gap_pairs).alias("gap_bits"), distance.alias("distance"),
    ).with_columns(near_expr(rule, rule.near).alias("near"))


def group_sums(score: Score, points: list[pl.Expr]) -> list[tuple[str, float, pl.Expr]]:
    """(group, minimum, the exact sum of its items' `points`) for each group minimum."""
    return [(group, minimum, exact(pl.sum_horizontal([p for p, item in zip(points, score.items, strict=True)
                                                     if item.group == group])))
            for group, minimum in score.group_minimums]


def required_items(score: Score) -> list[int]:
    """The positions of the items that must earn points (``required_nonzero``)."""
    keys = [item.key for item in score.items]
    return [keys.index(key) for key in score.required_nonzero]


def route_labels(rule: TierRule) -> list[tuple[str, tuple]]:
    """(label, branches) of the direct routes the platform can check, in the rule's order."""
    return [(r.label, r.branches) for r in rule.direct if not r.manual]


def _score(frame: pl.DataFrame, rule: TierRule, tests: RuleTests):
    """The frame with the score columns, and (score, score_max, passed) referring to them.
    ``passed`` is the score condition: a direct route, or the points (and group minimums)."""
    sc = rule.score
    frame = frame.with_columns([e.alias(f"_{end}{k}") for k, item in enumerate(sc.items)
                                for end, e in zip(("lo", "hi"), item_range(item, rule.tier), strict=True)])
    lows = [pl.col(f"_lo{k}") for k in range(len(sc.items))]
    highs = [pl.col(f"_hi{k}") for k in range(len(sc.items))]
    # Points are sums of fractional band values (0.5, 2.5 …): exact before the pass mark too.
    frame = frame.with_columns(exact(pl.sum_horizontal(lows)).alias("_score"),
                               exact(pl.sum_horizontal(highs)).alias("_score_max"))
    score, score_max = pl.col("_score"), pl.col("_score_max")
    passes, fails = [score >= sc.pass_at], [score_max < sc.pass_at]
    for (_, minimum, low), (_, _, high) in zip(group_sums(sc, lows), group_sums(sc, highs), strict=True):
        passes.append(low >= minimum)
        fails.append(high < minimum)
    for k in required_items(sc):
        passes.append(lows[k] > 0)
        fails.append(highs[k] == 0)
    by_points = pl.when(pl.any_horizontal(fails)).then(False).when(pl.all_horizontal(passes)).then(True)
    routes = [b for _, branches in route_labels(rule) for b in branches]
    direct = tests.branches_state(routes).fill_null(False) if routes else pl.lit(False)
    frame = frame.with_columns(pl.any_horizontal(direct, by_points).alias("_passed"))
    return frame, score, score_max, pl.col("_passed")


def near_expr(rule: TierRule, near: Near | None) -> pl.Expr:
    """Whether a firm failing `rule` is near passing it under the `near` settings, read from
    the columns ``assess`` returns — so a page can apply other settings to a stored run."""
    if near is None:
        return pl.lit(False)
    conditions = (1 << len(rule.conditions)) - 1
    failed, missing = pl.col("failed_bits"), pl.col("missing_bits")
    failed_conditions = (failed & pl.lit(conditions, pl.Int64)) != 0
    # Every condition must be known: missing data is no evidence of being close.
    result = ((pl.col("eligible") == False).fill_null(False)  # noqa: E712
              & ((missing & pl.lit(conditions, pl.Int64)) == 0)
              & (failed.bitwise_count_ones() <= near.max_failed))
    if near.relative_gap is not None:
        result &= ~failed_conditions | (pl.col("distance") <= near.relative_gap).fill_null(False)
    else:
        result &= ~failed_conditions
    if rule.score is not None:
        score_failed = bit_set(failed, score_bit(rule))
        within = pl.lit(rule.score.pass_at) - pl.col("score_max") <= (
            near.score_within if near.score_within is not None else -1)
        result &= ~score_failed | within
    return result


# ------------------------------------------------------------------ the whole table


def _with_entries(frame: pl.DataFrame, entries: pl.DataFrame | None, rules: list[TierRule]) -> pl.DataFrame:
    """`frame` with one column of entered points per score item of the rules (null where none)."""
    names = [entry_column(r.tier, i) for r in rules if r.score for i in r.score.items]
    if entries is not None and entries.height:
        wide = (entries.cast(ENTRY_SCHEMA)
                .with_columns(pl.concat_str(pl.lit("e__"), "tier", pl.lit("__"), "item").alias("_column"))
                .filter(pl.col("_column").is_in(names))
                .pivot(on="_column", index="uscc", values="points", aggregate_function="last"))
        frame = frame.join(wide, on="uscc", how="left")
    return frame.with_columns([pl.lit(None, pl.Float64).alias(n) for n in names if n not in frame.columns])


def prepared(firms: pl.DataFrame, honours: pl.DataFrame, rules: list[TierRule],
             as_of: datetime.date, entries: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The firm table with honour flags, every metric the rules use (``m__<name>``) and the
    points entered for score items (``e__<tier>__<item>``), and the honours cast to
    HONOUR_SCHEMA."""
    known = all_metrics(as_of)
    honours = honours.cast(HONOUR_SCHEMA) if honours.height else pl.DataFrame(schema=HONOUR_SCHEMA)
    frame = honour_flags(firms, honours, as_of)
    needed = set().union(*(r.metric_names() for r in rules)) if rules else set()
    frame = frame.with_columns([known[n].expr.alias(f"m__{n}") for n in sorted(needed)])
    return _with_entries(frame, entries, rules), honours


def assess(firms: pl.DataFrame, honours: pl.DataFrame, rules: list[TierRule], *,
           as_of: datetime.date, entries: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every firm against every rule (choose the versions in force with ``tier_rules.rules_in_force``);
    `entries` (ENTRY_SCHEMA) are the points analysts entered for score items."""
    frame, honours = prepared(firms, honours, rules, as_of, entries)
    parts = [_assess_rule(frame, rule, held_flag(honours, rule, as_of)) for rule in rules]
    return pl.concat(parts) if parts else pl.DataFrame()
