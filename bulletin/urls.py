from django.urls import path

from . import views

app_name = "bulletin"

urlpatterns = [
    path("plan/<int:year>/bulletin/", views.bulletin_page, name="page"),
    path("plan/<int:year>/bulletin.xlsx", views.bulletin_xlsx, name="xlsx"),
    path("plan/<int:year>/bulletin.docx", views.bulletin_docx, name="docx"),
    path("plan/<int:year>/bulletin/<int:month>/edit/", views.bulletin_edit, name="edit"),
    path("plan/<int:year>/bulletin/<int:month>/redraft/", views.bulletin_redraft, name="redraft"),
    path("plan/<int:year>/bulletin/<int:month>/issue/", views.bulletin_issue, name="issue"),
    path("bulletins/", views.bulletin_archive, name="archive"),
    path("bulletins/<int:pk>/", views.bulletin_issued, name="issued"),
    path("bulletins/<int:pk>.docx", views.bulletin_issued_docx, name="issued-docx"),
]
