"""The Content-Security-Policy header on every page and the templates that let it hold."""

import re
from pathlib import Path

import pytest

from tests.conftest import login

TEMPLATES = sorted(Path(__file__).parent.parent.joinpath("src", "qiangshi").rglob("*.html"))


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_the_log_in_page_carries_the_policy(client, db):
    # /healthz is plain text answered before every other middleware, for a load balancer.
    policy = _policy(client.get("/login/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_pages_after_log_in_carry_the_policy_without_unsafe_inline(client, lixia_user):
    login(client, "lixia")
    for url in ["/", "/cockpit/", "/enterprises/", "/projects/"]:
        header = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in header and "unsafe-inline" not in header, url


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_templates_hold_no_inline_script_handler_or_style(template):
    text = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "on… event handler"
    assert not re.search(r"\sstyle\s*=", text), "style attribute"
    assert "<style" not in text, "<style> element"
    assert "javascript:" not in text
