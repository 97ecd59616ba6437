"""Policy documents (惠企政策) as versioned data: every edit is a new version, and a version is
published only when every clause's test cases pass (issue 17 §1)."""

from django.db import models

from qiangshi.accounts.scoping import ALL
from qiangshi.dataio.version_model import DocumentVersion


class PolicyVersion(DocumentVersion):
    """One version of a policy document; `name` is the policy's code, `title` its title."""

    document_number = models.CharField("文号", max_length=64, blank=True)
    published = models.BooleanField("已发布", default=False)
    published_by = models.CharField("发布人", max_length=150, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    scope_paths = {"region": ALL, "unit": ALL, "chain": ALL}

    class Meta(DocumentVersion.Meta):
        verbose_name = verbose_name_plural = "政策文件版本"
        permissions = [("publish_policyversion", "发布政策文件")]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="policy_version")]


from qiangshi.policies.models_ledger import (  # noqa: E402,F401
    Application,
    Batch,
    BatchItem,
    Budget,
    LedgerEntry,
    Objection,
)
from qiangshi.policies.models_pages import DryRun, MatchResult, MatchRun  # noqa: E402,F401
from qiangshi.policies.models_vouchers import (  # noqa: E402,F401
    EffectResult,
    Redemption,
    ServiceProvider,
    Voucher,
    VoucherProgramme,
)
