"""Reads for the tier pages: the latest stored run, its results in the user's scope, the
overview per tier, the candidate lists and the plan targets they are measured against."""

import datetime

import polars as pl
from django.db.models import Q

from qiangshi.accounts.scoping import scope_filter
from qiangshi.cultivation.models import TierItemEntry, TierResult, TierRun
from qiangshi.cultivation.tables import entries_valid_on, tier_entries, tier_firms, tier_honours
from qiangshi.cultivation.tier_rulebook import rules_all
from qiangshi.engine.tier_metrics import FIRM_SCHEMA, HONOUR_LEVELS
from qiangshi.engine.tier_rules import Near, TierRule
from qiangshi.engine.tier_wording import describe, label_table, rule_table
from qiangshi.engine.tiers import bit_set, near_expr
from qiangshi.enterprises.selectors import enterprise_rows, registry_changed_since
from qiangshi.params import number_param
from qiangshi.plan.selectors import formula_indicators, plan_current

RESULT_SCHEMA = {
    "enterprise_id": pl.Int64, "uscc": pl.String, "name": pl.String, "region": pl.String,
    "region_name": pl.String, "tier": pl.String, "version": pl.String, "held": pl.Boolean,
    "eligible": pl.Boolean, "score": pl.Float64, "score_max": pl.Float64, "score_passed": pl.Boolean,
    "failed_bits": pl.Int64, "missing_bits": pl.Int64, "gap_bits": pl.Int64, "distance": pl.Float64,
    "near": pl.Boolean,
}
#: 临界 settings for a tier whose rule names none.
DEFAULT_NEAR = Near(relative_gap=0.2, max_failed=2, score_within=10)
#: The candidate lists: firms that would pass a tier they do not hold, firms close to one, and
#: firms the data cannot settle.
LISTS = {"eligible": "可申报（平台可核条件全部满足）", "near": "临界培育（接近认定条件）",
         "undecided": "待核实（数据不全或需人工评分）"}


def latest_run() -> TierRun | None:
    return TierRun.objects.filter(results__isnull=False).order_by("-computed_at", "-pk").first()


def run_is_stale(run: TierRun) -> bool:
    """Whether the registry changed, or score items valid on the run's date were entered after
    the run (its figures may then differ from today's)."""
    return (registry_changed_since(run.computed_at)
            or entries_valid_on(run.as_of).filter(entered_at__gt=run.computed_at).exists())


def firm_entries(firm, *, day: datetime.date) -> tuple[list[TierItemEntry], dict]:
    """Every item entry of `firm`, the latest first, and the one in force on `day` per (tier,
    item), chosen as the assessment chooses (tables.tier_entries)."""
    history = list(TierItemEntry.objects.filter(enterprise=firm))
    current = {}
    for entry in entries_valid_on(day).filter(enterprise=firm).order_by(
            "-valid_from", "-entered_at", "-pk"):
        current.setdefault((entry.tier, entry.item), entry)
    return history, current


def run_rules(run: TierRun) -> list[TierRule]:
    """The rule versions the run used (as recorded in its method version)."""
    used = set(run.method_version.split("+")[1:])
    return [r for r in rules_all() if f"{r.tier}@{r.version}" in used]


def run_results(run: TierRun, *, user, tier: str | None = None, region: str | None = None) -> pl.DataFrame:
    queryset = scope_filter(TierResult.objects.filter(run=run), user=user)
    if tier:
        queryset = queryset.filter(tier=tier)
    if region:  # a district or a zone: a firm in a zone also has its district
        queryset = queryset.filter(Q(enterprise__region__code=region) | Q(enterprise__zone__code=region))
    rows = queryset.values_list("enterprise_id", "enterprise__uscc", "enterprise__name",
                                "enterprise__region__code", "enterprise__region__name", "tier",
                                "version", "held", "eligible", "score", "score_max", "score_passed",
                                "failed_bits", "missing_bits", "gap_bits", "distance", "near")
    return pl.DataFrame(list(rows), orient="row", schema=RESULT_SCHEMA)


def _counts(indicator, rule: TierRule) -> bool:
    """Whether `indicator` (a count formula) counts the holders of `rule`'s tier: its honour
    kind, at the tier's level where the tier has one (单项冠军 国家级 / 省级)."""
    where = indicator.formula.get("where", {})
    kind, _, level = (rule.honour or "").partition("@")
    if kind == "above_scale":
        return bool(where.get("above_scale")) and not where.get("honour")
    levels = where.get("honour_level")
    return bool(kind) and kind in where.get("honour", []) and (not level or not levels or level in levels)


