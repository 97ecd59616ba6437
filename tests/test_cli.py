import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _qiangshi() -> str:
    script = Path(sys.executable).with_name("qiangshi")
    return str(script) if script.exists() else shutil.which("qiangshi")


@pytest.mark.skipif(not _qiangshi(), reason="qiangshi 控制台脚本未安装")
def test_console_script_runs_management_commands_with_the_platform_settings(tmp_path):
    env = {**os.environ, "QIANGSHI_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    migrate = subprocess.run([_qiangshi(), "migrate", "--noinput"], env=env, capture_output=True,
                             text=True, check=False)
    assert migrate.returncode == 0, migrate.stderr
    loaded = subprocess.run([_qiangshi(), "reference", "load"], env=env, capture_output=True,
                            text=True, check=False)
    assert "行政区划与功能区：新增 18" in loaded.stdout
    assert (tmp_path / "qiangshi.sqlite3").exists()
