"""`qiangshi backup` and `qiangshi restore`: a round trip gives back every row, and the audit
trail's protection (the trigger refusing UPDATE) survives it. Runs on whichever database the
suite uses: CI runs it on SQLite and on PostgreSQL."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from qiangshi.accounts.models import AuditEvent, Region, Unit, User
from qiangshi.accounts.roles import roles_sync
from qiangshi.accounts.services import reference_load, user_create
from tests.conftest import PASSWORD


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def stored(transactional_db):
    # Committed data: a backup copies what is committed, and a restore cannot run inside the
    # transaction a plain `db` test is wrapped in.
    roles_sync()
    reference_load()
    user_create(username="lixia", password=PASSWORD, display_name="历下", role="region",
                region_codes=["370102"], unit_codes=["lxqzf"])


def test_backup_and_restore_give_back_every_row_of_every_table(stored, tmp_path):
    before = _row_counts()
    assert before["accounts_region"] > 0 and before["accounts_auditevent"] > 0
    call_command("backup", str(tmp_path / "qiangshi.backup"), stdout=io.StringIO())
    backup_event = AuditEvent.objects.get(action="backup")
    assert backup_event.changes["file"] == str(tmp_path / "qiangshi.backup")

    # Work after the backup: changed, added and removed rows.
    Region.objects.filter(code="370102").update(note="备份之后的修改")
    Unit.objects.filter(code="lxqzf").update(short_name="改")
    user_create(username="later", password=PASSWORD, display_name="后来的", role="analyst")
    User.objects.get(username="lixia").regions.clear()
    assert _row_counts() != before

    call_command("restore", str(tmp_path / "qiangshi.backup"), "--yes", stdout=io.StringIO())

    after = _row_counts()
    # The restore's own audit event is written after the restore, into the restored trail.
    assert after.pop("accounts_auditevent") == before.pop("accounts_auditevent") + 1
    assert after == before
    assert Region.objects.get(code="370102").note == ""
    assert not User.objects.filter(username="later").exists()
    assert User.objects.get(username="lixia").regions.filter(code="370102").exists()
    assert AuditEvent.objects.filter(action="restore").count() == 1
    assert not AuditEvent.objects.filter(action="backup").exists()  # written after the copy

    # The database still refuses to rewrite the audit trail.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET object_repr = %s", ["篡改"])


def test_restore_without_yes_asks_for_the_typed_word_and_changes_nothing_otherwise(
        stored, tmp_path, monkeypatch):
    call_command("backup", str(tmp_path / "b"), stdout=io.StringIO())
    user_create(username="later", password=PASSWORD, display_name="后来的", role="analyst")
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    with pytest.raises(CommandError, match="未确认"):
        call_command("restore", str(tmp_path / "b"), stdout=io.StringIO())
    assert User.objects.filter(username="later").exists()

    monkeypatch.setattr("builtins.input", lambda prompt: "恢复")
    call_command("restore", str(tmp_path / "b"), stdout=io.StringIO())
    assert not User.objects.filter(username="later").exists()


def test_backup_never_overwrites_a_file_and_restore_refuses_a_file_that_is_not_a_backup(
        stored, tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"an earlier backup"
    with pytest.raises(CommandError, match=r"不是 .* 备份文件"):
        call_command("restore", str(existing), "--yes", stdout=io.StringIO())
    assert User.objects.filter(username="lixia").exists()
