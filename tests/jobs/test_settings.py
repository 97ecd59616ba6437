"""QIANGSHI_JOBS_URL: empty keeps the job queue in a file under var/ (no server); a redis://
URL moves it to Redis for a city deployment; anything else is refused in Chinese."""

import os
import socket
import subprocess
import sys

import pytest

CHECK = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='qiangshi.settings'; django.setup(); "
    "from huey.contrib.djhuey import HUEY; "
    "print(type(HUEY).__name__, type(HUEY.storage).__name__, HUEY.immediate, "
    "getattr(HUEY.storage, 'filename', '-')); "
    "from qiangshi.jobs.services import KINDS; HUEY.enqueue(KINDS['alerts_refresh'].task.s(0)); "
    "print(HUEY.pending_count()); HUEY.flush()"
)


def _jobs_settings(tmp_path, url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIANGSHI_") and k != "DATABASE_URL"}
    env["QIANGSHI_VAR_DIR"] = str(tmp_path)
    if url is not None:
        env["QIANGSHI_JOBS_URL"] = url
    return subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True,
                          check=False, timeout=120)


def test_by_default_jobs_wait_in_a_sqlite_file_under_var(tmp_path):
    result = _jobs_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    kind, storage, immediate, filename = result.stdout.splitlines()[0].split()
    assert (kind, storage, immediate) == ("SqliteHuey", "SqliteStorage", "False")
    assert filename == str(tmp_path / "jobs.sqlite3") and (tmp_path / "jobs.sqlite3").exists()
    assert result.stdout.splitlines()[1] == "1"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_a_redis_url_moves_the_queue_to_redis(tmp_path):
    result = _jobs_settings(tmp_path, "redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[:3] == ["RedisHuey", "RedisStorage", "False"]
    assert result.stdout.splitlines()[1] == "1" and not (tmp_path / "jobs.sqlite3").exists()


def test_an_unknown_queue_url_is_refused_in_chinese(tmp_path):
    result = _jobs_settings(tmp_path, "amqp://127.0.0.1/")
    assert result.returncode != 0 and "QIANGSHI_JOBS_URL 应为空" in result.stderr
