from django.urls import include, path

app_name = "chains"

urlpatterns = [
    path("", include("qiangshi.chains.urls_lists")),
    path("", include("qiangshi.chains.urls_monitoring")),
]
