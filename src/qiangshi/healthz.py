"""/healthz for a load balancer's probe, answered before any other middleware.

The probe speaks plain HTTP to the application server's own address: SecurityMiddleware would
redirect it to HTTPS (301) and the host check would refuse the address it uses (400). So this
middleware comes FIRST in MIDDLEWARE and answers GET/HEAD /healthz itself; it reveals nothing
beyond the database's reachability, its kind and the version.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

from qiangshi import __version__

HEALTHZ_PATH = "/healthz"


def healthz_response(method: str) -> JsonResponse | HttpResponseNotAllowed:
    if method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    body = {"status": "ok", "database": connection.vendor, "version": __version__}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        body["status"] = "error"
        response = JsonResponse(body, status=503)
    else:
        response = JsonResponse(body)
    add_never_cache_headers(response)
    return response


class HealthzMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            return healthz_response(request.method)
        return self.get_response(request)
