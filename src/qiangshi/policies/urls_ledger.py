"""The 兑现 pages (included by policies.urls under the "policies" namespace)."""

from django.urls import path

from qiangshi.policies import views_ledger

urlpatterns = [
    path("batches/", views_ledger.batches_page, name="batches"),
    path("batches/<int:pk>/", views_ledger.batch_page, name="batch"),
    path("ledger/", views_ledger.ledger_page, name="ledger"),
    path("applications/", views_ledger.applications_page, name="applications"),
    path("applications/<int:pk>/", views_ledger.application_page, name="application"),
    path("budget/", views_ledger.budget_page, name="budget"),
]
