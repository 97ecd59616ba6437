import os
import subprocess
import sys

CHECK = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='qiangshi.settings'; "
    "from django.conf import settings; "
    "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
    "settings.SECURE_HSTS_SECONDS, settings.ALLOWED_HOSTS)"
)


def _settings_in(env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIANGSHI_")}
    env.update({"QIANGSHI_VAR_DIR": str(tmp_path), **env_extra})
    return subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_with_the_default_secret_key(tmp_path):
    result = _settings_in({"QIANGSHI_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "QIANGSHI_SECRET_KEY" in result.stderr
    assert "生产环境拒绝启动" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = _settings_in({"QIANGSHI_ENV": "production", "QIANGSHI_SECRET_KEY": "short"}, tmp_path)
    assert result.returncode != 0


def test_production_with_a_real_key_turns_on_secure_cookies_and_hsts(tmp_path):
    result = _settings_in({
        "QIANGSHI_ENV": "production", "QIANGSHI_SECRET_KEY": "k" * 64,
        "QIANGSHI_ALLOWED_HOSTS": "qiangshi.example.gov.cn",
    }, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True 31536000 ['qiangshi.example.gov.cn']"


def test_unknown_environment_name_is_refused(tmp_path):
    result = _settings_in({"QIANGSHI_ENV": "prod"}, tmp_path)
    assert result.returncode != 0


def test_production_refuses_an_empty_allowed_hosts_with_a_chinese_message(tmp_path):
    result = _settings_in({"QIANGSHI_ENV": "production", "QIANGSHI_SECRET_KEY": "k" * 64}, tmp_path)
    assert result.returncode != 0
    assert "QIANGSHI_ALLOWED_HOSTS" in result.stderr
    assert "生产环境拒绝启动" in result.stderr
