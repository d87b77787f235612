"""群机器人: mounted at /manage/robots/, beside the other administration pages."""

from django.urls import path

from . import views

app_name = "broadcast"

urlpatterns = [
    path("", views.robot_list, name="robots"),
    path("new/", views.robot_edit, name="robot_create"),
    path("<int:pk>/", views.robot_edit, name="robot"),
    path("<int:pk>/test/", views.robot_test, name="robot_test"),
    path("deliveries/", views.delivery_list, name="deliveries"),
]
