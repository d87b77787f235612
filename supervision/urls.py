from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.instruction_list, name="list"),
    path("new/", views.instruction_new, name="new"),
    path("<int:pk>/", views.instruction_detail, name="detail"),
    path("<int:pk>/step/", views.instruction_step, name="step"),
    path("<int:pk>/report.docx", views.instruction_document, name="document"),
    path("files/<int:pk>/", views.instruction_file, name="file"),
]
