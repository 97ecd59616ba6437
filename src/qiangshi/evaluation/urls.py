from django.urls import path

from qiangshi.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("new/", views.run_new, name="run_new"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("results/<int:pk>/appeal/", views.appeal_new, name="appeal_new"),
    path("appeals/", views.appeal_list, name="appeals"),
    path("methods/", views.method_list, name="methods"),
    path("methods/<int:pk>/", views.method_detail, name="method"),
    path("compare/", views.run_compare, name="compare"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
]
