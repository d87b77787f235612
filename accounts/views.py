"""Account administration (系统管理) for administrators, the log-in record, and everyone's notices."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import months, params
from core.versions import ConflictError, save_or_refuse
from plan import cycle
from plan.formatting import date_text
from plan.models import Department, Plan, ReportingDeadline

from . import services
from .forms import AccountForm, AccountSearchForm, DeadlineForm, DepartmentForm, NewPasswordForm
from .models import Notice, User, attempt_locks_out


def admin_required(view):
    """@login_required, then 403 for anyone but an active administrator."""

    @login_required
    def wrapped(request, *args, **kwargs):
        services.ensure_admin(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _get_account(pk) -> User:
    return get_object_or_404(User.objects.select_related("department"), pk=pk)


@admin_required
def manage_index(request):
    """系统管理 opens on the account list."""
    return redirect("manage:accounts")


@admin_required
def account_list(request):
    form = AccountSearchForm(request.GET or None)
    accounts = (
        User.objects.select_related("department")
        .with_login_failures()
        .order_by("-is_active", "role", "department__order", "username")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            accounts = accounts.filter(
                Q(username__icontains=q) | Q(display_name__icontains=q) | Q(email__icontains=q)
            )
        if data["role"]:
            accounts = accounts.filter(role=data["role"])
        if data["department"]:
            accounts = accounts.filter(department=data["department"])
        if data["state"]:
            accounts = accounts.in_state(data["state"])
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/account_list.html", {"form": form, "page": page})


@never_cache  # the answer shows a temporary password: no copy in any cache
@admin_required
def account_create(request):
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account, password = services.user_create(by=request.user, account=form.save(commit=False))
        return render(
            request,
            "accounts/temporary_password.html",
            {"account": account, "password": password, "new": True},
        )
    return render(request, "accounts/account_form.html", {"form": form})


def _get_account_page(pk) -> User:
    return get_object_or_404(User.objects.select_related("department").with_login_failures(), pk=pk)


@admin_required
def account_edit(request, pk):
    account = _get_account_page(pk)
    form = AccountForm(request.POST or None, instance=account)
    # The version the page was loaded at goes back with the save (core.versions).
    version = account.version
    if request.method == "POST":
        version = params.version_param(request.POST)

        def stored_version():
            nonlocal account  # the page shows the account as the other administrator left it
            account = _get_account_page(pk)
            return account.version

        if form.is_valid():
            saved, version = save_or_refuse(
                form,
                lambda version: services.user_update(
                    by=request.user, account=form.save(commit=False), expected_version=version
                ),
                version=version,
                stored_version=stored_version,
            )
            if saved:
                messages.success(request, _("The account %(name)s was saved.") % {"name": account})
                return redirect("manage:accounts")
    history = account.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "accounts/account_form.html",
        {"form": form, "account": account, "history": history, "version": version},
    )


def _refused(request, account, error):
    """Back to the account's page, saying why the change was refused (a conflict, or not allowed)."""
    messages.error(request, error.message if isinstance(error, ValidationError) else str(error))
    return redirect("manage:account", pk=account.pk)


