"""A changed registry reaches what cultivation derives from it through one background job:
the pool's 倍增 statuses and the latest tier assessment, made again at its own date."""

import datetime

from qiangshi.cultivation.models import PoolMember, TierRun
from qiangshi.cultivation.pool_services import pool_intake
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Enterprise
from qiangshi.jobs.models import Job
from tests.cultivation.test_tiers import assessed, three_years  # noqa: F401 — fixture
from tests.enterprises.conftest import HUAWEI, fact, facts_file


def _import(rows, capture):
    with capture(execute=True):
        report = fact_import(facts_file(rows), "更正.xlsx")
    assert report.written, report.errors


def test_an_import_reassesses_the_latest_tier_run_in_one_job(
        assessed, django_capture_on_commit_callbacks):  # noqa: F811
    _import([fact(HUAWEI, year="2024", revenue="14000", profit="1200", rd_expense="420")],
            django_capture_on_commit_callbacks)
    [job] = Job.objects.filter(kind="cultivation_refresh")
    assert job.state == Job.State.DONE and "重新评估" in job.message
    latest = TierRun.objects.order_by("-pk").first()
    assert latest.pk != assessed.pk and latest.as_of == datetime.date(2025, 6, 30)
    assert latest.input_hash != assessed.input_hash


def test_an_import_that_changes_nothing_the_rules_read_keeps_the_tier_run(
        assessed, django_capture_on_commit_callbacks):  # noqa: F811
    # The same figures again: nothing written, no signal, no job.
    with django_capture_on_commit_callbacks(execute=True):
        fact_import(facts_file(three_years(HUAWEI)), "数据.xlsx")
    assert not Job.objects.filter(kind="cultivation_refresh").exists()
    assert list(TierRun.objects.values_list("pk", flat=True)) == [assessed.pk]


def test_a_corrected_revenue_takes_back_the_doubled_status_through_the_job(
        registry, city, django_capture_on_commit_callbacks):
    huawei = Enterprise.objects.get(uscc=HUAWEI)
    _import([fact(HUAWEI, year="2024", revenue="10000", profit="600")],
            django_capture_on_commit_callbacks)
    pool_intake(level="city", region=city, year=2025, willingness={huawei.pk: "strong"})
    _import([fact(HUAWEI, year="2025", revenue="20000", profit="700")],
            django_capture_on_commit_callbacks)
    assert PoolMember.objects.get(enterprise=huawei).status == PoolMember.Status.DOUBLED
    _import([fact(HUAWEI, year="2025", revenue="19999", profit="700")],
            django_capture_on_commit_callbacks)
    assert PoolMember.objects.get(enterprise=huawei).status == PoolMember.Status.IN_POOL
    assert Job.objects.filter(kind="cultivation_refresh", state=Job.State.DONE).count() == 3
