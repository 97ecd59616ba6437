"""Users are deactivated, never deleted: the audit trail keeps pointing at the person."""

import pytest
from django.db.models import ProtectedError

from qiangshi.accounts.models import AuditEvent, User
from tests.conftest import login


def test_the_admin_offers_no_delete_for_users_only_deactivation(client, admin_user, lixia_user):
    login(client, "lixia")
    client.post("/logout/")
    login(client, "root")
    changelist = client.get("/admin/accounts/user/")
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert actions["users_deactivate"] == "停用所选用户"
    assert client.get(f"/admin/accounts/user/{lixia_user.pk}/delete/").status_code == 403
    change_page = client.get(f"/admin/accounts/user/{lixia_user.pk}/change/").content.decode()
    assert f"/admin/accounts/user/{lixia_user.pk}/delete/" not in change_page
    assert User.objects.filter(pk=lixia_user.pk).exists()


def test_a_user_who_has_logged_in_cannot_be_deleted_even_by_the_orm(client, lixia_user):
    # Before: the audit trigger refused the SET NULL of AuditEvent.actor and the admin answered 500.
    login(client, "lixia")
    with pytest.raises(ProtectedError):
        lixia_user.delete()
    assert AuditEvent.objects.filter(actor=lixia_user, action="login").exists()


def test_deactivating_through_the_admin_is_audited_and_ends_the_users_log_in(client, admin_user,
                                                                             lixia_user):
    lixia = client.__class__()
    assert login(lixia, "lixia").status_code == 302
    assert lixia.get("/").status_code == 200

    login(client, "root")
    response = client.post("/admin/accounts/user/", {
        "action": "users_deactivate", "_selected_action": [lixia_user.pk],
    }, follow=True)
    assert response.status_code == 200
    assert "已停用 1 个用户" in response.content.decode()
    lixia_user.refresh_from_db()
    assert not lixia_user.is_active
    event = AuditEvent.objects.get(object_type="accounts.User", object_id=str(lixia_user.pk),
                                   action="update", changes__has_key="is_active")
    assert event.changes["is_active"] == [True, False]
    assert event.actor == admin_user

    # The open session ends at once, and a new log-in with the right password is refused
    # (Django's ModelBackend does not say the account exists; the message is the usual one).
    assert lixia.get("/").status_code == 302
    refused = login(lixia, "lixia")
    assert refused.status_code == 200
    assert "用户名或密码错误" in refused.content.decode()


def test_an_administrator_cannot_deactivate_themselves(client, admin_user):
    login(client, "root")
    response = client.post("/admin/accounts/user/", {
        "action": "users_deactivate", "_selected_action": [admin_user.pk],
    }, follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active

