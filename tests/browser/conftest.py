import os
import shutil

import pytest

from tests import demo_db

CHROMIUM = "/usr/bin/chromium"
FIRMS = 300
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


@pytest.fixture
def demo(transactional_db):
    """The demo data (300 firms: the latest evaluation has every class), loaded once per
    session and put back before each test.

    Browser tests are transactional: each ends with a flush, so every test needs the demo
    again. On the in-memory SQLite test database it is copied back as `shared_demo`'s is
    (tests/demo_db: SQLite's backup API, milliseconds). On PostgreSQL the live server's own
    connection would not survive the test database being made again from a copy, so the demo
    is loaded for each test."""
    from django.db import connection

    if connection.vendor == "sqlite":
        demo_db.demo_enter(connection, FIRMS)
    else:
        demo_db.demo_load(FIRMS)
