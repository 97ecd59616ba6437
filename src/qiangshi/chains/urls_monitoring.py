"""The chain monitoring page; included by chains/urls.py under the "chains" namespace."""

from django.urls import path

from qiangshi.chains import views_monitoring

urlpatterns = [
    path("<str:code>/monitoring/", views_monitoring.chain_monitoring, name="monitoring"),
]
