from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse_lazy

from qiangshi.accounts import selectors
from qiangshi.accounts.forms import LoginForm
from qiangshi.accounts.models import AuditEvent, Unit
from qiangshi.params import choice_param

AUDIT_PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response


@permission_required("accounts.view_region", raise_exception=True)
def system(request):
    return render(request, "accounts/system.html", {
        "region_count": selectors.region_list(user=request.user).count(),
        "unit_count": selectors.unit_list(user=request.user).count(),
        "can_read_audit": request.user.has_perm("accounts.view_auditevent"),
    })


@permission_required("accounts.view_region", raise_exception=True)
def region_list(request):
    return render(request, "accounts/region_list.html", {
        "regions": selectors.region_list(user=request.user),
    })


@permission_required("accounts.view_region", raise_exception=True)
def region_detail(request, code):
    region = selectors.region_get(user=request.user, code=code)
    return render(request, "accounts/region_detail.html", {
        "region": region,
        "units": selectors.unit_list(user=request.user).filter(region=region),
        "children": selectors.region_list(user=request.user).filter(parent=region),
    })


@permission_required("accounts.view_unit", raise_exception=True)
def unit_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Unit.Kind.values else ""
    return render(request, "accounts/unit_list.html", {
        "units": selectors.unit_list(user=request.user, kind=kind),
        "kinds": Unit.Kind.choices,
        "kind": kind,
    })


@permission_required("accounts.view_unit", raise_exception=True)
def unit_detail(request, code):
    return render(request, "accounts/unit_detail.html", {
        "unit": selectors.unit_get(user=request.user, code=code),
    })


@permission_required("accounts.view_auditevent", raise_exception=True)
def audit_list(request):
    filters = {
        "action": choice_param(request.GET, "action", AuditEvent.Action.values),
        "username": request.GET.get("username", "").strip(),
        "object_type": request.GET.get("object_type", ""),
        "date_from": selectors.parse_date(request.GET.get("date_from", "")),
        "date_to": selectors.parse_date(request.GET.get("date_to", "")),
    }
    page = Paginator(selectors.audit_events(**filters), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/audit_list.html", {
        "page": page,
        "filters": filters,
        "actions": AuditEvent.Action.choices,
        "object_types": selectors.audit_object_types(),
        "query": query.urlencode(),
    })
