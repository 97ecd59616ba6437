"""No GET writes to the database: pages read stored results, they never compute and store.

Every page the crawl reaches from the list pages (tests/test_query_budgets) and the URL
patterns (tests/test_pages), as several roles, runs inside a check that no INSERT, UPDATE or
DELETE ran. Excel downloads are GETs too and write no audit record; the rule holds for them.
"""
import re
from collections import Counter

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.conftest import login
from tests.test_pages import _paths
from tests.test_query_budgets import _list_pages

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# django_session is left out: not a handler's write but the idle deadline, renewed by
# SessionRenewalMiddleware at most once a minute (tests/test_session.py pins that a GET
# right after another writes no session row).
EXCEPTED = ("django_session",)
LINK = re.compile(r'href="(/[^"#]*)"')
SKIPPED = ("/logout", "/static/", "/admin/")
# One page of each shape (ids replaced) per role reaches every view at a bearable cost.
PER_SHAPE = 1
PAGES_PER_ROLE = 150
ROLES = ("analyst", "lixia", "reporter", "chain")


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0]) + ("?" if "?" in path else "")


def _crawl(client, username: str, start: list[str]) -> dict[str, list[str]]:
    login(client, username, DEMO_PASSWORD)
    queue, seen, shapes, writes = list(start), set(), Counter(), {}
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0).replace("&amp;", "&")
        if path in seen or path.startswith(SKIPPED) or shapes[_shape(path)] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[_shape(path)] += 1
        cache.clear()  # a cached page would hide what its first rendering does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        written = [q["sql"][:160] for q in queries
                   if WRITE.match(q["sql"]) and not any(t in q["sql"] for t in EXCEPTED)]
        if written:
            writes[path] = written
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            queue.extend(LINK.findall(response.content.decode()))
    client.post("/logout/")
    return writes


def test_no_page_writes_to_the_database_on_get_for_any_role(shared_demo, client):
    start = [*_list_pages().values(), *sorted(set(_paths())),
             # The cockpit's month picker is a GET form: an earlier month is a page too.
             "/cockpit/?as_of=2024-06", "/plan/indicators/?as_of=2024-06"]
    writes = {username: _crawl(client, username, start) for username in ROLES}
    assert writes == {username: {} for username in ROLES}
