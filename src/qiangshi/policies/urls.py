from django.urls import include, path

app_name = "policies"

urlpatterns = [
    path("", include("qiangshi.policies.urls_vouchers")),
]
