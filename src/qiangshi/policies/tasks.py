"""Policy jobs: matching and dry runs, a 兑现 batch created from the engine's match over the
year's firm table, and 跟踪问效."""

from django.urls import reverse

from qiangshi.engine.policies import match
from qiangshi.jobs.progress import progress_job_id
from qiangshi.jobs.services import JobError, JobResult, job_kind
from qiangshi.policies.effect_panel import effect_store
from qiangshi.policies.firms import policy_firm_table
from qiangshi.policies.ledger import LedgerRefused, batch_create, clause_of
from qiangshi.policies.matching import MatchRefused, dryrun_create, match_run_create
from qiangshi.policies.models import PolicyVersion
from qiangshi.policies.models_ledger import Budget
from qiangshi.policies.services import policies_in_force


@job_kind("policy_match", "惠企政策匹配")
def policy_match(progress, *, year: int | None = None) -> JobResult:
    try:
        run = match_run_create(year=year, job_id=progress_job_id(progress), progress=progress)
    except MatchRefused as refused:
        raise JobError(f"未能匹配政策：{refused}") from None
    return JobResult(message=f"已完成{run.year}年政策匹配：{run.eligible_count} 项符合。",
                     url=reverse("policies:list"), label="查看惠企政策", value=run)


@job_kind("policy_dryrun", "政策试算")
def policy_dryrun(progress, *, version: int, budget: float | None = None) -> JobResult:
    found = PolicyVersion.objects.filter(pk=version).first()
    if found is None:
        raise JobError("政策版本已不存在")
    try:
        run = dryrun_create(found, budget=budget, job_id=progress_job_id(progress))
    except MatchRefused as refused:
        raise JobError(f"未能试算：{refused}") from None
    return JobResult(message=f"已完成{found.title}第 {found.version} 版试算。",
                     url=reverse("policies:dryrun", args=[found.pk]), label="查看试算结果", value=run)



@job_kind("policy_batch", "政策兑现批次")
def policy_batch(progress, *, policy: str, clause: str, year: int, budget_id: int) -> JobResult:
    policies = policies_in_force()
    try:
        found, wanted, non_stacking = clause_of(policies, policy, clause)
        budget = Budget.objects.get(pk=budget_id)
        progress(1, 3, "匹配企业")
        rows = match([found], policy_firm_table(year), year)
        progress(2, 3, "生成批次")
        batch = batch_create(policy=found, clause=wanted, non_stacking=non_stacking, year=year, budget=budget,
                             rows=rows.filter(rows["clause"] == clause))
    except (LedgerRefused, Budget.DoesNotExist) as refused:
        raise JobError(f"未能生成兑现批次：{refused}") from None
    count = batch.items.count()
    return JobResult(message=f"已生成{year}年「{wanted.title}」兑现批次：{count} 家企业。",
                     url=reverse("policies:batch", args=[batch.pk]), label="查看批次", value=batch)



@job_kind("policy_effect", "跟踪问效")
def policy_effect_job(progress, *, policy: str, year: int) -> JobResult:
    found = next((p for p in policies_in_force() if p.code == policy), None)
    if found is None:
        raise JobError("该政策未发布，不能评估")
    stored = effect_store(found, year)
    return JobResult(message=f"已完成{found.title}{year}年支持的跟踪问效。", label="查看跟踪问效",
                     url=f"{reverse('policies:effect')}?policy={policy}&year={year}", value=stored)
