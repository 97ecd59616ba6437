"""Matching runs and dry runs, computed once and stored: every firm of the registry against the
policies in force for a year (eligible firms and near misses, with the trace), reused when
nothing it reads has changed; and a version's totals by district and chain against a budget."""

import polars as pl
from django.db import transaction

from qiangshi.accounts.context import current_actor
from qiangshi.engine.hashing import input_hash
from qiangshi.engine.policies import METHOD_VERSION, PolicyInvalid, dryrun, match, policy_read
from qiangshi.enterprises.selectors import fact_year_latest
from qiangshi.jobs.progress import ProgressCallback, no_progress
from qiangshi.policies.firms import policy_firm_table
from qiangshi.policies.models import DryRun, MatchResult, MatchRun, PolicyVersion
from qiangshi.policies.services import policies_in_force, versions_in_force


class MatchRefused(ValueError):
    """A matching or dry run that cannot run; the message says why, in Chinese."""


def _year(year: int | None) -> int:
    year = year or fact_year_latest()
    if year is None:
        raise MatchRefused("企业库中尚无年度数据，无法匹配政策")
    return year


def match_run_create(*, year: int | None = None, job_id: int | None = None,
                     progress: ProgressCallback = no_progress) -> MatchRun:
    """Match every firm against the policies in force for `year` (the newest year with facts by
    default) and keep the run; an identical earlier run (same inputs, same method) is reused."""
    year = _year(year)
    progress(0, 3, "读取政策与企业数据")
    policies = policies_in_force()
    versions = {code: v.version for code, v in versions_in_force().items()}
    firms = policy_firm_table(year)
    fingerprint = input_hash(firms, method=METHOD_VERSION,
                             parameters={"year": year, "policies": [p.code for p in policies],
                                         "versions": versions})
    same = MatchRun.objects.filter(year=year, input_hash=fingerprint).first()
    if same is not None:
        progress(3, 3, f"输入未变，沿用政策匹配批次 #{same.pk}")
        return same
    progress(1, 3, f"按 {sum(len(p.clauses) for p in policies)} 个条款匹配 {firms.height} 家企业")
    result = match(policies, firms, year, keep="near").join(
        firms.select("uscc", "enterprise_id"), on="uscc", how="inner")
    progress(2, 3, "保存匹配结果")
    with transaction.atomic():
        run = MatchRun.objects.create(
            year=year, input_hash=fingerprint, method_version=METHOD_VERSION, versions=versions,
            eligible_count=int(result["eligible"].sum()), computed_by=current_actor().name, job_id=job_id)
        MatchResult.objects.bulk_create([
            MatchResult(run=run, enterprise_id=row["enterprise_id"], uscc=row["uscc"],
                        policy=row["policy"], clause=row["clause"], eligible=row["eligible"],
                        amount=row["amount"] or 0, schedule=row["schedule"] or [],
                        unmet=row["unmet"] or [], near_miss=row["near_miss"],
                        gap=(row["gap"] or "")[:200], trace=row["trace"] or "")
            for row in result.iter_rows(named=True)], batch_size=1000)
    progress(3, 3, f"已完成{year}年政策匹配：{run.eligible_count} 项符合")
    return run


def dryrun_create(version: PolicyVersion, *, budget: float | None = None, year: int | None = None,
                  job_id: int | None = None) -> DryRun:
    """What `version` (published or not) would grant over the registry's firms for `year`."""
    year = _year(year)
    try:
        policy = policy_read(version.content)
    except PolicyInvalid as invalid:
        raise MatchRefused("；".join(invalid.problems)) from None
    firms = policy_firm_table(year)
    totals = dryrun(match([policy], firms, year), firms, budget)
    return DryRun.objects.create(
        version=version, year=year, budget=budget, totals=totals.with_columns(pl.col("amount").round(4))
        .to_dicts(), computed_by=current_actor().name, job_id=job_id)
