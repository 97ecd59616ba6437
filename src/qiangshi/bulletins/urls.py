from django.urls import path

from qiangshi.bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("generate/", views.generate, name="generate"),
    path("other/", views.other_new, name="other"),
    path("letterheads/", views.letterhead_list, name="letterheads"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/issue/", views.document_issue_view, name="issue"),
    path("<int:pk>/new-version/", views.document_copy, name="copy"),
    path("<int:pk>/docx/", views.document_docx, name="docx"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
]
