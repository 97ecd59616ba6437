from django.urls import path

from qiangshi.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("stalls/", views.stall_page, name="stalls"),
    path("<str:code>/", views.project_detail, name="detail"),
]
