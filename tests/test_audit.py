import pytest
from django.db import DatabaseError, connection, transaction

from qiangshi.accounts.context import Actor, acting_as
from qiangshi.accounts.models import AuditEvent, Region, User
from tests.conftest import login


def _events(action, object_type="accounts.Region"):
    return AuditEvent.objects.filter(action=action, object_type=object_type)


def test_update_records_old_and_new_values_with_actor_and_address(admin_user):
    region = Region.objects.get(code="370102")
    with acting_as(Actor(user=admin_user, name="root", ip="10.2.3.4", channel="web")):
        region.note = "测试备注"
        region.save()
    event = _events("update").get()
    assert event.changes == {"note": ["", "测试备注"]}
    assert event.actor == admin_user
    assert event.ip == "10.2.3.4"
    assert event.object_id == str(region.pk)


def test_saving_without_a_change_writes_no_audit_row(admin_user):
    region = Region.objects.get(code="370102")
    region.save()
    assert not _events("update").exists()


def test_create_and_delete_are_recorded_with_the_values(admin_user):
    region = Region.objects.create(code="370100Z99", name="测试园区", short_name="测试",
                                   kind="zone")
    created = _events("create").get(object_id=str(region.pk))
    assert created.changes["name"] == [None, "测试园区"]
    assert created.channel == "cli"
    region.delete()
    deleted = _events("delete").get()
    assert deleted.changes["code"] == ["370100Z99", None]


def test_edit_through_the_admin_is_audited_with_the_web_user(client, admin_user):
    login(client, "root")
    region = Region.objects.get(code="370104")
    response = client.post(f"/admin/accounts/region/{region.pk}/change/", {
        "code": region.code, "name": region.name, "short_name": "槐荫新简称",
        "kind": region.kind, "parent": region.parent_id, "official_code": "on",
        "note": "", "sort_order": region.sort_order,
    })
    assert response.status_code == 302
    event = _events("update").get()
    assert event.changes == {"short_name": ["槐荫", "槐荫新简称"]}
    assert event.actor_name == "root"
    assert event.ip == "127.0.0.1"
    assert event.channel == "web"


def test_scope_changes_on_a_user_are_audited(admin_user, lixia_user):
    lixia_user.regions.add(Region.objects.get(code="370104"))
    event = AuditEvent.objects.filter(object_type="accounts.User", action="update").first()
    assert event.changes == {"regions": {"added": ["槐荫区"]}}


def test_password_values_never_reach_the_audit_log(lixia_user):
    lixia_user.set_password("Another#2025")
    lixia_user.save()
    event = AuditEvent.objects.filter(object_type="accounts.User", action="update").first()
    assert event.changes["password"] == ["******", "******"]


def test_login_and_logout_are_audited(client, lixia_user):
    login(client, "lixia")
    client.post("/logout/")
    actions = list(AuditEvent.objects.filter(actor=lixia_user).values_list("action", flat=True))
    assert actions == ["logout", "login"]


def test_audit_rows_cannot_be_changed_or_deleted(admin_user):
    event = AuditEvent.objects.first()
    event.object_repr = "篡改"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(object_repr="篡改")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_to_audit_rows(admin_user):
    assert AuditEvent.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET object_repr = %s", ["篡改"])


def test_audit_page_is_for_administrators_only(client, admin_user, lixia_user):
    login(client, "lixia")
    assert client.get("/system/audit/").status_code == 403
    client.post("/logout/")
    login(client, "root")
    page = client.get("/system/audit/?action=login").content.decode()
    assert "审计日志" in page
    assert "root" in page


def test_audit_page_filters_by_action_and_shows_old_and_new(client, admin_user):
    region = Region.objects.get(code="370102")
    region.note = "新备注"
    region.save()
    login(client, "root")
    page = client.get("/system/audit/?action=update&object_type=accounts.Region").content.decode()
    assert '<span class="field">备注</span>：（空） → 新备注' in page
    assert "登录</td>" not in page


def test_users_are_audited_as_business_data(reference):
    User.objects.create(username="plain")
    assert AuditEvent.objects.filter(object_type="accounts.User", action="create").exists()
