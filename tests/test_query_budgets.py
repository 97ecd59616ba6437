"""Every list page has a query budget that does not grow with the rows it lists.

A budget checked against one row proves nothing: an N+1 costs one query per row. So each
page is loaded twice, on the demo at two sizes (the larger has more than a page of rows
where the page pages), as an analyst (whole city) and as a district user; the query count
must be the same at both sizes and within an absolute budget.
"""
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.conftest import login

SMALL, LARGE = 120, 400
# One absolute budget for every list page: today's heaviest page stays well under it.
BUDGET = 40


def _list_pages() -> dict[str, str]:
    """Page name → path; run pages are named apart from their ids, which differ between the
    two loads on PostgreSQL (a rolled-back transaction does not give sequence numbers back)."""
    from qiangshi.assessment.models import Run as AssessmentRun
    from qiangshi.cultivation.models import TierRun
    from qiangshi.evaluation.models import Run

    pages = [
        "/",
        "/notices/",
        "/cockpit/",
        "/cockpit/screen/",
        "/enterprises/",
        "/enterprises/industry-groups/",
        "/projects/",
        "/projects/stalls/",
        "/projects/dispatches/",
        "/cultivation/pool/",
        "/cultivation/pool/candidates/",
        "/cultivation/tiers/",
        "/cultivation/tiers/rules/",
        "/evaluation/",
        "/evaluation/appeals/",
        "/evaluation/methods/",
        "/assessment/",
        "/assessment/schemes/",
        "/chains/",
        "/chains/new-energy-vehicle/",
        "/plan/indicators/",
        "/plan/tasks/",
        "/plan/reporting/",
        "/plan/reporting/timeliness/",
        "/plan/alerts/",
        "/plan/pins/",
        "/plan/breakdown/",
        "/plan/breakdown/1/",
        "/plan/breakdown/1/MFG-REV/",
        "/system/regions/",
        "/system/units/",
        "/jobs/",
        "/chains/new-energy-vehicle/targets/",
        "/chains/new-energy-vehicle/carriers/",
        "/chains/new-energy-vehicle/guide/",
        "/bulletins/",
        "/policies/",
        "/policies/jizhengfa-2019-1/",
        "/policies/vouchers/",
        "/policies/vouchers/providers/",
        "/policies/vouchers/suspicious/",
    ]
    pages = {path: path for path in pages}
    run = Run.objects.order_by("-pk").first()
    if run:
        pages["evaluation run results"] = f"/evaluation/runs/{run.pk}/"
    assessment = AssessmentRun.objects.order_by("-pk").first()
    if assessment:
        pages["assessment ranking"] = f"/assessment/runs/{assessment.pk}/"
    tier_run = TierRun.objects.order_by("-pk").first()
    if tier_run:
        tier = tier_run.results.values_list("tier", flat=True).first()
        if tier:
            pages["tier candidates"] = f"/cultivation/tiers/{tier}/"
    return pages


def _query_counts(client, username: str, pages: dict[str, str]) -> dict[str, int | str]:
    login(client, username, DEMO_PASSWORD)
    counts = {}
    for name, path in pages.items():
        cache.clear()  # a cached page would hide the queries it costs when first rendered
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[name] = len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"
    client.post("/logout/")
    return counts


def _demo_counts(client, firms: int) -> dict[str, dict]:
    call_command("demo", "load", "--firms", str(firms), stdout=io.StringIO())
    pages = _list_pages()
    counts = {user: _query_counts(client, user, pages) for user in ("analyst", "lixia")}
    # The audit log is for administrators only.
    counts["admin"] = _query_counts(client, "admin", {"/system/audit/": "/system/audit/"})
    return counts


class _Discard(Exception):
    pass


@pytest.mark.django_db
def test_list_pages_cost_the_same_queries_whatever_the_number_of_rows(client, reference):
    try:
        with transaction.atomic():  # the small demo is rolled back before the large loads
            small = _demo_counts(client, SMALL)
            raise _Discard
    except _Discard:
        pass
    large = _demo_counts(client, LARGE)
    for user, counts in large.items():
        for path, count in counts.items():
            assert count != "HTTP 403" or user != "analyst", path  # the analyst sees every list
            if count == "HTTP 403":
                continue
            assert isinstance(count, int), (user, path, count)
            assert count == small[user][path], (user, path, small[user][path], count)
            assert count <= BUDGET, (user, path, count)


def test_overdue_list_costs_the_same_queries_for_every_reporting_unit_as_for_one(shared_demo, client):
    # 催报清单: the analyst sees the obligations of every reporting unit, a district user
    # those of its own unit. Asked unit by unit, the page cost five queries per unit.
    counts = _query_counts(client, "analyst", {"overdue": "/plan/reporting/overdue/"})
    counts.update({f"lixia {k}": v for k, v in
                   _query_counts(client, "lixia", {"overdue": "/plan/reporting/overdue/"}).items()})
    every_unit, one_unit = counts["overdue"], counts["lixia overdue"]
    # One query more at most: the plan's city, which the city-wide units report for.
    assert every_unit <= one_unit + 1, counts
    assert every_unit <= BUDGET, counts
