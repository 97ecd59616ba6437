"""The demo: the packaged illustrative scheme and one run per month of the plan's last complete year."""

from qiangshi.assessment.demo import demo_year
from qiangshi.assessment.models import Run


def test_the_demo_ranks_the_plans_units_every_month_of_its_last_complete_year(shared_demo):
    runs = Run.objects.select_related("scheme").order_by("month")
    year = demo_year()
    assert [(r.year, r.month) for r in runs] == [(year, month) for month in range(1, 13)]
    assert {r.scheme.name for r in runs} == {"jinan-default"} and runs[0].scheme.illustrative
    december = runs.last()
    assert december.unit_count == 15 and december.units.exclude(rank=None).exists()
    assert december.units.exclude(previous_rank=None).exists()  # November's ranks
    assert "专项考核 " in shared_demo
