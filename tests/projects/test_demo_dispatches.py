"""Issue 13 §4: the demo shows the 督办 loop — each district's most overdue stall is under a
督办单 that reaches the district's 待办, and the answered ones reach the analysts'."""

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.projects.models import Dispatch
from tests.conftest import login
from tests.test_inbox import _inbox


def test_the_demo_puts_a_dispatch_in_each_districts_inbox_and_answered_ones_in_the_analysts(
        shared_demo, client):
    dispatches = Dispatch.objects.select_related("project__region")
    assert len({d.project.region.code for d in dispatches}) == dispatches.count() > 1
    answered = dispatches.filter(status="answered").count()
    assert 0 < answered < dispatches.count()
    login(client, "lixia", DEMO_PASSWORD)
    lixia = dispatches.filter(project__region__code="370102", status="open").count()
    assert _inbox(client).get("督办单待回复", (0, ""))[0] == lixia
    client.post("/logout/")
    login(client, "analyst", DEMO_PASSWORD)
    assert _inbox(client)["督办单已回复待办结"][0] == answered


def test_the_demo_pipeline_grows_with_the_registry_and_keeps_a_floor():
    from qiangshi.projects.demo import pipeline_size

    assert [pipeline_size(n) for n in (40, 2000, 2001, 10_000)] == [300, 300, 300, 1500]
