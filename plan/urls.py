from django.urls import path

from . import progress_views, views, views_cycle, views_figures, views_progress

app_name = "plan"

urlpatterns = [
    path("", views_progress.dashboard, name="dashboard"),
    path("plan/<int:year>/", views.plan_document, name="document"),
    path("plan/<int:year>/targets/<slug:code>/", views_progress.target_detail, name="target"),
    path("plan/<int:year>/measures/", views.measure_list, name="measures"),
    path("plan/<int:year>/measures/<str:code>/", views.measure_detail, name="measure"),
    path("departments/<slug:code>/", views_progress.department_detail, name="department"),
    # The monthly cycle (views_cycle) and the figures files (views_figures).
    path("months/review/", views_cycle.review_list, name="review"),
    path("months/deadlines/<int:year>/", views_cycle.deadlines, name="deadlines"),
    path("months/<slug:code>/", views_cycle.month_list, name="months"),
    path("months/<slug:code>/<int:year>/<int:month>/", views_cycle.month_detail, name="month"),
    path("months/<slug:code>/<int:year>/<int:month>/submit/", views_cycle.month_submit, name="month_submit"),
    path(
        "months/<slug:code>/<int:year>/<int:month>/approve/", views_cycle.month_approve, name="month_approve"
    ),
    path("months/<slug:code>/<int:year>/<int:month>/return/", views_cycle.month_return, name="month_return"),
    path("months/<slug:code>/<int:year>/<int:month>/unlock/", views_cycle.month_unlock, name="month_unlock"),
    path(
        "months/<slug:code>/<int:year>/<int:month>/history/", views_cycle.month_history, name="month_history"
    ),
    path("figures/upload/", views_figures.figures_upload, name="figures_upload"),
    path("figures/upload/confirm/", views_figures.figures_upload_confirm, name="figures_upload_confirm"),
    path("figures/template.xlsx", views_figures.figures_template, name="figures_template"),
    path("figures/export/", views_figures.figures_export, name="figures_export"),
    path("figures/<slug:code>/history/", views_cycle.indicator_history, name="indicator_history"),
    # Measure progress (progress_views).
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
