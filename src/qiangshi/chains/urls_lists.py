"""The pages of the target list, the carriers and the 招商指引 (included by chains.urls)."""

from django.urls import path

from qiangshi.chains import views_lists

urlpatterns = [
    path("<str:code>/targets/", views_lists.targets_page, name="targets"),
    path("<str:code>/targets/<int:pk>/", views_lists.target_page, name="target"),
    path("<str:code>/targets/import/", views_lists.targets_import, name="targets_import"),
    path("<str:code>/targets/template/", views_lists.targets_template, name="targets_template"),
    path("<str:code>/carriers/", views_lists.carriers_page, name="carriers"),
    path("<str:code>/carriers/import/", views_lists.carriers_import, name="carriers_import"),
    path("<str:code>/carriers/template/", views_lists.carriers_template, name="carriers_template"),
    path("<str:code>/guide/", views_lists.guide_page, name="guide"),
]
