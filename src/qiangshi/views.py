from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qiangshi import __version__
from qiangshi.accounts.roles import user_roles
from qiangshi.accounts.selectors import audit_events_of_user, scope_describe


def home(request):
    return render(request, "home.html", {
        "roles": user_roles(request.user),
        "scope": scope_describe(request.user),
        "recent_events": audit_events_of_user(user=request.user)[:10],
    })


@login_not_required
@require_GET
@never_cache
def healthz(request):
    body = {"status": "ok", "database": connection.vendor, "version": __version__}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
