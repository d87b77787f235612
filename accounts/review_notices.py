"""The notices of a review, sent when it happens (docs/rules.md, settled questions): a returned or unlocked month
and a measure sent back reach the department's staff, an approved month the staffer who submitted it.

`plan` sends its signals (plan.signals) inside the step's transaction; AccountsConfig.ready() connects the
receivers below. The notice is recorded in that transaction, so it exists exactly when the step does; the
e-mail goes once the step is committed, and a failing mail server is logged, never the leader's problem.
Each notice is keyed by the event (the month's version, the measure's history record), so it is sent once.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from . import services
from .models import Notice, User


def _department_staff(department_id) -> list[User]:
    return list(
        User.objects.filter(is_active=True, role=User.Role.STAFF, department_id=department_id).order_by("pk")
    )


def _approval_recipients(report) -> list[User]:
    """The staffer who submitted the month, or the department's staff when that account is gone."""
    submitter = report.submitted_by
    if submitter is not None and submitter.is_active and submitter.department_id == report.department_id:
        return [submitter]
    return _department_staff(report.department_id)


def _reason(text: str) -> str:
    """The reviewer's words, on a line of their own."""
    return "\n" + _("Reason: %(reason)s") % {"reason": text} if text else ""


def _send(recipients, *, key: str, subject: str, body: str, link: str) -> None:
    for recipient in recipients:
        notice = services.notice_send(
            recipient=recipient, key=key, level=Notice.Level.INFO, subject=subject, body=body, link=link
        )
        if notice is not None:
            transaction.on_commit(lambda notice=notice: services.notice_email(notice), robust=True)


def _report_staff(report) -> list[User]:
    return _department_staff(report.department_id)


# What a review of a month tells, by its action: who receives it, the subject, the body, and whether the
# reviewer's reason follows the body.
_REVIEW_NOTICES = {
    "returned": (
        _report_staff,
        gettext_lazy("Returned: %(department)s %(period)s"),
        gettext_lazy(
            "%(by)s returned the monthly report of %(department)s for %(period)s. Correct it and submit it again."
        ),
        True,
    ),
    "unlocked": (
        _report_staff,
        gettext_lazy("Unlocked: %(department)s %(period)s"),
        gettext_lazy(
            "%(by)s unlocked the approved month %(period)s of %(department)s. Make the changes and submit it again."
        ),
        True,
    ),
    "approved": (
        _approval_recipients,
        gettext_lazy("Approved: %(department)s %(period)s"),
        gettext_lazy(
            "%(by)s approved the monthly report of %(department)s for %(period)s; the month is locked."
        ),
        False,
    ),
}


def report_reviewed(sender, *, report, action, by, message="", **kwargs) -> None:
    if action not in _REVIEW_NOTICES:
        return
    recipients, subject, body, with_reason = _REVIEW_NOTICES[action]
    facts = {"department": report.department, "period": report.period_text, "by": by}
    # Notices are written in the bureau's language, whatever the language of the reviewer's page.
    with override(settings.LANGUAGE_CODE):
        _send(
            recipients(report),
            key=f"report-{action}:{report.pk}:{report.version}",
            subject=str(subject) % facts,
            body=str(body) % facts + (_reason(message) if with_reason else ""),
            link=reverse("plan:month", args=[report.department.code, report.year, report.month]),
        )


def measure_sent_back(sender, *, measure, by, reason, **kwargs) -> None:
    event = measure.history.order_by("-history_id").values_list("history_id", flat=True).first()
    facts = {"measure": measure, "by": by}
    with override(settings.LANGUAGE_CODE):
        subject = _("Not closed: %(measure)s") % facts
        body = _("%(by)s did not close (销号) the measure %(measure)s; it is in progress again.") % facts
        body += _reason(reason)
        _send(
            _department_staff(measure.lead_id),
            key=f"measure-sent-back:{measure.pk}:{event}",
            subject=subject,
            body=body,
            link=measure.get_absolute_url(),
        )
