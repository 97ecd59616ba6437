from django.contrib import admin
from django.urls import include, path

from qiangshi import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("qiangshi.accounts.urls")),
    path("cockpit/", include("qiangshi.cockpit.urls")),
    path("plan/", include("qiangshi.plan.urls")),
    path("enterprises/", include("qiangshi.enterprises.urls")),
    path("evaluation/", include("qiangshi.evaluation.urls")),
    path("assessment/", include("qiangshi.assessment.urls")),
    path("projects/", include("qiangshi.projects.urls")),
    path("chains/", include("qiangshi.chains.urls")),
    path("bulletins/", include("qiangshi.bulletins.urls")),
    path("cultivation/", include("qiangshi.cultivation.urls")),
    path("jobs/", include("qiangshi.jobs.urls")),
    path("notices/", include("qiangshi.notices.urls")),
    path("policies/", include("qiangshi.policies.urls")),
    path("admin/", admin.site.urls),
]
