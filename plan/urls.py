from django.urls import path

from .views import cycle, dashboard, document, figures, history, measures, month

app_name = "plan"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("plan/<int:year>/", document.plan_document, name="document"),
    path("plan/<int:year>/targets/<slug:code>/", dashboard.target_detail, name="target"),
    path("departments/<slug:code>/", dashboard.department_detail, name="department"),
    # The monthly cycle.
    path("months/review/", cycle.review_list, name="review"),
    path("months/<slug:code>/", cycle.month_list, name="months"),
    path("months/<slug:code>/<int:year>/<int:month>/", month.month_detail, name="month"),
    path("months/<slug:code>/<int:year>/<int:month>/submit/", cycle.month_submit, name="month_submit"),
    path("months/<slug:code>/<int:year>/<int:month>/approve/", cycle.month_approve, name="month_approve"),
    path(
        "months/<slug:code>/<int:year>/<int:month>/return/",
        cycle.month_review,
        {"action": "return"},
        name="month_return",
    ),
    path(
        "months/<slug:code>/<int:year>/<int:month>/unlock/",
        cycle.month_review,
        {"action": "unlock"},
        name="month_unlock",
    ),
    path("months/<slug:code>/<int:year>/<int:month>/history/", history.month_history, name="month_history"),
    # Figures files.
    path("figures/upload/", figures.figures_upload, name="figures_upload"),
    path("figures/upload/confirm/", figures.figures_upload_confirm, name="figures_upload_confirm"),
    path("figures/template.xlsx", figures.figures_template, name="figures_template"),
    path("figures/export/", figures.figures_export, name="figures_export"),
    path("figures/<slug:code>/history/", history.indicator_history, name="indicator_history"),
    # Measures and their progress.
    path("plan/<int:year>/measures/", document.measure_list, name="measures"),
    path("plan/<int:year>/measures/<str:code>/", document.measure_detail, name="measure"),
    path("plan/<int:year>/measures/<str:code>/progress/", measures.update_save, name="measure_update"),
    path("plan/<int:year>/measures/<str:code>/close/", measures.measure_close, name="measure_close"),
    path(
        "plan/<int:year>/measures/<str:code>/send-back/", measures.measure_send_back, name="measure_send_back"
    ),
    path("plan/<int:year>/measures/<str:code>/milestones/", measures.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", measures.milestone_done, name="milestone_done"),
    path("evidence/<int:pk>/", measures.evidence_file, name="evidence"),
]
