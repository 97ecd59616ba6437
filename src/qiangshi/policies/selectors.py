"""What the policy pages read: the policies in force as read documents, and the newest stored
matching run's results within the reader's scope (the firm's district)."""

from django.db.models import Case, Count, Sum, When

from qiangshi.accounts.scoping import scope_filter
from qiangshi.engine.policies import Policy, policy_read
from qiangshi.policies.models import DryRun, MatchResult, MatchRun, PolicyVersion
from qiangshi.policies.services import versions_in_force
from qiangshi.reference.documents import policy_documents


def run_latest() -> MatchRun | None:
    return MatchRun.objects.first()


def policies_shown() -> list[tuple[PolicyVersion | None, Policy]]:
    """Each policy in force with its version, in code order. Before anything is stored (the
    packaged documents are stored by the first matching), the packaged documents, unversioned:
    a page does not write."""
    stored = versions_in_force()
    if not stored and not PolicyVersion.objects.exists():
        return [(None, policy_read(document)) for _, document in sorted(policy_documents().items())]
    return [(version, policy_read(version.content)) for _, version in sorted(stored.items())]


def policy_shown(code: str) -> tuple[PolicyVersion | None, list[PolicyVersion], Policy | None]:
    """The version of `code` a page shows (the newest published, else the newest), all its
    versions newest first, and the document read; a packaged one unversioned before any is
    stored; None when no policy has that code."""
    versions = list(PolicyVersion.objects.filter(name=code).order_by("-version"))
    if versions:
        shown = next((v for v in versions if v.published), versions[0])
        return shown, versions, policy_read(shown.content)
    packaged = policy_documents().get(code) if not PolicyVersion.objects.exists() else None
    return None, [], policy_read(packaged) if packaged is not None else None


def policy_totals(run: MatchRun | None, *, user) -> dict[str, dict]:
    """Per policy code: the eligible firms (each once) and the money of `run`, in scope."""
    if run is None:
        return {}
    rows = (scope_filter(MatchResult.objects.filter(run=run, eligible=True), user=user)
            .values("policy").annotate(firms=Count("enterprise", distinct=True), money=Sum("amount")))
    return {row["policy"]: row for row in rows}


def policy_results(run: MatchRun | None, code: str, *, user, eligible: bool):
    """The eligible firms of a policy in `run` (largest amount first), or its near misses, with
    the firm, in scope."""
    if run is None:
        return MatchResult.objects.none()
    found = MatchResult.objects.filter(run=run, policy=code).select_related("enterprise")
    if eligible:
        found = found.filter(eligible=True)
    else:
        # A measurable gap (营业收入差 … 万元) first: those are the firms a push could bring in.
        found = found.filter(eligible=False, near_miss=True).order_by(
            Case(When(gap="", then=1), default=0), "clause", "uscc")
    return scope_filter(found, user=user)


def firm_matches(enterprise) -> list[MatchResult]:
    """The clauses `enterprise` is eligible for in the newest run (for the enterprise page)."""
    run = run_latest()
    if run is None:
        return []
    return list(MatchResult.objects.filter(run=run, enterprise=enterprise, eligible=True)
                .order_by("policy", "clause"))


def dryrun_latest(version: PolicyVersion) -> DryRun | None:
    return version.dryruns.first()