@admin_required
@require_POST
def account_set_active(request, pk):
    account = _get_account(pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(
            by=request.user,
            account=account,
            active=active,
            expected_version=params.version_param(request.POST),
        )
    except (ConflictError, PermissionDenied) as error:
        return _refused(request, account, error)
    if active:
        messages.success(request, _("The account %(name)s is active again.") % {"name": account})
    else:
        messages.success(request, _("The account %(name)s was deactivated.") % {"name": account})
    return redirect("manage:accounts")


@never_cache
@admin_required
@require_POST
def account_reset_password(request, pk):
    account = _get_account(pk)
    try:
        password = services.user_reset_password(
            by=request.user, account=account, expected_version=params.version_param(request.POST)
        )
    except ConflictError as error:
        return _refused(request, account, error)
    return render(request, "accounts/temporary_password.html", {"account": account, "password": password})


@admin_required
@require_POST
def account_unlock(request, pk):
    account = _get_account(pk)
    services.user_unlock(by=request.user, account=account)
    messages.success(request, _("The account %(name)s was unlocked.") % {"name": account})
    return redirect("manage:account", pk=account.pk)


@admin_required
def department_list(request):
    return render(request, "accounts/department_list.html", {"departments": Department.objects.all()})


@admin_required
def department_edit(request, code=None):
    department = get_object_or_404(Department, code=code) if code else Department()
    form = DepartmentForm(request.POST or None, instance=department)
    version = department.version
    if request.method == "POST":
        version = params.version_param(request.POST)
        if form.is_valid():
            saved, version = save_or_refuse(
                form,
                lambda version: services.department_save(
                    by=request.user, department=form.save(commit=False), expected_version=version
                ),
                version=version,
                stored_version=lambda: Department.objects.get(pk=department.pk).version,
            )
            if saved:
                messages.success(request, _("The department %(name)s was saved.") % {"name": form.instance})
                return redirect("manage:departments")
    return render(
        request, "accounts/department_form.html", {"form": form, "department": department, "version": version}
    )


@admin_required
def deadline_list(request):
    year = Plan.objects.year_for_request(request)
    changed = {d.month: d for d in ReportingDeadline.objects.filter(year=year, due_on__isnull=False)}
    rows = [
        {
            "month": month,
            "due_on": changed[month].due_on if month in changed else months.default_deadline(year, month),
            "changed": month in changed,
        }
        for month in range(1, 13)
    ]
    return render(
        request,
        "accounts/deadline_list.html",
        {"year": year, "rows": rows, "years": [year - 1, year, year + 1]},
    )


@admin_required
def deadline_edit(request, year, month):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    current = ReportingDeadline.due_for(year, month)
    form = DeadlineForm(request.POST or None, year=year, month=month, initial={"due_on": current})
    # The version the page was loaded at goes back with the change or the reset (core.versions).
    version = cycle.deadline_version(year=year, month=month)
    if request.method == "POST":
        version = params.version_param(request.POST)
        resetting = "reset" in request.POST

        def save(version):
            if resetting:
                cycle.deadline_reset(
                    user=request.user,
                    year=year,
                    month=month,
                    reason=_("Back to the default"),
                    expected_version=version,
                )
            else:
                cycle.deadline_set(
                    user=request.user, year=year, month=month, expected_version=version, **form.cleaned_data
                )

        def stored_version():
            nonlocal current  # the page shows the deadline the other administrator set
            current = ReportingDeadline.due_for(year, month)
            return cycle.deadline_version(year=year, month=month)

        if resetting or form.is_valid():
            saved, version = save_or_refuse(form, save, version=version, stored_version=stored_version)
            if saved:
                if resetting:
                    messages.success(request, _("The deadline is the default again."))
                else:
                    messages.success(
                        request,
                        _("The deadline of %(year)s-%(month)02d is now %(date)s.")
                        % {"year": year, "month": month, "date": date_text(form.cleaned_data["due_on"])},
                    )
                return redirect(f"{reverse_lazy('manage:deadlines')}?year={year}")
    history = ReportingDeadline.history.filter(year=year, month=month).select_related("history_user")[:20]
    return render(
        request,
        "accounts/deadline_form.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "current": current,
            "default": months.default_deadline(year, month),
            "history": history,
            "version": version,
        },
    )


@admin_required
def access_log(request):
    """Who logged in, who failed, and which accounts are locked now (django-axes' records)."""
    logins = AccessLog.objects.order_by("-attempt_time")[:100]
    failures = AccessFailureLog.objects.order_by("-attempt_time")[:100]
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:100]
    accounts = {u.username: u for u in User.objects.filter(username__in=[a.username for a in attempts])}
    for attempt in attempts:
        attempt.account = accounts.get(attempt.username)
        attempt.locked = attempt_locks_out(attempt)
    return render(
        request,
        "accounts/access_log.html",
        {"logins": logins, "failures": failures, "attempts": attempts},
    )


@login_required
def notice_list(request):
    notices = Notice.objects.filter(recipient=request.user)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/notice_list.html", {"page": page})


@login_required
@require_POST
def notices_read(request):
    services.notices_mark_read(user=request.user)
    return redirect("notices")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; it also lifts the obligation set by a password reset."""

    form_class = NewPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(account=form.user)
        return response
