"""Tier assessment runs: load the registry, call the engine, store every firm × tier result
with the rule versions and an input hash (the same inputs give back the same run)."""

import datetime

import polars as pl
from django.db import transaction
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.cultivation.models import TierItemEntry, TierResult, TierRun
from qiangshi.cultivation.tables import tier_entries, tier_firms, tier_honours
from qiangshi.cultivation.tier_rulebook import rules_on
from qiangshi.dataio.bulk import bulk_insert
from qiangshi.engine.hashing import input_hash
from qiangshi.engine.tier_metrics import FIRM_SCHEMA
from qiangshi.engine.tier_rules import Item, TierRule
from qiangshi.engine.tier_wording import describe
from qiangshi.engine.tiers import METHOD_VERSION, assess
from qiangshi.jobs.progress import ProgressCallback, no_progress

#: Results of older runs are dropped beyond this many; the runs themselves (as_of, versions,
#: input hash) stay, so any of them can be recomputed.
RUNS_KEPT = 3
RESULT_FIELDS = ("held", "eligible", "score", "score_max", "score_passed", "failed_bits",
                 "missing_bits", "gap_bits", "distance", "near")


def method_version(rules: list[TierRule]) -> str:
    return "+".join([METHOD_VERSION, *sorted(f"{r.tier}@{r.version}" for r in rules)])


def tiers_assess(as_of: datetime.date, *, enterprises=None, tier: str | None = None) -> pl.DataFrame:
    """A live assessment of `enterprises` (default all) against the rules in force on `as_of`,
    in words, with the firm's enterprise_id, name and places."""
    rules = [r for r in rules_on(as_of) if tier is None or r.tier == tier]
    firms, honours = tier_firms(as_of, enterprises), tier_honours(enterprises)
    entries = tier_entries(enterprises, as_of=as_of)
    table = firms.select(list(FIRM_SCHEMA))
    result = describe(assess(table, honours, rules, as_of=as_of, entries=entries), table, honours, rules,
                      as_of, entries)
    places = firms.select("uscc", "enterprise_id", "name", "region", "zone", "industry_code")
    return places.join(result, on="uscc")


def tier_run_create(as_of: datetime.date, *, note: str = "",
                    progress: ProgressCallback = no_progress) -> tuple[TierRun, bool]:
    """Assess every firm and store the results; (run, created). Unchanged inputs and rules
    return the stored run instead of a copy. `progress(done, total, message)` hears each step."""
    progress(0, 3, "读取企业数据与认定规则")
    rules = rules_on(as_of)
    firms, honours, entries = tier_firms(as_of), tier_honours(), tier_entries(as_of=as_of)
    version = method_version(rules)
    digest = input_hash(firms.select(list(FIRM_SCHEMA)), honours, entries, method=version,
                        parameters={"as_of": as_of.isoformat()})
    existing = TierRun.objects.filter(as_of=as_of, input_hash=digest).first()
    if existing is not None:
        progress(3, 3, "数据和规则均未变化，沿用上次评估结果")
        return existing, False
    progress(1, 3, f"评估 {firms.height} 家企业")
    result = assess(firms.select(list(FIRM_SCHEMA)), honours, rules, as_of=as_of, entries=entries).join(
        firms.select("uscc", "enterprise_id"), on="uscc")
    progress(2, 3, f"保存 {firms.height} 家企业的评估结果")
    actor = current_actor()
    with transaction.atomic():
        run = TierRun.objects.create(as_of=as_of, method_version=version, input_hash=digest,
                                     firm_count=firms.height, note=note,
                                     computed_by=actor.user, computed_by_name=actor.name)
        rows = result.select(pl.lit(run.pk).alias("run_id"), "enterprise_id", "tier", "version",
                             *RESULT_FIELDS)
        bulk_insert(TierResult, ["run", "enterprise", "tier", "version", *RESULT_FIELDS], rows.rows())
        stale = TierRun.objects.order_by("-computed_at", "-pk").values_list("pk", flat=True)[RUNS_KEPT:]
        TierResult.objects.filter(run_id__in=list(stale)).delete()
    progress(3, 3, f"已完成梯队评估：{run.firm_count} 家企业")
    return run, True


class EntryRefused(ValueError):
    """An entered item refused, with the reason in Chinese."""


def entry_items(rules: list[TierRule]) -> list[tuple[TierRule, Item]]:
    """The score items a person may settle for a firm: those the platform cannot compute
    (manual) and those with options to pick from (e.g. 本省排名, which no table holds)."""
    return [(rule, item) for rule in rules if rule.score for item in rule.score.items
            if item.manual or item.options]


def tier_entry_add(enterprise, *, tier: str, item: str, points: float | None, evidence: str,
                   evidence_ref: str = "", rules: list[TierRule],
                   valid_from: datetime.date | None = None,
                   valid_until: datetime.date | None = None) -> TierItemEntry:
    """Record the points `enterprise` earns for a score item of `tier`, with the evidence,
    holding from `valid_from` (default today) until `valid_until` (default open). Raises
    EntryRefused for an item that cannot be entered, points outside the item's range or
    options, no evidence, or an end before the start."""
    target = next((i for r, i in entry_items(rules) if r.tier == tier and i.key == item), None)
    if target is None:
        raise EntryRefused("没有这个可人工录入的评分项")
    if points is None or not 0 <= points <= target.max:
        raise EntryRefused(f"“{target.label}”的得分应在 0 至 {target.max:g} 分之间")
    if target.options and points not in {p for p, _ in target.options}:
        raise EntryRefused(f"“{target.label}”请从所列档位中选择")
    if not evidence.strip():
        raise EntryRefused("请写明依据（如认定文件、证书或专家评审意见）")
    valid_from = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < valid_from:
        raise EntryRefused(f"截止日期 {valid_until:%Y-%m-%d} 早于起始日期 {valid_from:%Y-%m-%d}")
    actor = current_actor()
    return TierItemEntry.objects.create(enterprise=enterprise, tier=tier, item=item, points=points,
                                        evidence=evidence.strip(), evidence_ref=evidence_ref.strip()[:200],
                                        valid_from=valid_from, valid_until=valid_until,
                                        entered_by=actor.user, entered_by_name=actor.name)
