from django.contrib.auth import views as auth_views
from django.urls import path

from qiangshi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("system/", views.system, name="system"),
    path("system/regions/", views.region_list, name="region_list"),
    path("system/regions/<str:code>/", views.region_detail, name="region_detail"),
    path("system/units/", views.unit_list, name="unit_list"),
    path("system/units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("system/audit/", views.audit_list, name="audit_list"),
]
