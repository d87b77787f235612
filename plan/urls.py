from django.urls import path

from . import progress_views, views

app_name = "plan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plan/<int:year>/", views.plan_document, name="document"),
    path("plan/<int:year>/targets/<slug:code>/", views.target_detail, name="target"),
    path("plan/<int:year>/measures/", views.measure_list, name="measures"),
    path("plan/<int:year>/measures/<str:code>/", views.measure_detail, name="measure"),
    path("departments/<slug:code>/", views.department_detail, name="department"),
    path("plan/<int:year>/measures/<str:code>/progress/", progress_views.update_save, name="measure_update"),
    path("plan/<int:year>/measures/<str:code>/close/", progress_views.measure_close, name="measure_close"),
    path(
        "plan/<int:year>/measures/<str:code>/send-back/",
        progress_views.measure_send_back,
        name="measure_send_back",
    ),
    path(
        "plan/<int:year>/measures/<str:code>/milestones/", progress_views.milestone_add, name="milestone_add"
    ),
    path("milestones/<int:pk>/done/", progress_views.milestone_done, name="milestone_done"),
    path("evidence/<int:pk>/", progress_views.evidence_file, name="evidence"),
]
