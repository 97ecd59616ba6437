"""Service vouchers and 跟踪问效 (included by policies.urls)."""

from django.urls import path

from qiangshi.policies import views_vouchers as views

urlpatterns = [
    path("vouchers/", views.vouchers_page, name="vouchers"),
    path("vouchers/<int:pk>/", views.voucher_page, name="voucher"),
    path("vouchers/<int:pk>/reimburse/", views.voucher_reimburse_view, name="voucher_reimburse"),
    path("vouchers/programmes/<int:pk>/issue/", views.programme_issue, name="programme_issue"),
    path("vouchers/expire/", views.vouchers_expire_view, name="vouchers_expire"),
    path("vouchers/providers/", views.providers_page, name="providers"),
    path("vouchers/suspicious/", views.suspicious_page, name="suspicious"),
    path("effect/", views.effect_page, name="effect"),
]
