import pytest

from qiangshi.accounts.roles import roles_sync
from qiangshi.accounts.services import reference_load, user_create
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_and_home_page_without_console_errors_or_outside_requests(page, live_server):
    roles_sync()
    reference_load()
    user_create(username="lixia", password=PASSWORD, display_name="历下区工信局", role="region",
                region_codes=["370102"])
    log_in(page, live_server, "lixia", PASSWORD)
    assert page.title() == "工作台 · 强市"
    assert page.get_by_test_id("user-name").inner_text() == "历下区工信局"
    assert page.evaluate("typeof htmx") == "object"
    assert page.console_errors == []
    assert page.outside_requests == []


def test_htmx_filter_replaces_the_unit_table_in_place(page, live_server):
    roles_sync()
    reference_load()
    user_create(username="gxj", password=PASSWORD, display_name="市工信局", role="analyst")
    log_in(page, live_server, "gxj", PASSWORD)
    page.goto(f"{live_server.url}/system/units/")
    assert page.locator("#unit-table tbody tr").count() > 40
    page.select_option("select[name=kind]", "government")
    page.wait_for_url("**/system/units/?kind=government")
    page.wait_for_function("document.querySelectorAll('#unit-table tbody tr').length === 12")
    assert "历下区政府" in page.locator("#unit-table").inner_text()
    assert page.console_errors == []
    assert page.outside_requests == []
