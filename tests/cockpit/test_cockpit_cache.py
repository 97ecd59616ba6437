"""The cockpit renders once per data version and scope, and shows any change at once."""

import re

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from qiangshi.accounts.models import Unit, User
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Indicator
from tests.conftest import login


def _analyst(client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")


def _board(client, query="as_of=2024-06"):
    return client.get(f"/cockpit/?{query}").content.decode().split('id="board"')[1]


def test_a_repeated_view_reads_the_board_and_filters_from_the_cache(client, figures, make_user):
    _analyst(client, make_user)
    first = _board(client, "")
    with CaptureQueriesContext(connection) as queries:
        again = _board(client, "")
    assert again == first
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("plan_progressresult", "plan_observation", "accounts_unit", "plan_category",
                  "accounts_region"):
        assert f'"{table}"' not in tables, table


def test_a_new_figure_shows_at_once_on_a_cached_board(client, figures, make_user,
                                                      django_capture_on_commit_callbacks):
    _analyst(client, make_user)
    assert "4,400" in _board(client)
    with django_capture_on_commit_callbacks(execute=True):
        observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2024年1-6月,5000\n".encode(),
                           "new.csv", plan=figures)
    assert "5,000" in _board(client)


def test_a_figure_in_a_later_month_moves_the_default_month_at_once(client, figures, make_user,
                                                                   django_capture_on_commit_callbacks):
    _analyst(client, make_user)
    assert 'value="2024-06"' in client.get("/cockpit/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2024年1-9月,6900\n".encode(),
                           "new.csv", plan=figures)
    assert 'value="2024-09"' in client.get("/cockpit/").content.decode()


def test_a_renamed_indicator_shows_at_once_on_a_cached_board(client, figures, make_user):
    _analyst(client, make_user)
    _board(client)
    indicator = Indicator.objects.get(code="MFG-REV")
    indicator.name = "规上工业营收（改名）"
    indicator.save()
    assert "规上工业营收（改名）" in _board(client)


def test_a_renamed_unit_shows_at_once_in_the_cached_filters(client, figures, make_user):
    _analyst(client, make_user)
    client.get("/cockpit/")
    unit = Unit.objects.get(code="kjj")
    unit.short_name = "科技局（改名）"
    unit.save()
    assert "科技局（改名）" in client.get("/cockpit/").content.decode()


def test_readers_with_different_scopes_never_share_a_board(client, figures, make_user, lixia_user):
    _analyst(client, make_user)
    city = client.get("/cockpit/?as_of=2024-06").content.decode()
    assert 'value="370104"' in city
    client.logout()
    login(client, "lixia")
    own = client.get("/cockpit/?as_of=2024-06").content.decode()
    assert 'value="370104"' not in own and 'value="370102" selected' in own


def test_migrate_empties_the_page_cache(db):
    from django.core.cache import cache
    from django.core.management import call_command

    cache.set("cockpit:left-over", "a rendering by older code")
    call_command("migrate", verbosity=0)
    assert cache.get("cockpit:left-over") is None


def test_a_repeated_view_is_served_whole_without_permission_or_scope_queries(client, figures,
                                                                             make_user):
    _analyst(client, make_user)
    first = client.get("/cockpit/").content
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/cockpit/").content
    assert again == first
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"auth_permission"' not in tables and '"plan_progressrun"' not in tables
    assert len(queries.captured_queries) <= 3


def test_a_reader_who_loses_the_permission_is_refused_at_once_not_served_the_stored_page(
        client, figures, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert client.get("/cockpit/").status_code == 200
    User.objects.get(username="gxj").groups.clear()
    assert client.get("/cockpit/").status_code == 403


def test_a_one_time_message_is_shown_once_and_never_stored_with_the_page(client, figures,
                                                                         make_user):
    _analyst(client, make_user)
    client.get("/cockpit/")
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(messages.SUCCESS, "已保存")])
    assert "已保存" in client.get("/cockpit/").content.decode()
    assert "已保存" not in client.get("/cockpit/").content.decode()


def test_each_session_of_a_reader_gets_a_page_whose_form_token_works_for_it(figures, make_user):
    user = make_user("gxj", "analyst")
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    for browser in browsers:
        browser.force_login(user)
        browser.get("/cockpit/")
    for browser in browsers:
        page = browser.get("/cockpit/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = browser.post("/logout/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
