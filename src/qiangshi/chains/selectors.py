"""Reads of the chain pages and of other apps, every one through the scoping selector."""

from django.db.models import Count, Max
from django.http import Http404

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.chains.models import Attachment, ChainResult, ChainVersion, Decision, Leader, NodeResult, Run


def run_latest() -> Run | None:
    """The newest chain run (the one whose firm lists are kept)."""
    return Run.objects.first()


def chain_versions(*, user) -> list[ChainVersion]:
    """The newest version of every chain `user` may read, in the map's order."""
    latest = ChainVersion.objects.values("name").annotate(v=Max("version"))
    wanted = {row["name"]: row["v"] for row in latest}
    visible = scope_filter(ChainVersion.objects.filter(name__in=wanted), user=user)
    return sorted((v for v in visible if v.version == wanted[v.name]), key=lambda v: (v.position, v.name))


def chain_version(*, user, code: str) -> ChainVersion:
    """The newest version of one chain, 404 outside the user's scope."""
    newest = ChainVersion.objects.filter(name=code).aggregate(v=Max("version"))["v"]
    return scoped_get_or_404(ChainVersion.objects.all(), user=user, name=code, version=newest or 0)


def chain_names() -> dict[str, str]:
    """Chain code → name (the newest version's), for labelling what other apps store by code."""
    names = {}
    for code, title in ChainVersion.objects.order_by("name", "-version").values_list("name", "title"):
        names.setdefault(code, title)
    return names


def chain_results(run: Run | None, *, user):
    if run is None:
        return ChainResult.objects.none()
    return scope_filter(run.chains.select_related("version"), user=user)


def node_results(run: Run | None, *, user, chain: str):
    if run is None:
        return NodeResult.objects.none()
    return scope_filter(run.nodes.filter(chain=chain), user=user).select_related("top_firm")


def node_firms(*, user, chain: str, node: str):
    """The firms on a node in the newest run, as far as the user may read them."""
    return scope_filter(Attachment.objects.filter(chain=chain, node=node), user=user).select_related(
        "enterprise", "enterprise__region")


def leaders(*, user, chain: str):
    return scope_filter(Leader.objects.filter(chain=chain), user=user).select_related("enterprise")


def chain_firm_ids(chain: str):
    """The ids of the firms on `chain` in the newest run (a subquery)."""
    return Attachment.objects.filter(chain=chain).values("enterprise_id")


def chain_nodes() -> dict[str, list[str]]:
    """Chain code → the node names of its newest map (what a project's 产业链环节 may name)."""
    newest: dict[str, list[str]] = {}
    for code, content in ChainVersion.objects.order_by("name", "-version").values_list("name", "content"):
        newest.setdefault(code, [node["name"] for node in content.get("nodes") or []])
    return newest


def node_result(*, user, chain: str, pk: int) -> NodeResult:
    """A node of the newest run, 404 for an older run's node or one outside the user's scope."""
    return scoped_get_or_404(NodeResult.objects.filter(run=run_latest(), chain=chain), user=user, pk=pk)


def rating_counts(run: Run | None, *, user) -> dict[str, dict[str, int]]:
    """Chain code → rating → number of nodes, for every chain of `run` the user may read."""
    counts: dict[str, dict[str, int]] = {}
    if run is None:
        return counts
    rows = (scope_filter(run.nodes.all(), user=user).order_by().values("chain", "rating")
            .annotate(n=Count("pk")))
    for row in rows:
        counts.setdefault(row["chain"], {})[row["rating"]] = row["n"]
    return counts


def leader_counts(*, user) -> dict[str, int]:
    """Chain code → confirmed 链主."""
    rows = scope_filter(Leader.objects.filter(status=Leader.Status.CONFIRMED), user=user)
    return dict(rows.order_by().values("chain").annotate(n=Count("pk")).values_list("chain", "n"))


def node_decisions(*, user, chain: str, node: str):
    """The task force's decisions at a node, the rejected firms (no longer attached) among them."""
    return scope_filter(Decision.objects.filter(chain=chain, node=node), user=user).select_related(
        "enterprise", "enterprise__region")


def node_enterprise(*, user, chain: str, node: str, enterprise_id: int):
    """A firm on the node or decided at it, as far as the user may read it; 404 otherwise."""
    found = (node_firms(user=user, chain=chain, node=node).filter(enterprise_id=enterprise_id).first()
             or node_decisions(user=user, chain=chain, node=node).filter(enterprise_id=enterprise_id).first())
    if found is None:
        raise Http404("该企业不在本节点")
    return found.enterprise
