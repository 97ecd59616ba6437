"""Django settings. Everything that differs between machines comes from the environment.

QIANGSHI_ENV          development (default) or production
QIANGSHI_SECRET_KEY   required in production; the built-in key is refused there
QIANGSHI_ALLOWED_HOSTS, QIANGSHI_CSRF_TRUSTED_ORIGINS   comma-separated
QIANGSHI_VAR_DIR      where the SQLite file lives (default ./var)
QIANGSHI_MEDIA_DIR    where uploaded evidence is kept (default <var>/media; never served publicly)
QIANGSHI_EVIDENCE_MAX_MB   largest evidence file accepted, in MB (default 20)
QIANGSHI_DEBUG        1 shows Django's debug pages (development only)
QIANGSHI_PROXY_COUNT  reverse proxies in front of the server (default 0; see docs/security.md)
DATABASE_URL          postgres://user:pass@host:port/name switches to PostgreSQL
QIANGSHI_REDIS_URL    redis://host:port/db puts the page cache in Redis
QIANGSHI_JOBS_URL     where background jobs wait for the worker: empty (default) keeps them in
                      <var>/jobs.sqlite3, no server needed; redis://host:port/db for a city
                      deployment with several web processes
QIANGSHI_MUJUN_METHOD the city's 亩均 evaluation method, offered first (default shandong-default,
                      the Shandong method 济南 starts from; docs/mujun-method.md §3)
QIANGSHI_ASSESSMENT_SCHEME the city's 专项考核 scheme, used when none is named (default jinan-default,
                      the packaged illustrative scheme; docs/assessment-schemes.md)
QIANGSHI_CHAIN_MAP    the city's packaged chain map loaded when no chain is stored (default jinan,
                      the illustrative map of 11 chains; docs/chain-schema.md)
QIANGSHI_BULLETIN_ORGAN the organ that issues bulletins and other documents (default
                      济南市工业和信息化局)
QIANGSHI_DIRECTION_METHOD   how 持续提升/持续下降 targets are judged: open_sdg_1 (default, Open
                      SDG method 1) or unsd (UNSD no-target table), for the indicators whose
                      plan names no direction_method; see docs/progress-method.md
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("QIANGSHI_VAR_DIR", Path.cwd() / "var")).resolve()

ENVIRONMENT = os.environ.get("QIANGSHI_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"QIANGSHI_ENV 只能是 development 或 production，当前为 {ENVIRONMENT!r}"
    )
PRODUCTION = ENVIRONMENT == "production"

# Public on purpose: production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "qiangshi-development-key-not-for-production-use-0123456789abcdef"  # noqa: S105
SECRET_KEY = os.environ.get("QIANGSHI_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "生产环境拒绝启动：请通过环境变量 QIANGSHI_SECRET_KEY 设置不少于 50 个字符的随机密钥，"
        "不能使用内置的开发密钥。"
    )

DEBUG = not PRODUCTION and os.environ.get("QIANGSHI_DEBUG") == "1"
ALLOWED_HOSTS = _env_list("QIANGSHI_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION and not ALLOWED_HOSTS:
    # Empty would make every request 400 (Django's host check), which looks like an outage.
    raise ImproperlyConfigured(
        "生产环境拒绝启动：请通过环境变量 QIANGSHI_ALLOWED_HOSTS 设置本站的域名（逗号分隔），"
        "例如 QIANGSHI_ALLOWED_HOSTS=qiangshi.example.gov.cn。"
    )
CSRF_TRUSTED_ORIGINS = _env_list("QIANGSHI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "qiangshi.apps.QiangshiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "qiangshi.apps.QiangshiConfig",
    "qiangshi.accounts",
    "qiangshi.jobs",
    "qiangshi.notices",
    "qiangshi.enterprises",
    "qiangshi.projects",
    "qiangshi.cultivation",
    "qiangshi.plan",
    "qiangshi.evaluation",
    "qiangshi.assessment",
    "qiangshi.chains",
    "qiangshi.policies",
    "qiangshi.bulletins",
    "qiangshi.cockpit",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    # First: a load balancer probes /healthz over plain HTTP, before SSL redirect and host check.
    "qiangshi.healthz.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "qiangshi.nul_guard.NulRefusalMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qiangshi.accounts.middleware.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "qiangshi.accounts.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "qiangshi.urls"
WSGI_APPLICATION = "qiangshi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qiangshi.navigation.navigation",
                "qiangshi.notices.context.unread",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    # Health checks: a kept connection the server dropped (a restart, a fail-over, a test
    # database made again from a copy) is replaced at the next request instead of failing it.
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60,
                                                  conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "qiangshi.sqlite3",
            # WAL lets the cockpit read while an import writes; IMMEDIATE avoids
            # "database is locked" when two writers start at once.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
            "CONN_MAX_AGE": 60,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Renderings keyed on the stored runs they show (cockpit board, tier overview). By default
# files under var/cache: every gunicorn worker on the machine shares them, nothing to run or
# create (a DatabaseCache would need its table and, on SQLite, queue its writes behind
# imports), and a read is a file open. Several machines behind a balancer share Redis.
if os.environ.get("QIANGSHI_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["QIANGSHI_REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": VAR_DIR / "cache", "OPTIONS": {"MAX_ENTRIES": 2000}}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 2.0: complex passwords, no reuse of the last five.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "qiangshi.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {
        "NAME": "qiangshi.accounts.passwords.PasswordHistoryValidator",
        "OPTIONS": {"depth": 5},
    },
]

# Lock-out: failures counted per user name and per client address.
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCKOUT_MINUTES = 15


def _proxy_count() -> int:
    """How many reverse proxies stand in front of the server; the client's address is the
    n-th from the right of X-Forwarded-For. 0 trusts no header and uses the peer address."""
    text = os.environ.get("QIANGSHI_PROXY_COUNT", "0").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > 5:
        raise ImproperlyConfigured(
            f"QIANGSHI_PROXY_COUNT 应为 0 到 5 的整数（服务前面的反向代理层数），当前为 {text!r}"
        )
    return int(text)


QIANGSHI_PROXY_COUNT = _proxy_count()

# Idle sessions end after 30 minutes. A request pushes the deadline back when it was last
# pushed more than a minute ago (accounts.middleware.SessionRenewalMiddleware), so the idle
# limit is 29 to 30 minutes and most requests write no session.
SESSION_COOKIE_AGE = 30 * 60
# Sessions are read from the shared cache and written through to the database: a page view
# needs no session query (Django's standard write-through backend; log-out deletes both).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
QIANGSHI_SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): every script, style, image and connection comes from
# this site; no inline script, no style attribute, no plugin, no framing, forms post only
# here. Pages carry data in json_script tags and set sizes through classes; what scripts
# need to size (bars, chart tooltips) they set through the DOM, which CSP does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # ECharts draws legend icons as data: images
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("QIANGSHI_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("QIANGSHI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Alert mail is sent only when an SMTP host is configured.
EMAIL_HOST = os.environ.get("QIANGSHI_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("QIANGSHI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("QIANGSHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("QIANGSHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("QIANGSHI_EMAIL_TLS") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("QIANGSHI_EMAIL_FROM", "qiangshi@localhost")

# The 亩均 method a new run starts from: a packaged method's name or a stored method's.
MUJUN_METHOD = os.environ.get("QIANGSHI_MUJUN_METHOD", "shandong-default")
ASSESSMENT_SCHEME = os.environ.get("QIANGSHI_ASSESSMENT_SCHEME", "jinan-default")
CHAIN_MAP = os.environ.get("QIANGSHI_CHAIN_MAP", "jinan")
# 发文机关 of the bulletins and other documents (发文机关标志 and 署名).
BULLETIN_ORGAN = os.environ.get("QIANGSHI_BULLETIN_ORGAN", "济南市工业和信息化局")

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Uploaded evidence: kept inside var/ and served only by views that check the user's scope,
# so there is no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("QIANGSHI_MEDIA_DIR", VAR_DIR / "media")).resolve()
QIANGSHI_EVIDENCE_MAX_BYTES = int(os.environ.get("QIANGSHI_EVIDENCE_MAX_MB", "20")) * 1024 * 1024
QIANGSHI_DIRECTION_METHOD = os.environ.get("QIANGSHI_DIRECTION_METHOD", "open_sdg_1")
if QIANGSHI_DIRECTION_METHOD not in {"open_sdg_1", "unsd"}:
    raise ImproperlyConfigured("QIANGSHI_DIRECTION_METHOD must be open_sdg_1 or unsd")
# Production serves what collectstatic gathered; elsewhere WhiteNoise reads the package.
STATIC_ROOT = VAR_DIR / "static" if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the package, so no
# collectstatic step is needed for `make run`.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG



def _jobs() -> dict:
    """huey: the queue of background jobs (docs/architecture.md, job flow). One worker thread
    runs jobs one after another, so two runs over all firms never compete for the database."""
    url = os.environ.get("QIANGSHI_JOBS_URL", "").strip()
    common = {"name": "qiangshi", "immediate": False,
              "consumer": {"workers": 1, "worker_type": "thread"}}
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return common | {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "jobs.sqlite3")}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return common | {"huey_class": "huey.RedisHuey", "url": url}
    raise ImproperlyConfigured(
        f"QIANGSHI_JOBS_URL 应为空（任务队列存于本机文件）或 redis://主机:端口/库号，当前为 {url!r}")


HUEY = _jobs()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QIANGSHI_LOG_LEVEL", "INFO")},
}
