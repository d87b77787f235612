from django.urls import path

from . import views, views_progress

app_name = "plan"

urlpatterns = [
    path("", views_progress.dashboard, name="dashboard"),
    path("plan/<int:year>/", views.plan_document, name="document"),
    path("plan/<int:year>/targets/<slug:code>/", views_progress.target_detail, name="target"),
    path("plan/<int:year>/bulletin/", views_progress.bulletin_page, name="bulletin"),
    path("plan/<int:year>/bulletin.xlsx", views_progress.bulletin_xlsx, name="bulletin-xlsx"),
    path("plan/<int:year>/measures/", views.measure_list, name="measures"),
    path("plan/<int:year>/measures/<str:code>/", views.measure_detail, name="measure"),
    path("departments/<slug:code>/", views_progress.department_detail, name="department"),
]
