"""The synthetic project pipeline for `qiangshi demo load`: about 1,500 projects for the
10,000-firm registry (fewer for a smaller one, at least 300) of the last three years up to the
month before the day of loading, owned by demo firms where they fit, with stalls of every
kind, and a 督办单 on the most overdue stall of each district (every third already answered),
so that the districts' and the analysts' 待办 show the 督办 loop."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from qiangshi.accounts.models import Region, Unit
from qiangshi.engine.periods import last_complete_month
from qiangshi.enterprises.selectors import above_scale_usccs
from qiangshi.projects.demo_generate import generate
from qiangshi.projects.dispatch import dispatch_answer, dispatch_issue
from qiangshi.projects.models import Project
from qiangshi.projects.project_import import project_sheets_import
from qiangshi.projects.services import stall_list

# A pipeline in proportion to the registry: 1,500 projects for the 10,000 demo firms, and
# never fewer than enough for stalls of every rule in every district.
PROJECTS_PER_FIRM = 0.15
MIN_PROJECTS = 300


def pipeline_size(firms: int) -> int:
    return max(MIN_PROJECTS, round(PROJECTS_PER_FIRM * firms))


def demo_load(stdout, *, seed: int = 2025, firms: int = 10_000, **_) -> None:
    if Project.objects.filter(is_demo=True).exists():
        return
    tables = generate(
        seed=seed, projects=pipeline_size(firms), as_of=last_complete_month(timezone.localdate()),
        regions=list(Region.objects.filter(kind__in=["district", "county"])
                     .values_list("code", flat=True)),
        units=list(Unit.objects.filter(kind__in=["government", "department"])
                   .values_list("name", flat=True)),
        owners=above_scale_usccs(),
    )
    # The projects name nodes of the chain maps, which their import checks against the stored
    # maps: the packaged ones are stored first (the chains app loads after this one).
    from qiangshi.chains.services import chains_ensure

    chains_ensure()
    report = project_sheets_import(tables, label="演示项目库", digest="", is_demo=True)
    if report.errors:
        raise RuntimeError(f"演示项目有误：{report.errors[0]}")
    stdout.write(f"演示项目库：{report.summary()}")
    _demo_dispatches(stdout)


def _demo_dispatches(stdout) -> None:
    today = timezone.localdate()
    worst = (stall_list(as_of=today).sort(["days_overdue", "project_id"], descending=[True, False])
             .unique("region", keep="first", maintain_order=True).sort("region"))
    projects = Project.objects.in_bulk(worst["project_id"].to_list())
    analyst = get_user_model().objects.filter(username="analyst").first()
    for n, row in enumerate(worst.iter_rows(named=True)):
        project = projects[row["project_id"]]
        dispatch = dispatch_issue(project, unit=project.unit, request=f"{row['rule_label']}：{row['detail']}",
                                  deadline=today + datetime.timedelta(days=14), rule=row["rule"],
                                  user=analyst)
        if n % 3 == 0:
            dispatch_answer(dispatch, text="已召开专题协调会，落实要素保障，计划下月推进到下一阶段",
                            promised_on=today + datetime.timedelta(days=30))
    stdout.write(f"演示督办单：{worst.height} 张")
