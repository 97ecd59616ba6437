"""What a change of figures sets off, in one place: computed figures (when the registry or the
project pipeline changed) → the progress run at the plan's latest month → alerts.

plan.changes calls `figures_react` once per committed transaction that marked a change; the
`qiangshi figures refresh` command calls it on demand. It runs synchronously; to move it to a
background job, this is the one function to enqueue instead of call.
"""

from dataclasses import dataclass

from qiangshi.plan.alerts import AlertCounts, alerts_refresh
from qiangshi.plan.computed import ComputedCounts, computed_refresh
from qiangshi.plan.models import Plan, ProgressRun
from qiangshi.plan.monitoring import AsOf, latest_as_of, progress_for


@dataclass
class Reaction:
    plan: Plan
    computed: ComputedCounts | None
    as_of: AsOf | None
    run: ProgressRun | None
    alerts: AlertCounts


def figures_react(plan_ids: list[int], *, registry: bool = False) -> list[Reaction]:
    """Recompute, for each plan, what depends on its figures; `registry` first recomputes the
    figures of its formulas."""
    done = []
    for plan in Plan.objects.filter(pk__in=plan_ids).select_related("region").order_by("pk"):
        computed = computed_refresh(plan) if registry else None
        as_of = latest_as_of(plan)
        run = progress_for(plan, as_of) if as_of is not None else None
        done.append(Reaction(plan, computed, as_of, run, alerts_refresh(plan)))
    return done
