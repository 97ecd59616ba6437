"""What a change of figures sets off, in one place: computed figures (when the registry or the
project pipeline changed) → the progress run at the plan's latest month → alerts.

plan.figures.changes starts it as the `figures_refresh` job once per committed transaction that
marked a change; `qiangshi figures refresh` runs that job in its own process, `demo load`
the reaction itself.
"""

from dataclasses import dataclass

from qiangshi.jobs.progress import ProgressCallback, no_progress
from qiangshi.plan.computed.formulas import ComputedCounts, computed_refresh
from qiangshi.plan.figures.changes import pending_forget, reacting
from qiangshi.plan.models import Plan, ProgressRun
from qiangshi.plan.monitoring.alerts import AlertCounts, alerts_refresh
from qiangshi.plan.monitoring.progress import progress_for
from qiangshi.plan.monitoring.selectors import AsOf, latest_as_of


@dataclass
class Reaction:
    plan: Plan
    computed: ComputedCounts | None
    as_of: AsOf | None
    run: ProgressRun | None
    alerts: AlertCounts


def figures_react(plan_ids: list[int], *, registry: bool = False,
                  progress: ProgressCallback = no_progress) -> list[Reaction]:
    """Recompute, for each plan, what depends on its figures; `registry` first recomputes the
    figures of its formulas. `progress` hears three steps per plan."""
    plans = list(Plan.objects.filter(pk__in=plan_ids).select_related("region").order_by("pk"))
    total, done = 3 * len(plans), []
    for number, plan in enumerate(plans):
        progress(3 * number, total, f"重算“{plan.title}”的平台计算指标" if registry
                 else f"“{plan.title}”的数据已更新")
        computed = computed_refresh(plan) if registry else None
        progress(3 * number + 1, total, f"计算“{plan.title}”的目标进度")
        as_of = latest_as_of(plan)
        run = progress_for(plan, as_of) if as_of is not None else None
        progress(3 * number + 2, total, f"刷新“{plan.title}”的预警")
        done.append(Reaction(plan, computed, as_of, run, alerts_refresh(plan)))
    progress(total, total, "")
    return done


def react_now(plan_ids: list[int], *, registry: bool = False,
              progress: ProgressCallback = no_progress) -> list[Reaction]:
    """Run the reaction in this process: the `figures_refresh` job's body, and `demo load`,
    which reports the computed state before it returns."""
    with reacting():
        done = figures_react(plan_ids, registry=registry, progress=progress)
    pending_forget(plan_ids)
    return done
