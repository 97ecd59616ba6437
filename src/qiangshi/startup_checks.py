"""Checks the web server runs once before it answers anything (called from wsgi.py).

In production the static files are served from what `qiangshi collectstatic` gathered, through
a manifest of hashed names. Without that manifest every page that names a static file answers
500, which looks like a broken application rather than a missed set-up step; refusing to start
with one Chinese sentence makes the missed step impossible to overlook.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages


def static_manifest_require() -> None:
    """Refuse to serve when the static storage needs a manifest that collectstatic never wrote."""
    storage = storages["staticfiles"]
    if isinstance(storage, ManifestFilesMixin) and storage.read_manifest() is None:
        raise ImproperlyConfigured(
            f"生产环境拒绝启动：静态文件清单不存在（{settings.STATIC_ROOT}），"
            "请先运行 qiangshi collectstatic --noinput。"
        )
