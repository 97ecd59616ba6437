"""Lock-out rules that must hold under attack: atomic counting, real client addresses, and no
reset of an address's count by some other account's success."""

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from qiangshi.accounts.models import User
from tests.conftest import PASSWORD, login

LOCKED = "已锁定至"


@pytest.fixture
def password_checks(monkeypatch):
    """Counts how many passwords really reached the hash comparison."""
    calls = []
    lock = threading.Lock()
    original = User.check_password

    def counting(self, raw):
        with lock:
            calls.append(self.username)
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counting)
    return calls


def test_wrong_passwords_past_the_limit_are_refused_before_the_password_is_checked(
    client, lixia_user, password_checks
):
    for n in range(10):
        login(client, "lixia", "wrong-password", REMOTE_ADDR=f"10.0.0.{n + 1}")
    assert len(password_checks) == 5


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="true parallel log-ins need PostgreSQL; SQLite serialises the writers",
)
@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_wrong_passwords_check_no_more_than_the_limit(make_user, password_checks):
    make_user("lixia", "region", region_codes=["370102"], unit_codes=["lxqzf"])
    start = threading.Barrier(40)

    def attempt(n):
        start.wait()
        try:
            return Client().post(
                "/login/", {"username": "lixia", "password": "wrong-password"},
                REMOTE_ADDR=f"10.2.{n // 200}.{n % 200 + 1}",
            ).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(40) as pool:
        statuses = list(pool.map(attempt, range(40)))
    assert statuses == [200] * 40
    assert len(password_checks) == 5
    assert LOCKED in login(Client(), "lixia", PASSWORD, REMOTE_ADDR="10.3.0.1").content.decode()


def test_logging_in_to_an_own_account_does_not_clear_the_guesses_from_that_address(
    client, lixia_user, huaiyin_user
):
    guesser = "10.4.4.4"
    for victim in ["a", "b", "c", "d"]:
        login(client, victim, "wrong-password", REMOTE_ADDR=guesser)
    assert login(client, "huaiyin", PASSWORD, REMOTE_ADDR=guesser).status_code == 302
    client.logout()
    response = login(client, "e", "wrong-password", REMOTE_ADDR=guesser)
    assert LOCKED in response.content.decode()
    blocked = login(client, "lixia", PASSWORD, REMOTE_ADDR=guesser)
    assert LOCKED in blocked.content.decode()


def test_a_users_own_success_clears_the_user_name_count_but_not_the_address_count(
    client, lixia_user
):
    for _ in range(4):
        login(client, "lixia", "wrong-password", REMOTE_ADDR="10.5.0.1")
    assert login(client, "lixia", PASSWORD, REMOTE_ADDR="10.5.0.2").status_code == 302
    client.logout()
    # The user name starts again from zero ...
    for n in range(4):
        response = login(client, "lixia", "wrong-password", REMOTE_ADDR=f"10.5.1.{n + 1}")
    assert "再失败 1 次将锁定" in response.content.decode()
    # ... the address that guessed four times has one guess left.
    response = login(client, "someone", "wrong-password", REMOTE_ADDR="10.5.0.1")
    assert LOCKED in response.content.decode()


def test_successful_log_ins_from_one_office_address_never_lock_it(client, lixia_user):
    for _ in range(8):
        assert login(client, "lixia", PASSWORD, REMOTE_ADDR="10.6.0.1").status_code == 302
        client.logout()


def test_two_clients_behind_one_proxy_do_not_lock_each_other(
    client, settings, lixia_user, huaiyin_user
):
    settings.QIANGSHI_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "192.168.1.1"}
    for _ in range(5):
        login(client, "nobody", "wrong-password", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    response = login(client, "huaiyin", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert response.status_code == 302
    client.logout()
    blocked = login(client, "lixia", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert LOCKED in blocked.content.decode()


def test_a_client_cannot_pick_its_address_by_prepending_to_x_forwarded_for(
    client, settings, lixia_user
):
    settings.QIANGSHI_PROXY_COUNT = 1
    for n in range(5):
        login(client, "nobody", "wrong-password", REMOTE_ADDR="192.168.1.1",
              HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}, 203.0.113.7")
    blocked = login(client, "lixia", PASSWORD, REMOTE_ADDR="192.168.1.1",
                    HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert LOCKED in blocked.content.decode()


def test_a_forged_x_forwarded_for_is_ignored_without_a_proxy(client, settings, lixia_user):
    settings.QIANGSHI_PROXY_COUNT = 0
    for n in range(5):
        login(client, "nobody", "wrong-password", REMOTE_ADDR="203.0.113.9",
              HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}")
    blocked = login(client, "lixia", PASSWORD, REMOTE_ADDR="203.0.113.9",
                    HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert LOCKED in blocked.content.decode()


def test_a_forwarded_address_that_is_not_an_address_falls_back_to_the_peer(
    client, settings, lixia_user
):
    settings.QIANGSHI_PROXY_COUNT = 1
    response = login(client, "lixia", PASSWORD, REMOTE_ADDR="192.168.1.1",
                     HTTP_X_FORWARDED_FOR="not-an-address")
    assert response.status_code == 302


SETTING = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE']='qiangshi.settings'; "
    "from django.conf import settings; print(settings.QIANGSHI_PROXY_COUNT)"
)


def _proxy_count_setting(value, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIANGSHI_")}
    env["QIANGSHI_VAR_DIR"] = str(tmp_path)
    if value is not None:
        env["QIANGSHI_PROXY_COUNT"] = value
    return subprocess.run(
        [sys.executable, "-c", SETTING], env=env, capture_output=True, text=True, check=False
    )


def test_proxy_count_defaults_to_zero_and_is_read_from_the_environment(tmp_path):
    assert _proxy_count_setting(None, tmp_path).stdout.strip() == "0"
    assert _proxy_count_setting("2", tmp_path).stdout.strip() == "2"


@pytest.mark.parametrize("value", ["-1", "two", "1.5", "99"])
def test_an_invalid_proxy_count_refuses_to_start_in_chinese(value, tmp_path):
    result = _proxy_count_setting(value, tmp_path)
    assert result.returncode != 0
    assert "QIANGSHI_PROXY_COUNT" in result.stderr
    assert "代理" in result.stderr


def test_unlock_command_lists_locks_and_ends_one_at_once_with_an_audit_entry(client, lixia_user):
    import io

    from django.core.management import call_command

    from qiangshi.accounts.models import AuditEvent

    for _ in range(5):
        login(client, "lixia", "wrong-password", REMOTE_ADDR="10.7.0.1")
    listed = io.StringIO()
    call_command("unlock", stdout=listed)
    assert "用户名 lixia：失败 5 次" in listed.getvalue()
    assert "来源地址 10.7.0.1：失败 5 次" in listed.getvalue()
    out = io.StringIO()
    call_command("unlock", "LiXia", "10.7.0.1", stdout=out)
    assert "已解除 LiXia 的登录锁定" in out.getvalue()
    assert "已解除 10.7.0.1 的登录锁定" in out.getvalue()
    assert login(client, "lixia", PASSWORD, REMOTE_ADDR="10.7.0.1").status_code == 302
    assert AuditEvent.objects.filter(action="delete", object_type="accounts.LoginThrottle").count() == 2
