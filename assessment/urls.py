"""考核: the ranking, a department's lines and objections, the scheme, and the year-end documents."""

from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("<int:year>/", views.ranking, name="ranking"),
    path("<int:year>/scheme/", views.scheme, name="scheme"),
    path("<int:year>/scores.xlsx", views.workbook, name="workbook"),
    path("<int:year>/scores.docx", views.document, name="document"),
    path("<int:year>/<slug:code>/", views.department, name="department"),
    path("<int:year>/<slug:code>/object/", views.objection_raise, name="object"),
    path("objections/<int:pk>/decide/", views.objection_decide, name="decide"),
]
