import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PASSWORD, login

OPEN_PATHS = {"/login/", "/healthz"}


def _paths(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from _paths(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<str:\w+>", "370102", route))


@pytest.mark.django_db
def test_every_page_except_login_and_healthz_requires_login(client):
    paths = set(_paths())
    assert {"/", "/system/", "/system/audit/"} <= paths
    for path in paths - OPEN_PATHS:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/login/"), path


def test_login_form_is_chinese_and_rejects_posts_without_csrf_token(lixia_user):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/login/").content.decode()
    assert "用户名" in page and "密码" in page
    response = strict.post("/login/", {"username": "lixia", "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


def test_home_page_shows_name_role_scope_and_navigation(client, lixia_user):
    login(client, "lixia")
    page = client.get("/").content.decode()
    assert 'lang="zh-CN"' in page
    assert "区县/开发区用户" in page
    assert "历下" in page
    assert "驾驶舱" in page and "系统管理" in page


def test_unknown_page_answers_404_in_chinese(client, lixia_user):
    login(client, "lixia")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_admin_is_for_administrators_only(client, admin_user, lixia_user):
    login(client, "lixia")
    response = client.get("/admin/")
    assert response.status_code in {302, 403}
    assert client.get("/admin/accounts/region/").status_code in {302, 403}
    client.post("/logout/")
    login(client, "root")
    assert client.get("/admin/accounts/region/").status_code == 200


def test_admin_login_goes_through_the_platform_login(client, reference):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_leader_is_read_only_and_cannot_open_the_audit_log(client, make_user):
    leader = make_user("boss", "leader")
    assert not leader.has_perm("accounts.change_region")
    login(client, "boss")
    assert client.get("/system/audit/").status_code == 403
    assert "无权访问" in client.get("/system/audit/").content.decode()


def test_unit_list_filters_by_kind(client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/system/units/?kind=government").content.decode()
    assert "历下区政府" in page
    assert "市统计局" not in page


def test_server_error_page_is_chinese_and_stands_alone():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "系统错误" in page
    assert "{%" not in page
