from django.urls import path

from qiangshi.cultivation import views

app_name = "cultivation"

urlpatterns = [
    path("pool/", views.pool_page, name="pool"),
    path("pool/candidates/", views.candidates_page, name="candidates"),
    path("pool/<int:pk>/", views.member_page, name="member"),
    path("pool/<int:pk>/measures/", views.measure_new, name="measure_new"),
    path("pool/<int:pk>/exit/", views.member_exit_page, name="member_exit"),
]
