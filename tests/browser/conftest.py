import io
import os
import shutil
import sqlite3

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
# As root in a closed network Chromium needs these; the background-networking
# flags stop it calling home, which would show up as requests leaving 127.0.0.1.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI 必须安装 Chromium（.ci/run 会用 apt-get 安装 chromium）")
        pytest.skip(
            "未找到 Chromium（/usr/bin/chromium）：跳过浏览器冒烟测试；"
            "apt-get install chromium 后可运行"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # that the test makes around it are ordinary blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.console_errors = []
    page.outside_requests = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))

    def _check_request(request):
        if not request.url.startswith(("http://127.0.0.1", "http://localhost", "data:")):
            page.outside_requests.append(request.url)

    page.on("request", _check_request)
    yield page
    context.close()


def log_in(page, live_server, username, password):
    """Through the log-in form, starting from a page that requires log-in."""
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


# The demo database as `demo load` left it, kept in memory for the whole session.
_demo_snapshot: dict[str, sqlite3.Connection] = {}


def _demo_load():
    call_command("reference", "load", stdout=io.StringIO())
    call_command("demo", "load", "--firms", "300", stdout=io.StringIO())


@pytest.fixture
def demo(transactional_db):
    """The demo data (300 firms), loaded once per session and restored before each test.

    Browser tests are transactional: each ends with a flush, so every test needs the demo
    again, and loading it costs ~10 s. On the in-memory SQLite test database the first load
    is copied aside with SQLite's backup API and copied back (milliseconds) for the next
    tests, so each test still starts from exactly what `demo load` writes. On PostgreSQL
    the demo is loaded for each test as before."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        _demo_load()
        return
    connection.ensure_connection()
    if "db" in _demo_snapshot:
        _demo_snapshot["db"].backup(connection.connection)
        ContentType.objects.clear_cache()  # ids may differ from the flushed database's
        return
    _demo_load()
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    _demo_snapshot["db"] = snapshot