def _width(indicator) -> tuple[int, int]:
    """How much an indicator counts: honour kinds, then levels (none named: every level)."""
    where = indicator.formula.get("where", {})
    return len(where.get("honour", [])), len(where.get("honour_level") or HONOUR_LEVELS)


def tier_targets(rules: list[TierRule]) -> dict:
    """Each tier's indicator in the current plan — the narrowest count of its honour (or the
    规上 count) — and the other tiers that indicator counts too: a target the plan sets for
    several tiers together (单项冠军 国家级+省级, 专精特新 with 小巨人, the 省级以上优质企业
    total) is theirs jointly, not each one's."""
    plan = plan_current()
    if plan is None:
        return {}
    counted = [i for i in formula_indicators(plan) if i.formula.get("measure") == "count"]
    targets = {}
    for rule in rules:
        matches = [i for i in counted if _counts(i, rule)]
        if matches:
            chosen = min(matches, key=_width)
            targets[rule.tier] = {"indicator": chosen, "shared_with": [
                other.name for other in rules if other is not rule and _counts(chosen, other)]}
    return targets


def tier_overview(results: pl.DataFrame, rules: list[TierRule]) -> list[dict]:
    """Per tier: held, would pass, near, undecided (firms not holding it), and the three
    conditions most often failed."""
    counts = results.group_by("tier", "version").agg(
        pl.col("held").sum().alias("held"),
        (pl.col("eligible").fill_null(False) & ~pl.col("held")).sum().alias("eligible"),
        (pl.col("near") & ~pl.col("held")).sum().alias("near"),
        (pl.col("eligible").is_null() & ~pl.col("held")).sum().alias("undecided"),
        pl.len().alias("firms"))
    labels = label_table(rules).filter(pl.col("kind").is_in(["condition", "score"]))
    failed = (results.filter(~pl.col("held")).select("tier", "version", "failed_bits")
              .join(labels, on=["tier", "version"])
              .filter(bit_set(pl.col("failed_bits"), pl.col("bit")))
              .group_by("tier", "label").len()
              .sort(["tier", "len", "label"], descending=[False, True, False])
              .group_by("tier", maintain_order=True).head(3))
    top = {tier: list(zip(group["label"], group["len"], strict=True))
           for (tier,), group in failed.partition_by("tier", as_dict=True).items()}
    order = [r.tier for r in rules]
    rows = counts.join(rule_table(rules), on=["tier", "version"]).to_dicts()
    for row in rows:
        row["top_failed"] = top.get(row["tier"], [])
    return sorted(rows, key=lambda row: order.index(row["tier"]))


def near_settings(rule: TierRule, params) -> Near:
    """The rule's 临界 settings, with the page's overrides: `gap` (per cent of the threshold)
    and `points` (short of the pass mark)."""
    default = rule.near or DEFAULT_NEAR

    gap = number_param(params, "gap", None if default.relative_gap is None else default.relative_gap * 100,
                       low=0, high=100)
    return Near(relative_gap=None if gap is None else gap / 100, max_failed=default.max_failed,
                score_within=number_param(params, "points", default.score_within, low=0, high=100))


def candidate_rows(results: pl.DataFrame, list_name: str, rule: TierRule, near: Near) -> pl.DataFrame:
    """The firms of one candidate list, the closest first."""
    open_ = ~pl.col("held")
    mask = {"eligible": pl.col("eligible").fill_null(False) & open_,
            "near": near_expr(rule, near) & open_,
            "undecided": pl.col("eligible").is_null() & open_}[list_name]
    return results.filter(mask).sort(["distance", "score_max", "name"], descending=[False, True, False],
                                      nulls_last=True)


def in_words(rows: pl.DataFrame, run: TierRun, rules: list[TierRule]) -> pl.DataFrame:
    """Candidate rows with their failed conditions and gaps worded from today's figures."""
    # An empty list goes through the same wording, so it has the same columns (its export
    # is an empty sheet with the headers).
    firms = enterprise_rows(rows["enterprise_id"].to_list())
    table = tier_firms(run.as_of, firms).select(list(FIRM_SCHEMA))
    return describe(rows, table, tier_honours(firms), rules, run.as_of,
                    tier_entries(firms, as_of=run.as_of))
