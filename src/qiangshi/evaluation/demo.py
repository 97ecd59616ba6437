"""Demo evaluations: the city's configured method (the Shandong default unless set) on the
synthetic registry, three years running, so that grades, histories and consecutive-D
surcharges have something to show."""

from django.conf import settings

from qiangshi.enterprises.selectors import facts_exist
from qiangshi.evaluation.models import Run
from qiangshi.evaluation.services import method_version_get, run_create

DEMO_YEARS = (2023, 2024, 2025)


def demo_load(stdout, **_) -> None:
    if Run.objects.exists() or not facts_exist():
        return
    method = method_version_get(settings.MUJUN_METHOD)
    for year in DEMO_YEARS:
        run = run_create(method, year, note="演示数据评价")
        stdout.write(f"亩均评价 {year} 年度：{run.firm_count} 家企业（批次 #{run.pk}）。")
