"""The synthetic project pipeline for `qiangshi demo load`: about 1,500 projects of the last
three years up to the month before the day of loading, owned by demo firms where they fit,
with stalls of every kind."""

from django.utils import timezone

from qiangshi.accounts.models import Region, Unit
from qiangshi.engine.periods import last_complete_month
from qiangshi.enterprises.selectors import above_scale_usccs
from qiangshi.projects.demo_generate import generate
from qiangshi.projects.models import Project
from qiangshi.projects.project_import import project_sheets_import

DEMO_PROJECTS = 1500


def demo_load(stdout, *, seed: int = 2025, **_) -> None:
    if Project.objects.filter(is_demo=True).exists():
        return
    tables = generate(
        seed=seed, projects=DEMO_PROJECTS, as_of=last_complete_month(timezone.localdate()),
        regions=list(Region.objects.filter(kind__in=["district", "county"])
                     .values_list("code", flat=True)),
        units=list(Unit.objects.filter(kind__in=["government", "department"])
                   .values_list("name", flat=True)),
        owners=above_scale_usccs(),
    )
    report = project_sheets_import(tables, label="演示项目库", digest="", is_demo=True)
    if report.errors:
        raise RuntimeError(f"演示项目有误：{report.errors[0]}")
    stdout.write(f"演示项目库：{report.summary()}")
