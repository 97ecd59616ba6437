"""梯度培育 pages: the overview of every tier, the candidate lists (with Excel export for the
districts) and a firm's live tier card."""

import datetime
from functools import partial

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.models import Region
from qiangshi.accounts.scoping import scope_filter, scope_key
from qiangshi.cultivation import tier_selectors as selectors
from qiangshi.cultivation.models import TierRuleVersion
from qiangshi.cultivation.tables import latest_year
from qiangshi.cultivation.tier_entry_import import COLUMNS, tier_entry_import
from qiangshi.cultivation.tier_rulebook import rule_save, rule_text, rules_all, rules_on
from qiangshi.cultivation.tier_services import EntryRefused, entry_items, tier_entry_add, tiers_assess
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.dataio.excel import xlsx_response
from qiangshi.dataio.tables import upload_import
from qiangshi.engine.tier_wording import label_table
from qiangshi.enterprises.selectors import enterprise_get, enterprise_rows
from qiangshi.jobs.services import job_start
from qiangshi.params import YEAR_MAX, YEAR_MIN, choice_param, date_of, date_param

PAGE_SIZE = 50
OVERVIEW_SECONDS = 3600


def _run_or_none(request):
    run = selectors.latest_run()
    return run, (run is not None and selectors.run_is_stale(run))


@permission_required("cultivation.view_tierrun", raise_exception=True)
def tiers_page(request):
    run, stale = _run_or_none(request)
    context = {"run": run, "stale": stale, "can_run": request.user.has_perm("cultivation.add_tierrun"),
               "lists": selectors.LISTS, "today": timezone.localdate()}
    if run is not None:
        rules = selectors.run_rules(run)
        # A run never changes: its overview is computed once per scope. The cache is kept in
        # files that outlive a re-created database, where the same id names another run:
        # the input hash tells them apart.
        key = f"tiers:{run.pk}:{run.input_hash[:16]}:{scope_key(request.user)}"
        overview = cache.get(key)
        if overview is None:
            overview = selectors.tier_overview(selectors.run_results(run, user=request.user), rules)
            cache.set(key, overview, OVERVIEW_SECONDS)
        context["basis"] = [("规则版本", "、".join(f"{r.name}（{r.version}）" for r in rules)),
                            ("方法版本", run.method_version), ("输入数据指纹", run.input_hash)]
        targets = selectors.tier_targets(rules)
        for row in overview:
            row["target"] = targets.get(row["tier"])
        context |= {"overview": overview, "chart": {
            "labels": [r["tier_name"] for r in overview],
            "series": [{"name": "已认定", "values": [r["held"] for r in overview]},
                       {"name": "可申报", "values": [r["eligible"] for r in overview]},
                       {"name": "临界培育", "values": [r["near"] for r in overview]}]}}
    return render(request, "cultivation/tiers.html", context)


@require_POST
@permission_required("cultivation.add_tierrun", raise_exception=True)
def tier_run_new(request):
    typed = request.POST.get("as_of", "").strip()
    as_of = date_of(typed) if typed else timezone.localdate()
    if as_of is None:
        messages.error(request, f"未能评估：评估日应为 {YEAR_MIN} 至 {YEAR_MAX} 年之间的日期（YYYY-MM-DD）")
        return redirect("cultivation:tiers")
    job = job_start("tier_run", user=request.user, title=f"梯队评估（评估日 {as_of:%Y-%m-%d}）",
                    as_of=as_of.isoformat())
    messages.success(request, f"已开始梯队评估（评估日 {as_of:%Y-%m-%d}）。")
    return redirect("jobs:detail", pk=job.pk)


