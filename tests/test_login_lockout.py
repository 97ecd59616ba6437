import datetime

from qiangshi.accounts.models import AuditEvent, LoginThrottle
from tests.conftest import PASSWORD, login


def _fail(client, username, times, ip="127.0.0.1"):
    for _ in range(times):
        response = login(client, username, "wrong-password", REMOTE_ADDR=ip)
    return response


def _age_failures(minutes):
    for row in LoginThrottle.objects.all():
        row.last_failure_at -= datetime.timedelta(minutes=minutes)
        row.save()


def test_five_failures_lock_the_user_even_with_the_right_password(client, lixia_user):
    response = _fail(client, "lixia", 4)
    assert "再失败 1 次将锁定" in response.content.decode()
    response = _fail(client, "lixia", 1)
    assert "登录失败次数过多，已锁定至" in response.content.decode()
    response = login(client, "lixia", PASSWORD)
    assert response.status_code == 200
    assert "已锁定至" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_follows_the_user_name_to_another_address(client, lixia_user):
    for n in range(5):
        _fail(client, "lixia", 1, ip=f"10.0.0.{n + 1}")
    response = login(client, "lixia", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert "已锁定至" in response.content.decode()


def test_five_failures_from_one_address_lock_that_address_for_every_user(
    client, lixia_user, huaiyin_user
):
    for name in ["a", "b", "c", "d", "e"]:
        _fail(client, name, 1, ip="10.1.1.1")
    blocked = login(client, "huaiyin", PASSWORD, REMOTE_ADDR="10.1.1.1")
    assert "已锁定至" in blocked.content.decode()
    allowed = login(client, "huaiyin", PASSWORD, REMOTE_ADDR="10.1.1.2")
    assert allowed.status_code == 302


def test_lock_ends_after_fifteen_minutes(client, lixia_user):
    _fail(client, "lixia", 5)
    _age_failures(minutes=16)
    response = login(client, "lixia", PASSWORD)
    assert response.status_code == 302


def test_lock_still_holds_at_fourteen_minutes(client, lixia_user):
    _fail(client, "lixia", 5)
    _age_failures(minutes=14)
    assert "已锁定至" in login(client, "lixia", PASSWORD).content.decode()


def test_a_successful_login_clears_earlier_failures_of_that_user_name(client, lixia_user):
    _fail(client, "lixia", 4, ip="10.0.0.1")
    assert login(client, "lixia", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302
    client.logout()
    response = _fail(client, "lixia", 4, ip="10.0.0.3")
    assert "再失败 1 次将锁定" in response.content.decode()


def test_failed_and_blocked_logins_are_audited(client, lixia_user):
    _fail(client, "lixia", 5)
    login(client, "lixia", PASSWORD)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count(AuditEvent.Action.LOGIN_FAILED) == 5
    assert actions.count(AuditEvent.Action.LOGIN_BLOCKED) == 1
    assert AuditEvent.objects.filter(action="login_failed").first().ip == "127.0.0.1"
