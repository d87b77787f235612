from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("<slug:key>/", views.record_list, name="list"),
    path("<slug:key>/new/", views.record_create, name="create"),
    path("<slug:key>/export/", views.record_export, name="export"),
    path("<slug:key>/import/", views.record_import, name="import"),
    path("<slug:key>/<int:pk>/", views.record_detail, name="detail"),
    path("<slug:key>/<int:pk>/edit/", views.record_edit, name="edit"),
    path("<slug:key>/<int:pk>/file/", views.record_file, name="file"),
]
