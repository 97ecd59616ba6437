"""Production mode works from the documented steps, and fails loudly when a step is missed."""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from qiangshi.startup_checks import static_manifest_require
from tests.conftest import PASSWORD, login

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRODUCTION_HOST = "qiangshi.example.gov.cn"


@pytest.fixture
def production(settings, tmp_path):
    """The settings QIANGSHI_ENV=production sets, with STATIC_ROOT in a temporary folder."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [PRODUCTION_HOST]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "head"])
def test_healthz_answers_a_plain_http_probe_by_address_in_production(client, production, method):
    # A load balancer probes the server's address over HTTP: no SSL redirect, no host check.
    response = getattr(client, method)("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    if method == "get":
        assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_startup_refuses_without_the_static_manifest_with_a_chinese_message(production):
    with pytest.raises(ImproperlyConfigured, match="collectstatic"):
        static_manifest_require()


def test_pages_answer_200_in_production_after_collectstatic(client, production, lixia_user):
    call_command("collectstatic", "--noinput", verbosity=0)
    static_manifest_require()
    https = {"HTTP_HOST": PRODUCTION_HOST, "HTTP_X_FORWARDED_PROTO": "https"}
    page = client.get("/login/", **https)
    assert page.status_code == 200
    assert "登录" in page.content.decode()
    assert login(client, "lixia", PASSWORD, **https).status_code == 302
    home = client.get("/", **https)
    assert home.status_code == 200
    # Names carry the manifest's content hash: the pages were rendered from the collected files.
    assert re.search(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(css|js)", home.content.decode())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _readme_production_commands() -> list[list[str]]:
    """The shell lines of the README's 生产部署 block, split into words."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## 生产部署", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [words for line in block.splitlines() if (words := shlex.split(line, comments=True))]


def _get(port: int, path: str, **headers) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _gunicorn_until_healthy(words, env, port):
    server = subprocess.Popen(words, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if _get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    output = server.communicate(timeout=10)[0]
    raise AssertionError(f"gunicorn never answered /healthz:\n{output}")


def test_readme_production_steps_start_a_server_that_serves_pages(tmp_path):
    """Runs the README's 生产部署 commands (on SQLite in a temporary folder): without
    collectstatic gunicorn refuses to start and says why; with it, pages answer 200."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIANGSHI_") and k != "DATABASE_URL"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    commands, gunicorn = [], None
    for words in _readme_production_commands():
        if words[0] == "export" and not words[1].startswith("PATH="):  # the venv is this one
            name, value = words[1].split("=", 1)
            env[name] = value
        elif words[0] == "qiangshi" and words[1] != "createsuperuser":  # createsuperuser asks
            commands.append(words)
        elif words[0] == "gunicorn":
            gunicorn = words
    # The placeholders of the README are replaced by test values; the rest is used as written.
    env.update(QIANGSHI_SECRET_KEY="k" * 64, QIANGSHI_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL")
    host = env["QIANGSHI_ALLOWED_HOSTS"].split(",")[0]
    assert env["QIANGSHI_ENV"] == "production"
    collectstatic = ["qiangshi", "collectstatic", "--noinput"]
    assert collectstatic in commands and gunicorn

    port = _free_port()
    gunicorn = [*gunicorn[:gunicorn.index("--bind")], "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    for words in commands:
        if words != collectstatic:
            subprocess.run(words, env=env, check=True, capture_output=True)

    refused = subprocess.run(gunicorn, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode != 0
    assert "请先运行 qiangshi collectstatic --noinput" in refused.stdout + refused.stderr

    subprocess.run(collectstatic, env=env, check=True, capture_output=True)
    server = _gunicorn_until_healthy(gunicorn, env, port)
    try:
        assert _get(port, "/healthz")[0] == 200  # plain HTTP, by address: the probe's view
        assert _get(port, "/login/", Host=host)[0] == 301  # everyone else goes to HTTPS
        status, page = _get(port, "/login/", Host=host, **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "登录" in page
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        assert _get(port, stylesheet, Host=host, **{"X-Forwarded-Proto": "https"})[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
