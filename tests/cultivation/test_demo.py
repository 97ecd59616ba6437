import io

from django.db.models import Count

from qiangshi.cultivation.demo import DEMO_YEARS, DISTRICT_PER_YEAR, demo_load
from qiangshi.cultivation.models import PoolMember, SupportMeasure, TierResult, TierRun
from qiangshi.enterprises.demo import demo_load as registry_demo_load
from qiangshi.enterprises.models import Fact


def test_demo_pools_firms_each_year_within_quotas_from_their_base_facts_once(reference):
    registry_demo_load(io.StringIO(), firms=300)
    out = io.StringIO()
    demo_load(out)
    assert "演示倍增培育库" in out.getvalue()
    per_year = dict(PoolMember.objects.filter(level="city").values_list("intake_year")
                    .annotate(n=Count("pk")).order_by())
    assert per_year == dict.fromkeys(DEMO_YEARS, 20)
    district_counts = PoolMember.objects.filter(level="district").values(
        "region", "intake_year").annotate(n=Count("pk")).values_list("n", flat=True)
    assert district_counts and max(district_counts) <= DISTRICT_PER_YEAR
    assert not PoolMember.objects.filter(is_demo=False).exists()
    bases = {(e, y): r for e, y, r in Fact.objects.values_list("enterprise_id", "year", "revenue")}
    assert all(bases[m.enterprise_id, m.base_year] == m.base_revenue
               for m in PoolMember.objects.all())
    assert SupportMeasure.objects.filter(is_demo=True).exists()
    before = (PoolMember.objects.count(), SupportMeasure.objects.count())
    demo_load(io.StringIO())
    assert (PoolMember.objects.count(), SupportMeasure.objects.count()) == before


def test_demo_assesses_the_registry_once_so_the_tier_lists_are_filled(reference):
    registry_demo_load(io.StringIO(), firms=300)
    out = io.StringIO()
    demo_load(out)
    run = TierRun.objects.get()
    assert "梯队评估：300 家企业" in out.getvalue() and run.firm_count == 300
    assert TierResult.objects.filter(run=run, eligible=True, tier="above_scale").exists()
    assert TierResult.objects.filter(run=run, held=True, tier="high_tech").exists()
    demo_load(io.StringIO())
    assert TierRun.objects.count() == 1
