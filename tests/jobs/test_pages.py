"""The 任务 page: who sees which jobs, the progress fragment htmx polls, and its query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qiangshi.jobs.models import Job
from tests.conftest import login


@pytest.fixture
def jobs(make_user, admin_user):
    lixia = make_user("lixia", "region", region_codes=["370102"])
    huaiyin = make_user("huaiyin", "region", region_codes=["370104"])
    return {
        "lixia": Job.objects.create(kind="tier_run", title="历下发起的评估", started_by=lixia,
                                    state=Job.State.RUNNING, done=1, total=4, message="评估 10 家企业"),
        "huaiyin": Job.objects.create(kind="tier_run", title="槐荫发起的评估", started_by=huaiyin),
        "daily": Job.objects.create(kind="alerts_refresh", title="每日预警与催报刷新",
                                    state=Job.State.DONE, done=1, total=1, result_url="/plan/alerts/",
                                    result_label="查看预警"),
    }


def test_a_user_sees_only_the_jobs_they_started(client, jobs):
    login(client, "lixia")
    page = client.get("/jobs/").content.decode()
    assert "历下发起的评估" in page and "槐荫发起的评估" not in page and "每日预警" not in page
    for other in (jobs["huaiyin"], jobs["daily"]):
        assert client.get(f"/jobs/{other.pk}/").status_code == 404
        assert client.get(f"/jobs/{other.pk}/progress/").status_code == 404
    assert client.get(f"/jobs/{jobs['lixia'].pk}/").status_code == 200


@pytest.mark.parametrize("who", ["analyst", "superuser"])
def test_analysts_and_superusers_see_every_job_including_the_periodic_ones(client, jobs, make_user, who):
    if who == "analyst":
        make_user("gxj", "analyst")
        login(client, "gxj")
    else:
        login(client, "root")
    page = client.get("/jobs/").content.decode()
    assert all(job.title in page for job in jobs.values())
    assert "定时任务" in page and 'href="/plan/alerts/">查看预警' in page


def test_the_progress_of_a_running_job_is_polled_and_stops_when_it_is_finished(client, jobs):
    login(client, "lixia")
    job = jobs["lixia"]
    running = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert f'hx-get="/jobs/{job.pk}/progress/"' in running and 'hx-trigger="every 1s"' in running
    assert "运行中" in running and 'value="25"' in running and "1/4 评估 10 家企业" in running
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE, done=4, message="已完成梯队评估")
    finished = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-get" not in finished and "已完成" in finished and 'value="100"' in finished


def test_a_failed_job_shows_its_error_in_chinese_on_the_page(client, jobs):
    job = jobs["lixia"]
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error="评价方法已停用，请选择其他方法")
    login(client, "lixia")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "失败" in page and "评价方法已停用，请选择其他方法" in page and "hx-get" not in page


def test_the_jobs_page_is_in_the_navigation_of_every_user(client, jobs):
    login(client, "lixia")
    assert '<a href="/jobs/">任务</a>' in client.get("/").content.decode()


def test_reading_the_jobs_pages_writes_nothing(client, jobs):
    login(client, "lixia")
    job = jobs["lixia"]
    with CaptureQueriesContext(connection) as queries:
        for path in ("/jobs/", f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/"):
            assert client.get(path).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
              and "django_session" not in q["sql"]]
    assert writes == []


def test_the_jobs_list_costs_the_same_queries_for_two_jobs_or_sixty(client, jobs, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    client.get("/jobs/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/jobs/").status_code == 200
        return len(queries)

    few = count()
    starters = [make_user(f"u{i}", "region", region_codes=["370102"]) for i in range(6)]
    Job.objects.bulk_create([Job(kind="tier_run", title=f"评估 {i}", started_by=starters[i % 6])
                             for i in range(60)])
    assert count() == few <= 12
