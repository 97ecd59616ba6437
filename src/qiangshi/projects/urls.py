from django.urls import path

from qiangshi.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("stalls/", views.stall_page, name="stalls"),
    path("import/", views.import_page, name="import"),
    path("import/template/", views.template_download, name="template"),
    path("dispatches/", views.dispatch_list, name="dispatches"),
    path("dispatches/<int:pk>/step/", views.dispatch_step, name="dispatch_step"),
    path("<str:code>/dispatch/", views.dispatch_new, name="dispatch_new"),
    path("<str:code>/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("<str:code>/", views.project_detail, name="detail"),
]
