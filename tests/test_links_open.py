"""Issue 13 §4: links never lead to 403 or 404 — a scoped user's pages link only what it may
open. Each role's pages are crawled from the 工作台 and every link followed."""

import re

import pytest

from qiangshi.accounts.models import Region, Unit
from qiangshi.projects.models import Dispatch, Project
from tests.conftest import login

LINK = re.compile(r'href="(/[^"#]*)"')
SKIPPED = ("/logout", "/static/", "/admin/")
PAGES = 120


def _broken_links(client, username) -> dict[str, tuple[str, int]]:
    """link → (the page that showed it, its status) for every link answering 403 or 404."""
    login(client, username)
    queue, seen, broken = [("/", "")], set(), {}
    while queue and len(seen) < PAGES:
        path, source = queue.pop(0)
        path = path.replace("&amp;", "&")
        if path in seen or path.startswith(SKIPPED) or "format=xlsx" in path:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (403, 404):
            broken[path] = (source, response.status_code)
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue += [(link, path) for link in LINK.findall(response.content.decode())]
    client.post("/logout/")
    return broken


@pytest.fixture
def pages(mini_plan, make_user, lixia_user):
    project = Project.objects.create(
        code="JN-LX-001", name="历下智能制造产业园", region=Region.objects.get(code="370102"),
        kind="new", planned_investment=50000, unit=Unit.objects.get(code="lxqzf"),
        chain_code="smart-equipment")
    Dispatch.objects.create(project=project, unit=project.unit, request="请推进",
                            deadline="2099-01-31")
    make_user("boss", "leader")
    make_user("stats", "reporter", unit_codes=["tjj"])
    make_user("chain", "chain", chain_codes=["smart-equipment"])


@pytest.mark.parametrize("username", ["lixia", "stats", "chain", "boss"])
def test_no_link_a_scoped_user_is_shown_answers_403_or_404(client, pages, username):
    assert _broken_links(client, username) == {}


def test_a_district_user_sees_city_units_named_but_not_linked(client, pages):
    login(client, "lixia")
    page = client.get("/plan/indicators/").content.decode()
    assert "市统计局" in page or "统计局" in page
    assert 'href="/plan/units/tjj/"' not in page
