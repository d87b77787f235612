from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plan/<int:year>/", views.plan_document, name="document"),
    path("plan/<int:year>/targets/<slug:code>/", views.target_detail, name="target"),
    path("plan/<int:year>/measures/", views.measure_list, name="measures"),
    path("plan/<int:year>/measures/<str:code>/", views.measure_detail, name="measure"),
    path("departments/<slug:code>/", views.department_detail, name="department"),
]
