from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse


class QiangshiAdminSite(admin.AdminSite):
    """Django admin, open to system administrators only.

    Log-in goes through the platform's own form, so lock-out and auditing
    apply to the admin as well.
    """

    site_header = "强市平台 · 系统管理"
    site_title = "强市平台"
    index_title = "系统管理"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied("系统管理仅对系统管理员开放。")
        return redirect(f"{reverse('accounts:login')}?next={request.GET.get('next', '/admin/')}")
