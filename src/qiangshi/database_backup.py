"""Backup and restore of the whole database, for `qiangshi backup` and `qiangshi restore`.

SQLite uses the online backup API (a consistent copy while the platform runs); PostgreSQL uses
pg_dump's custom format and pg_restore in one transaction, so a failed restore changes nothing.
Both record an audit event; the restore's is written after the restore, which replaces the
audit table with the backup's.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.models import AuditEvent

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the user, in Chinese."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_command(program: str) -> tuple[list[str], dict]:
    """The program with the connection of DATABASES['default']; the password goes through the
    environment, never the command line (which other users of the machine can read)."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"找不到 {program}：请安装 PostgreSQL 客户端工具（与服务器同一主版本）。")
    settings = connection.settings_dict
    command = [executable, "--dbname", settings["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command += [option, str(settings[key])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return command, env


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip()[-2000:]}")


def _vendor() -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持的数据库类型：{connection.vendor}")
    return connection.vendor


def database_backup(*, target: Path) -> AuditEvent:
    target = Path(target)
    if target.exists():
        raise BackupError(f"文件 {target} 已存在：请换一个文件名，已有的备份不会被覆盖。")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    vendor = _vendor()
    try:
        if vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(partial) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:
            command, env = _pg_command("pg_dump")
            _run([*command, "--format=custom", "--file", str(partial)], env, "pg_dump 备份")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return audit_record(
        action=AuditEvent.Action.BACKUP, object_type="database", object_repr=str(target)[:200],
        changes={"file": str(target), "sha256": _sha256(target), "bytes": target.stat().st_size,
                 "database": vendor},
    )


def database_restore(*, source: Path) -> AuditEvent:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件 {source} 不存在。")
    vendor = _vendor()
    with source.open("rb") as stream:
        head = stream.read(len(SQLITE_MAGIC))
    expected = SQLITE_MAGIC if vendor == "sqlite" else PG_DUMP_MAGIC
    if not head.startswith(expected):
        kind = "SQLite" if vendor == "sqlite" else "PostgreSQL（pg_dump 自定义格式）"
        raise BackupError(f"{source} 不是 {kind} 备份文件，当前数据库未改变。")
    if vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            backup.backup(connection.connection)
        backup.close()
    else:
        command, env = _pg_command("pg_restore")
        _run([*command, "--clean", "--if-exists", "--single-transaction", "--no-owner", str(source)],
             env, "pg_restore 恢复")
    return audit_record(
        action=AuditEvent.Action.RESTORE, object_type="database", object_repr=str(source)[:200],
        changes={"file": str(source), "sha256": _sha256(source), "database": vendor},
    )
