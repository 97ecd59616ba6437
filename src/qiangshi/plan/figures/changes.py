"""Marking that a plan's figures changed: the data version moves, and once the transaction
commits the one reaction (plan.monitoring.reaction.figures_react) recomputes what depends on them, as a
background job (`figures_refresh`, plan.tasks) that the 任务 page shows with its progress.

Writers only mark; however many writes a transaction makes, it reacts once, with every plan
it touched. A transaction that rolls back reacts not at all: Django drops the commit hooks of
a rolled-back (savepoint or) transaction, and the pending marks go with their hook.
"""

import threading
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F

from qiangshi.accounts.context import current_actor
from qiangshi.jobs.services import job_start
from qiangshi.plan.models import Plan


@dataclass
class Pending:
    plan_ids: set[int] = field(default_factory=set)
    registry: bool = False
    done: bool = False

    def __call__(self) -> None:
        self.done = True
        if self.plan_ids:
            job_start("figures_refresh", user=current_actor().user,
                      plan_ids=sorted(self.plan_ids), registry=self.registry)


_state = threading.local()


class reacting:
    """While the reaction runs, its own writes need no further reaction: it goes on to
    progress and alerts itself."""

    def __enter__(self):
        _state.reacting = True

    def __exit__(self, *exc):
        _state.reacting = False


def _current() -> Pending | None:
    """The pending reaction of the current transaction, if a write marked one."""
    for _savepoints, callback, _robust in connection.run_on_commit:
        # A test's captured hooks stay in the list after they ran.
        if isinstance(callback, Pending) and not callback.done:
            return callback
    return None


def _pending() -> Pending:
    """The pending reaction of the current transaction, registered on commit when first asked."""
    pending = _current()
    if pending is None:
        pending = Pending()
        if connection.in_atomic_block:
            transaction.on_commit(pending)
    return pending


def figures_changed(plan: Plan | int, *, registry: bool = False) -> None:
    """The plan's figures (or milestones, or the registry behind its formulas) changed."""
    plan_id = plan if isinstance(plan, int) else plan.pk
    Plan.objects.filter(pk=plan_id).update(data_version=F("data_version") + 1)
    if getattr(_state, "reacting", False):
        return
    pending = _pending()
    pending.plan_ids.add(plan_id)
    pending.registry |= registry
    if not connection.in_atomic_block:
        # Autocommit: the write is already committed.
        pending()


def pending_forget(plan_ids: list[int]) -> None:
    """The reaction for these plans ran in this process (monitoring.reaction.react_now); the
    transaction's pending reaction has nothing left to do for them."""
    pending = _current()
    if pending is not None:
        pending.plan_ids.difference_update(plan_ids)


def registry_changed_mark(**kwargs) -> None:
    """Receiver of the registry's and the pipeline's change signals: every current plan with
    formulas reacts, computing its figures first."""
    for plan_id in Plan.objects.filter(is_current=True, indicators__formula__isnull=False) \
            .values_list("pk", flat=True).distinct():
        figures_changed(plan_id, registry=True)
