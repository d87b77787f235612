"""The robots' pages (系统管理 › 群机器人), for administrators: the list, a robot's settings, a test message and
the delivery log. The webhook and the secret are never sent back to the browser."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.views import admin_required
from core import params
from core.versions import ConflictError

from . import services
from .forms import RobotForm
from .models import Delivery, Robot


@admin_required
def robot_list(request):
    robots = Robot.objects.prefetch_related("departments")
    return render(request, "broadcast/robot_list.html", {"robots": robots})


@never_cache
@admin_required
def robot_edit(request, pk=None):
    robot = get_object_or_404(Robot, pk=pk) if pk else Robot()
    form = RobotForm(request.POST or None, instance=robot)
    version = robot.version
    if request.method == "POST":
        version = params.version_param(request.POST) if robot.pk else None
        if form.is_valid():
            changed = form.save(commit=False)
            changed.url = form.cleaned_data["url"] or ""
            if form.cleaned_data.get("clear_secret"):
                changed.secret = ""
            try:
                services.robot_save(
                    by=request.user,
                    robot=changed,
                    departments=form.cleaned_data["departments"],
                    secret=form.cleaned_data["secret"],
                    expected_version=version,
                )
            except ConflictError as error:
                form.add_error(None, error)
                version = Robot.objects.get(pk=robot.pk).version
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The robot %(name)s was saved.") % {"name": changed.name})
                return redirect("broadcast:robots")
    history = robot.history.select_related("history_user").order_by("-history_date")[:20] if robot.pk else []
    return render(
        request,
        "broadcast/robot_form.html",
        {"form": form, "robot": robot, "version": version, "history": history},
    )


@admin_required
@require_POST
def robot_test(request, pk):
    robot = get_object_or_404(Robot, pk=pk)
    if services.robot_test(by=request.user, robot=robot):
        messages.success(
            request, _("A test message to %(name)s is being sent; its answer shows below.") % {"name": robot}
        )
    else:
        messages.error(request, _("The robot %(name)s is not active.") % {"name": robot})
    return redirect(f"{reverse('broadcast:deliveries')}?robot={robot.pk}")


@admin_required
def delivery_list(request):
    deliveries = Delivery.objects.select_related("robot").order_by("-created_at", "-pk")
    robot_id = params.int_param(request.GET, "robot", low=1, high=999_999_999)
    robot = Robot.objects.filter(pk=robot_id).first() if robot_id else None
    if robot is not None:
        deliveries = deliveries.filter(robot=robot)
    state = request.GET.get("state", "")
    if state in Delivery.State.values:
        deliveries = deliveries.filter(state=state)
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "broadcast/delivery_list.html",
        {
            "page": page,
            "robot": robot,
            "state": state,
            "states": Delivery.State.choices,
            "robots": Robot.objects.all(),
        },
    )