@permission_required("cultivation.view_tierrun", raise_exception=True)
def tier_list_page(request, tier):
    run, stale = _run_or_none(request)
    if run is None:
        raise Http404("尚未进行梯队评估")
    rules = selectors.run_rules(run)
    rule = next((r for r in rules if r.tier == tier), None)
    if rule is None:
        raise Http404("没有这个梯队")
    list_name = choice_param(request.GET, "list", selectors.LISTS, "eligible")
    region = request.GET.get("region", "").strip()
    results = selectors.run_results(run, user=request.user, tier=tier, region=region or None)
    near = selectors.near_settings(rule, request.GET)
    rows = selectors.candidate_rows(results, list_name, rule, near)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_export(selectors.in_words(rows, run, rules)), sheet=rule.name[:20],
                             filename=f"{rule.name}{selectors.LISTS[list_name][:4]}名单.xlsx")
    page = Paginator(range(rows.height), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = selectors.in_words(rows.slice(page.start_index() - 1, PAGE_SIZE) if rows.height else rows,
                               run, rules)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    # Conditions no firm's data can settle are said once above the list, not on every row.
    common = set(label_table([rule]).filter(pl.col("kind") == "condition", pl.col("manual"))["label"])
    listed = [{**row, "manual": [m for m in row["manual"] if m not in common]} for row in shown.to_dicts()]
    return render(request, "cultivation/tier_list.html", {
        "run": run, "stale": stale, "rule": rule, "list_name": list_name, "lists": selectors.LISTS,
        "rows": listed, "common_manual": sorted(common), "page": page, "total": rows.height,
        "query": query.urlencode(),
        "region": region, "regions": scope_filter(Region.objects.exclude(kind="city"), user=request.user),
        "near": near, "gap_percent": None if near.relative_gap is None else round(near.relative_gap * 100, 2),
        "floor": _floor(rule, near),
    })


def _floor(rule, near) -> float | None:
    """For a rule with one figure to reach (规上, 十亿级 …) the value from which a firm
    counts as near."""
    lines = [t for c in rule.conditions for b in c.branches for t in b if t.op in (">=", ">")]
    if len(lines) != 1 or near.relative_gap is None:
        return None
    return lines[0].value * (1 - near.relative_gap)


def _export(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        pl.col("uscc").alias("统一社会信用代码"), pl.col("name").alias("企业名称"),
        pl.col("region_name").alias("所在区县"), pl.col("tier_name").alias("梯队"),
        pl.col("version").alias("规则版本"), pl.col("status").alias("评估结论"),
        pl.col("score").alias("已知得分"), pl.col("score_max").alias("最高可能得分"),
        pl.col("route").alias("直通条件"),
        *[pl.col(c).list.join("；").alias(label) for c, label in (
            ("failed", "未满足条件"), ("gaps", "差距"), ("missing", "缺少数据"), ("manual", "需人工核验"))])


@permission_required("enterprises.view_enterprise", raise_exception=True)
def tier_card(request, uscc):
    """A firm's tiers assessed live (its profile loads this with htmx), as of the date asked
    for, else the latest run's date, so the card and the lists read the same year of data."""
    firm = enterprise_get(user=request.user, uscc=uscc)
    as_of = date_param(request.GET, "as_of") or _latest_as_of()
    rows = tiers_assess(as_of, enterprises=enterprise_rows([firm.pk]))
    return render(request, "cultivation/tier_card.html", {
        "firm": firm, "as_of": as_of, "data_year": latest_year(as_of), "rows": rows.to_dicts(),
        "can_enter": request.user.has_perm("cultivation.add_tieritementry"),
        "state_marks": {"met": "✓", "unmet": "✗", "missing": "？缺数据", "manual": "☐ 人工核验"}})


def _day(params, name: str, label: str) -> datetime.date | None:
    """An optional date of the entry form; a filled field that is no date is refused."""
    text = params.get(name, "").strip()
    day = date_of(text)
    if text and day is None:
        raise EntryRefused(f"{label}“{text[:20]}”不是有效日期（如 2025-01-01）")
    return day


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@permission_required("cultivation.view_tieritementry", raise_exception=True)
def tier_entries_page(request, uscc):
    """The score items a person settles for one firm (领域, 质量管理, 山东特色化, 本省排名, 高企
    expert items …): the points in force with who entered them, when and on what evidence, the
    earlier entries, and for an analyst a form per item."""
    firm = enterprise_get(user=request.user, uscc=uscc)
    rules = rules_on(_latest_as_of())
    can_enter = request.user.has_perm("cultivation.add_tieritementry")
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        try:
            entry = tier_entry_add(firm, tier=request.POST.get("tier", ""), item=request.POST.get("item", ""),
                                   points=_number(request.POST.get("points", "")),
                                   evidence=request.POST.get("evidence", ""),
                                   evidence_ref=request.POST.get("evidence_ref", ""), rules=rules,
                                   valid_from=_day(request.POST, "valid_from", "起始日期"),
                                   valid_until=_day(request.POST, "valid_until", "截止日期"))
        except EntryRefused as refused:
            messages.error(request, f"未保存：{refused}")
        else:
            until = f"至 {entry.valid_until:%Y-%m-%d} " if entry.valid_until else ""
            messages.success(request, f"已录入 {entry.points:g} 分，自 {entry.valid_from:%Y-%m-%d} 起{until}"
                                      "有效：评估日期在有效期内的企业梯队卡片即时计入，梯队名单在重新评估后计入。")
        return redirect("cultivation:tier_entries", uscc=firm.uscc)
    today = timezone.localdate()
    history, current = selectors.firm_entries(firm, day=today)
    items = [{"rule": rule, "item": item, "entry": current.get((rule.tier, item.key)),
              "boundary": item.boundary_note()} for rule, item in entry_items(rules)]
    labels = {(rule.tier, item.key): f"{rule.name}：{item.label}" for rule, item in entry_items(rules_all())}
    return render(request, "cultivation/tier_entries.html", {
        "firm": firm, "items": items, "can_enter": can_enter, "today": today, "history": [
            {"entry": e, "label": labels.get((e.tier, e.item), "（现行规则已无此项）")} for e in history]})


@permission_required("cultivation.add_tieritementry", raise_exception=True)
def tier_entries_import_page(request):
    rules = rules_on(_latest_as_of())
    report = upload_import(request, partial(tier_entry_import, rules=rules))
    return render(request, "cultivation/tier_entries_import.html", {
        "report": report, "columns": COLUMNS.values(), "items": entry_items(rules)})


def _latest_as_of() -> datetime.date:
    run = selectors.latest_run()
    return run.as_of if run is not None else timezone.localdate()


@permission_required("cultivation.view_tierrun", raise_exception=True)
def rules_page(request):
    today = timezone.localdate()
    saved = {(v.tier, v.version): v for v in TierRuleVersion.objects.all()}
    rules = sorted(rules_all(), key=lambda r: (r.tier, r.effective_from))
    return render(request, "cultivation/tier_rules.html", {"today": today, "rows": [
        {"rule": r, "in_force": r.in_force(today), "saved": saved.get((r.tier, r.version))}
        for r in rules]})


@permission_required("cultivation.view_tierrun", raise_exception=True)
def rule_page(request, tier, version):
    found = rule_text(tier, version)
    if found is None:
        raise Http404("没有这个规则版本")
    text, saved = found
    can_edit = request.user.has_perm("cultivation.add_tierruleversion")
    problems, draft, note = [], text, ""
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        draft, note = request.POST.get("document", ""), request.POST.get("note", "")
        try:
            created = rule_save(draft, note=note)
        except DocumentInvalid as error:
            problems = error.messages
        else:
            messages.success(request, f"已保存规则 {created.tier} {created.version}，"
                                      "此后的评估按生效日期选用。")
            return redirect("cultivation:tier_rule", tier=created.tier, version=created.version)
    rule = next(r for r in rules_all() if (r.tier, r.version) == (tier, version))
    return render(request, "cultivation/tier_rule.html", {
        "rule": rule, "text": text, "saved": saved, "can_edit": can_edit, "problems": problems,
        "draft": draft, "note": note})
