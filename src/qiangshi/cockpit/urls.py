from django.urls import path

from qiangshi.cockpit import views

app_name = "cockpit"

urlpatterns = [
    path("", views.overview, name="overview"),
]
