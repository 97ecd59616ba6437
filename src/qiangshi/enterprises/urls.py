from django.urls import path

from qiangshi.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("import/<str:kind>/", views.import_page, name="import"),
    path("industry-groups/", views.industry_groups_page, name="industry_groups"),
    path("templates/<str:kind>.xlsx", views.template_download, name="template"),
    path("<str:uscc>/", views.enterprise_detail, name="detail"),
]
