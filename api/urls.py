from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("v1/progress/<int:year>/", views.progress_view, name="progress"),
    path("v1/scores/<int:year>/", views.scores_view, name="scores"),
]
