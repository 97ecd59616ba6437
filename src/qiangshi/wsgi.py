import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiangshi.settings")
application = get_wsgi_application()

# After setup: gunicorn and runserver both load this module, so both refuse to start without
# the static manifest instead of answering 500 on every page.
from qiangshi.startup_checks import static_manifest_require  # noqa: E402

static_manifest_require()
