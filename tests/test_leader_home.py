"""Issue 16 §3: the leader's 工作台 — the indicators the analyst pins with their stored
progress, the newest assessment's rank movements and the alerts that matter (one per
indicator, at most ten, with a link to all); pins are the analyst's, audited."""

import re

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.accounts.models import AuditEvent
from qiangshi.assessment.models import Run as AssessmentRun
from qiangshi.plan.headline import ALERTS_SHOWN, alerts_that_matter
from qiangshi.plan.models import Indicator, Plan, ProgressResult
from qiangshi.plan.models_pins import MAX_PINS, PinnedIndicator
from qiangshi.plan.monitoring.selectors import latest_as_of, progress_latest
from qiangshi.plan.selectors import alert_events
from tests.conftest import login


@pytest.fixture
def plan(shared_demo, db):
    PinnedIndicator.objects.all().delete()  # the demo pins six; each test pins its own
    return Plan.objects.get(is_current=True)


def _log_in(client, username):
    login(client, username, DEMO_PASSWORD)
    return client


def _pin(plan, *codes):
    for code in codes:
        PinnedIndicator.objects.create(plan_code=plan.code, indicator_code=code, pinned_by="analyst")


def test_the_leader_sees_each_pinned_indicator_with_its_stored_value_period_unit_and_status(client, plan):
    _pin(plan, "MFG-REV")
    result = ProgressResult.objects.get(run=progress_latest(plan, latest_as_of(plan)),
                                        indicator__code="MFG-REV", region=plan.region)
    page = _log_in(client, "leader").get("/").content.decode()
    card = re.search(r'data-testid="headline">(.*?)</a>', page, re.S).group(1)
    assert "规模以上工业营业收入" in card and "亿元" in card and f"{result.latest_value:,.2f}" in card
    assert result.get_status_display() in card and f"{result.latest_year}年" in card


def test_without_pins_the_leader_is_told_the_analyst_sets_them(client, plan):
    page = _log_in(client, "leader").get("/").content.decode()
    assert "还没有置顶指标，由市工信局分析员设置" in page and 'data-testid="headline"' not in page


def test_the_home_shows_the_newest_assessments_rank_movements_biggest_first(client, plan):
    run = AssessmentRun.objects.first()
    moved = run.units.exclude(change=0).exclude(change__isnull=True)
    page = _log_in(client, "leader").get("/").content.decode()
    block = page.split('id="rank-movements"')[1].split('id="alerts-that-matter"')[0]
    assert run.period_label in block
    shown = [int(n) for n in re.findall(r"[前后]移(\d+)位", block)]
    assert len(shown) == min(moved.count(), 10) > 0
    assert shown == sorted(shown, reverse=True) and shown[0] == max(abs(u.change) for u in moved)


def test_alerts_are_one_per_indicator_the_most_severe_at_most_ten_with_a_link_to_all(client, plan):
    leader = _log_in(client, "leader")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="leader")
    events = list(alert_events(user=user, plan=plan))
    groups, alerted, total = alerts_that_matter(user=user, plan=plan)
    assert total == len(events) > ALERTS_SHOWN
    assert len(groups) == min(alerted, ALERTS_SHOWN)
    codes = [g.event["indicator_code"] for g in groups]
    assert len(codes) == len(set(codes))
    severity = ["missed", "regressing", "lagging", "overdue"]
    assert [severity.index(g.event["kind"]) for g in groups] == sorted(
        severity.index(g.event["kind"]) for g in groups)
    page = leader.get("/").content.decode()
    assert page.count('data-testid="alert-group"') == len(groups)
    assert f"全部预警（{total}）" in page and 'href="/plan/alerts/"' in page


def test_the_analyst_pins_and_unpins_an_indicator_and_each_is_audited(client, plan):
    analyst = _log_in(client, "analyst")
    response = analyst.post("/plan/pins/add/", {"code": "MFG-REV"})
    assert response.status_code == 302 and response["Location"] == "/plan/pins/"
    assert PinnedIndicator.objects.filter(plan_code=plan.code, indicator_code="MFG-REV").exists()
    assert "规模以上工业营业收入" in analyst.get("/plan/pins/").content.decode()
    events = AuditEvent.objects.filter(object_type__icontains="pinnedindicator", actor_name="analyst")
    assert events.filter(action="create").count() == 1
    response = analyst.post("/plan/pins/remove/", {"code": "MFG-REV", "back": "indicator"})
    assert response["Location"] == "/plan/indicators/MFG-REV/"
    assert not PinnedIndicator.objects.exists()
    assert events.filter(action="delete").count() == 1


def test_the_indicator_page_offers_the_analyst_the_pin_button_and_the_leader_none(client, plan):
    page = _log_in(client, "analyst").get("/plan/indicators/MFG-REV/").content.decode()
    assert "置顶到领导工作台" in page
    client.post("/logout/")
    page = _log_in(client, "leader").get("/plan/indicators/MFG-REV/").content.decode()
    assert 'data-testid="pin"' not in page


def test_only_the_analyst_may_pin(client, plan):
    for username in ("leader", "lixia", "chain"):
        _log_in(client, username)
        assert client.post("/plan/pins/add/", {"code": "MFG-REV"}).status_code == 403
        assert client.get("/plan/pins/").status_code == 403
        client.post("/logout/")
    assert not PinnedIndicator.objects.exists()


def test_pins_stop_at_ten_with_a_chinese_message(client, plan):
    codes = list(Indicator.objects.filter(plan=plan).values_list("code", flat=True)[:MAX_PINS + 1])
    _pin(plan, *codes[:MAX_PINS])
    response = _log_in(client, "analyst").post("/plan/pins/add/", {"code": codes[-1]}, follow=True)
    assert f"最多置顶 {MAX_PINS} 项指标" in response.content.decode()
    assert PinnedIndicator.objects.count() == MAX_PINS


def test_an_unknown_indicator_or_pin_answers_404_and_a_get_cannot_pin(client, plan):
    analyst = _log_in(client, "analyst")
    assert analyst.post("/plan/pins/add/", {"code": "NO-SUCH"}).status_code == 404
    assert analyst.post("/plan/pins/add/", {}).status_code == 404
    assert analyst.post("/plan/pins/remove/", {"code": "MFG-REV"}).status_code == 404
    assert analyst.get("/plan/pins/add/?code=MFG-REV").status_code == 405
    assert not PinnedIndicator.objects.exists()


def test_the_leaders_home_reads_within_a_fixed_query_budget(client, plan, django_assert_max_num_queries):
    _pin(plan, *Indicator.objects.filter(plan=plan).values_list("code", flat=True)[:8])
    leader = _log_in(client, "leader")
    with django_assert_max_num_queries(30):
        assert leader.get("/").status_code == 200


def test_the_leaders_home_and_large_screen_write_nothing_on_get(client, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _pin(plan, "MFG-REV")
    leader = _log_in(client, "leader")
    with CaptureQueriesContext(connection) as queries:
        assert leader.get("/").status_code == 200
        assert leader.get("/cockpit/screen/").status_code == 200
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)
              and "django_session" not in q["sql"]]
    assert writes == []
