"""Policy versions: saved (every problem refused at once), published only when every clause's
own test cases pass, and the published versions the matching reads. The packaged documents
are stored and published as version 1 the first time policies are used."""

import datetime

from django.db import transaction
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.dataio.documents import plain
from qiangshi.dataio.versions import version_next, version_save
from qiangshi.engine.policies import Policy, PolicyInvalid, clause_tests, policy_read
from qiangshi.policies.models import PolicyVersion
from qiangshi.reference.documents import policy_documents


class PublishRefused(ValueError):
    """A version that cannot be published; `failures` says why, in Chinese."""

    def __init__(self, failures: list[str]):
        super().__init__("；".join(failures))
        self.failures = failures


def _stored(value):
    """The document as JSON keeps it: YAML's dates (生效日期) as ISO text, which the reader takes."""
    if isinstance(value, dict):
        return {k: _stored(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stored(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def _checked(document) -> tuple[Policy | None, list[str]]:
    try:
        return policy_read(plain(document)), []
    except PolicyInvalid as invalid:
        return None, invalid.problems


@transaction.atomic
def policy_save(document: dict, *, based_on: PolicyVersion | None, note: str) -> PolicyVersion:
    """A policy document stored as the next (unpublished) version of its code."""
    policy, problems = _checked(document)
    code = str(document.get("code") or "") if isinstance(document, dict) else ""
    return version_save(
        PolicyVersion, problems=problems, note=note, name=code,
        version=version_next(PolicyVersion.objects.filter(name=code), "version"),
        title=(policy.title if policy else "")[:200],
        document_number=(policy.doc_no if policy else "")[:64],
        content=_stored(plain(document)), based_on=based_on, created_by=current_actor().name)


@transaction.atomic
def policy_publish(version: PolicyVersion) -> PolicyVersion:
    """Publish a version: refused, with every failing test case, unless all of them pass."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    policy, problems = _checked(version.content)
    failures = problems or clause_tests(policy)
    if failures:
        raise PublishRefused(failures)
    version.published = True
    version.published_by, version.published_at = current_actor().name, timezone.now()
    version.save(update_fields=["published", "published_by", "published_at"])
    return version


def policies_in_force() -> list[Policy]:
    """The newest published version of every policy (the packaged ones stored on first use)."""
    if not PolicyVersion.objects.exists():
        for document in policy_documents().values():
            policy_publish(policy_save(document, based_on=None, note="平台内置政策文件"))
    return policies_published()


def policies_published() -> list[Policy]:
    """The newest published version of every stored policy, storing nothing (pages read this)."""
    return [policy_read(version.content) for version in versions_in_force().values()]


def versions_in_force() -> dict[str, PolicyVersion]:
    """The newest published version of each policy, by code."""
    newest = {}
    for version in PolicyVersion.objects.filter(published=True).order_by("name", "-version"):
        newest.setdefault(version.name, version)
    return newest

