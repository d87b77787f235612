from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("events/<int:pk>/tasks/", views.task_add, name="task_add"),
    path("tasks/<int:pk>/done/", views.task_toggle, name="task_toggle"),
]
