import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params
from core.versions import ConflictError
from registers.views import create_from_post

from . import services
from .models import EventTask, OutreachEvent


@login_required
@require_POST
def task_add(request, pk):
    event = get_object_or_404(OutreachEvent, pk=pk)
    return create_from_post(
        request,
        functools.partial(services.task_create, event=event),
        names=("title", "owner", "due_on"),
        model=EventTask,
        done=_("The preparation task is added."),
        back=reverse("registers:detail", args=["outreach-events", event.pk]),
    )


@login_required
@require_POST
def task_toggle(request, pk):
    task = get_object_or_404(EventTask.objects.select_related("event"), pk=pk)
    try:
        services.task_set_done(
            user=request.user,
            task=task,
            done=request.POST.get("done") == "1",
            on=timezone.localdate(),
            expected_version=params.version_param(request.POST),
        )
    except ConflictError as error:
        messages.error(request, error.message)
    return redirect("registers:detail", "outreach-events", task.event_id)
