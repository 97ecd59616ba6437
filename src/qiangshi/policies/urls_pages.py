from django.urls import path

from qiangshi.policies import views_pages

urlpatterns = [
    path("", views_pages.policy_list, name="list"),
    # Two segments, so that no policy code loses its page to them.
    path("runs/new/", views_pages.match_start, name="match_start"),
    path("versions/<int:pk>/", views_pages.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views_pages.version_publish, name="publish"),
    path("versions/<int:pk>/dryrun/", views_pages.version_dryrun, name="dryrun"),
    path("<str:code>/", views_pages.policy_detail, name="detail"),
]
