"""Reads of the stored chain monitoring (chains.monitoring writes it with the chain run), every
one through the scoping selector: the monitoring page, the chain overview's partial and the
cockpit's 产业链监测 section."""

from dataclasses import dataclass

from qiangshi.accounts.scoping import scope_filter
from qiangshi.chains.models import ChainVersion, Run
from qiangshi.chains.models_monitoring import ChainMonth, ChainTargetStatus, Monitoring
from qiangshi.chains.selectors import chain_versions, run_latest


@dataclass
class ChainMonitoring:
    """One chain's newest month and its targets' statuses."""

    version: ChainVersion
    month: ChainMonth | None
    statuses: list[ChainTargetStatus]

    @property
    def code(self) -> str:
        return self.version.name

    @property
    def name(self) -> str:
        return self.version.title


def chain_months(run: Run | None, *, user, chain: str):
    """The chain's months in the run, oldest first."""
    if run is None:
        return ChainMonth.objects.none()
    return scope_filter(ChainMonth.objects.filter(run=run, chain=chain), user=user).order_by("year", "month")


def target_statuses(run: Run | None, *, user, chain: str | None = None):
    if run is None:
        return ChainTargetStatus.objects.none()
    rows = ChainTargetStatus.objects.filter(run=run)
    if chain is not None:
        rows = rows.filter(chain=chain)
    return scope_filter(rows, user=user)


def monitoring_basis(run: Run | None) -> Monitoring | None:
    return None if run is None else Monitoring.objects.filter(run=run).first()


def chain_monitoring(*, user, version: ChainVersion) -> ChainMonitoring:
    """One chain's newest month and target statuses in the newest run: the context of
    chains/_monitoring.html on the chain's overview."""
    run = run_latest()
    return ChainMonitoring(version=version,
                           month=chain_months(run, user=user, chain=version.name).last(),
                           statuses=list(target_statuses(run, user=user, chain=version.name)))


def monitoring_summary(*, user) -> list[ChainMonitoring]:
    """Every chain the user may read with its newest month and target statuses, in the map's
    order (three queries whatever the number of chains)."""
    run = run_latest()
    versions = chain_versions(user=user)
    codes = [v.name for v in versions]
    newest: dict[str, ChainMonth] = {}
    statuses: dict[str, list[ChainTargetStatus]] = {}
    if run is not None:
        for month in ChainMonth.objects.filter(run=run, chain__in=codes).order_by("chain", "-year", "-month"):
            newest.setdefault(month.chain, month)
        for status in ChainTargetStatus.objects.filter(run=run, chain__in=codes):
            statuses.setdefault(status.chain, []).append(status)
    return [ChainMonitoring(version=v, month=newest.get(v.name), statuses=statuses.get(v.name, []))
            for v in versions]

