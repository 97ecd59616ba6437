"""The policy pages."""

from django.urls import include, path

app_name = "policies"

urlpatterns = [
    # Two-segment paths first: the pages' `<str:code>/` would take "ledger/" for a policy code.
    path("", include("qiangshi.policies.urls_ledger")),
    path("", include("qiangshi.policies.urls_vouchers")),
    path("", include("qiangshi.policies.urls_pages")),
]
