"""系统管理: account, department and deadline administration, for administrators (mounted at /manage/)."""

from django.urls import path

from . import views

app_name = "manage"

urlpatterns = [
    path("", views.manage_index, name="index"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/", views.account_edit, name="account"),
    path("accounts/<int:pk>/active/", views.account_set_active, name="account_set_active"),
    path("accounts/<int:pk>/password/", views.account_reset_password, name="account_reset_password"),
    path("accounts/<int:pk>/unlock/", views.account_unlock, name="account_unlock"),
    path("departments/", views.department_list, name="departments"),
    path("departments/new/", views.department_edit, name="department_create"),
    path("departments/<slug:code>/", views.department_edit, name="department"),
    path("deadlines/", views.deadline_list, name="deadlines"),
    path("deadlines/<int:year>/<int:month>/", views.deadline_edit, name="deadline"),
    path("log-ins/", views.access_log, name="access_log"),
]
