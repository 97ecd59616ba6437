from django.urls import path

from qiangshi.cockpit import screen, views

app_name = "cockpit"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("screen/", screen.screen, name="screen"),
]
