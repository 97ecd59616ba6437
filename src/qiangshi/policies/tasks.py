"""Policy jobs: a 兑现 batch created from the engine's match over the year's firm table."""

from django.urls import reverse

from qiangshi.engine.policies import match
from qiangshi.jobs.services import JobError, JobResult, job_kind
from qiangshi.policies.firms import policy_firm_table
from qiangshi.policies.ledger import LedgerRefused, batch_create, clause_of
from qiangshi.policies.models_ledger import Budget
from qiangshi.policies.services import policies_in_force


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
