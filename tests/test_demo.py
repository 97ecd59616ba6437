import io

import pytest
from django.core.management import call_command

from qiangshi.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from qiangshi.accounts.models import User
from qiangshi.accounts.roles import ROLES, user_roles
from tests.conftest import login
from tests.demo_db import demo_load


def _demo(*args):
    # What these tests check (users, log-ins, reference data) does not grow with the firms;
    # 40 firms load several times faster than 300.
    out = io.StringIO()
    call_command("demo", "load", *args, "--firms", "40", stdout=out)
    return out.getvalue()


def test_demo_load_creates_a_user_for_every_role_and_prints_the_logins(shared_demo):
    output = shared_demo
    roles = {role.code for user in User.objects.all() for role in user_roles(user)}
    assert roles == {role.code for role in ROLES}
    assert DEMO_PASSWORD in output
    for demo in DEMO_USERS:
        assert demo.username in output


def test_demo_load_twice_leaves_existing_users_alone(shared_demo):
    User.objects.filter(username="lixia").update(display_name="改过的名字")
    assert "0 个新建" in demo_load()
    assert User.objects.get(username="lixia").display_name == "改过的名字"


def test_if_empty_skips_loading_when_users_exist_but_still_prints_logins(make_user):
    make_user("someone", "analyst")
    output = _demo("--if-empty")
    assert "未加载演示数据" in output
    assert not User.objects.filter(username="admin").exists()
    assert "lixia" in output


def test_each_demo_user_can_log_in_and_see_the_chinese_home_page(shared_demo, client):
    for demo in DEMO_USERS:
        assert login(client, demo.username, DEMO_PASSWORD).status_code == 302, demo.username
        page = client.get("/").content.decode()
        assert "您好" in page and "数据范围" in page
        client.post("/logout/")


def test_demo_load_on_a_migrated_database_without_reference_data_loads_it_first(no_reference):
    # A fresh database after `qiangshi migrate` only: no `qiangshi reference load` before.
    from qiangshi.accounts.models import Region
    from qiangshi.enterprises.models import Enterprise

    assert not Region.objects.exists()
    _demo()
    assert Region.objects.filter(code="370102").exists()
    assert Enterprise.objects.exists()
    assert User.objects.filter(username="lixia").exists()


def test_demo_generate_into_the_database_without_reference_data_loads_it_first(no_reference):
    from qiangshi.enterprises.models import Enterprise

    call_command("demo", "generate", "--firms", "50", stdout=io.StringIO())
    assert Enterprise.objects.count() == 50


def test_the_demo_indicator_page_tells_which_figure_counted_and_a_unit_report_outranks_demo_data(
        shared_demo, client, django_capture_on_commit_callbacks):
    page = "/plan/indicators/MFG-REV/?region=370100"
    login(client, "reporter", DEMO_PASSWORD)
    shown = client.get(page).content.decode()
    # The published 2024 figure counts over the synthetic 1-12月 figure of the same period.
    assert "计入</span>：公开发布优先于 演示数据（合成） 2024年1-12月" in shown
    # The demo's history has every period of the ended plan approved; this one is open again
    # for both units that report the figure.
    from qiangshi.plan.models import Submission

    Submission.objects.filter(frequency="monthly_cumulative", year=2025, month=12).delete()
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post("/plan/reporting/tjj/monthly_cumulative/2025-12/",
                            {"action": "save", "value-MFG-REV": "10600"})
    assert saved.status_code == 302
    shown = client.get(page).content.decode()
    assert "计入</span>：单位填报（未审核）优先于 演示数据（合成） 2025年" in shown


def test_the_demo_runs_to_the_day_it_is_loaded_like_a_real_citys_records(shared_demo):
    import datetime

    from django.db.models import Max
    from django.utils import timezone

    from qiangshi.engine.periods import last_complete_month
    from qiangshi.plan.demo import CURRENT_ROUND_DAYS
    from qiangshi.plan.models import Submission
    from qiangshi.plan.reporting.obligations import obligations, overdue, reporting_units
    from qiangshi.plan.selectors import plan_current
    from qiangshi.projects.models import Project, StageChange
    from qiangshi.projects.services import stall_list

    today = timezone.localdate()
    plan = plan_current()
    # Reports: a history, not 1,000 days of arrears; a few handed in after their deadline.
    assert all(o.days_late <= CURRENT_ROUND_DAYS for o in overdue(plan, today=today))
    owed = [o for unit in reporting_units(plan) for o in obligations(plan, unit, today=today)]
    approved = [o for o in owed if o.status == Submission.Status.APPROVED]
    assert len(approved) > len(owed) * 0.8
    late = [o for o in approved if timezone.localdate(o.submission.submitted_at) > o.due.deadline]
    assert 0 < len(late) < len(approved) / 4
    # Projects: stages up to the last month that ended, and stalls a minority.
    ended = last_complete_month(today)
    latest = StageChange.objects.aggregate(on=Max("on"))["on"]
    assert ended - datetime.timedelta(days=62) < latest <= ended
    stalled = stall_list(as_of=today)["project_id"].n_unique()
    assert 0 < stalled < Project.objects.count() / 2


def test_the_demo_judges_each_district_against_its_own_issued_target(shared_demo, client):
    from qiangshi.engine.progress import STATUS_LABELS
    from qiangshi.plan.breakdown.selectors import breakdown_in_force
    from qiangshi.plan.models import BreakdownTarget, ProgressResult
    from qiangshi.plan.monitoring.selectors import latest_as_of, progress_latest
    from qiangshi.plan.selectors import plan_current

    plan = plan_current()
    version = breakdown_in_force(plan.code)
    assert version is not None and version.document_number and version.regions.count() == 15
    lixia = BreakdownTarget.objects.get(breakdown=version, indicator_code="MFG-REV",
                                        region__code="370102", year=plan.period_end)
    # 历下 holds 6 % of the city's base-year revenue: 6 % of the 10,000 亿元 target
    assert lixia.value == pytest.approx(600.0, rel=1e-6)
    run = progress_latest(plan, latest_as_of(plan))
    result = ProgressResult.objects.get(run=run, indicator__code="MFG-REV", region__code="370102")
    assert result.detail["target_value"] == pytest.approx(lixia.value)
    assert result.status != "unassigned"
    login(client, "lixia", DEMO_PASSWORD)
    page = client.get("/plan/indicators/MFG-REV/").content.decode()
    assert "历下区" in page and STATUS_LABELS[result.status] in page
