"""Writes of the bulletin: drafting, editing and issuing a month's 工作进展通报; and which bulletin a month's
Word file is (the page's download and the `bulletin` command).

Who: the office (办公室) staff, who write the bureau's documents, and the admins. Everyone signed in reads the
archive. An issued bulletin is never changed: issuing the month again makes a new number that corrects it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from broadcast import services as broadcast
from core import versions
from core.validators import validate_texts
from plan import progress
from plan.models import Plan

from . import document, wording
from .models import Bulletin

EDITING_DEPARTMENT = "office"


def can_edit(user) -> bool:
    """The office's staff and the admins draft, edit and issue bulletins."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin:
        return True
    return (
        user.role == user.Role.STAFF
        and user.department is not None
        and user.department.code == EDITING_DEPARTMENT
    )


def ensure_can_edit(user) -> None:
    if not can_edit(user):
        raise PermissionDenied(_("Only the office and the administrators edit and issue bulletins."))


# Someone else saved the draft since this user opened it (or the save sent no version).
ConflictError = versions.ConflictError


def latest_issued(plan: Plan, month: int) -> Bulletin | None:
    return Bulletin.objects.issued().filter(plan=plan, month=month).order_by("-number").first()


def draft_of(plan: Plan, month: int) -> Bulletin | None:
    return Bulletin.objects.drafts().filter(plan=plan, month=month).first()


def month_docx(plan: Plan, month: int) -> tuple[bytes, str]:
    """The month's Word file: the latest issue as it was issued, else the draft (or the text as it would be
    drafted) with today's tables."""
    issued = latest_issued(plan, month)
    if issued is not None:
        return bytes(issued.document), f"bulletin-{plan.year}-{month:02d}-{issued.number}.docx"
    result = progress.compute(plan, month)
    bulletin = draft_of(plan, month)
    if bulletin is None:
        drafted = wording.draft(result)
        bulletin = Bulletin(plan=plan, month=month, title=drafted.title, body=drafted.body)
    return document.docx_bytes(bulletin, result), f"bulletin-{plan.year}-{month:02d}-draft.docx"


@transaction.atomic
def bulletin_draft(*, user, plan: Plan, month: int) -> Bulletin:
    """The month's draft, drafted from the progress computation on first use (also after an issue: the new
    draft will correct it)."""
    ensure_can_edit(user)
    # The plan's row serialises drafting and issuing, so two clicks make one draft and distinct numbers.
    Plan.objects.select_for_update().get(pk=plan.pk)
    existing = draft_of(plan, month)
    if existing is not None:
        return existing
    drafted = wording.draft(progress.compute(plan, month))
    bulletin = Bulletin(plan=plan, month=month, title=drafted.title, body=drafted.body, created_by=user)
    bulletin._history_user = user
    validate_texts(bulletin, exclude=["document"])
    bulletin.full_clean(exclude=["created_by", "issued_by", "corrects"])
    bulletin.save()
    update_change_reason(bulletin, _("Drafted from the figures"))
    return bulletin


def _locked(bulletin: Bulletin) -> Bulletin:
    locked = Bulletin.objects.select_for_update().select_related("plan").get(pk=bulletin.pk)
    if locked.is_issued:
        raise PermissionDenied(_("An issued bulletin cannot be changed; issue a correction instead."))
    return locked


def _check(bulletin: Bulletin, expected_version: int | None) -> None:
    versions.check_version(
        stored=bulletin.version,
        expected=expected_version,
        conflict_message=lambda: _(
            "Someone else saved this draft in the meantime: their text is shown below."
        ),
    )


def _save(bulletin: Bulletin, *, user, reason: str) -> Bulletin:
    """Save a draft its caller has locked and checked (`_check`), with who and why in its history."""
    bulletin.version += 1
    bulletin._history_user = user
    validate_texts(bulletin, exclude=["document"])
    bulletin.full_clean(exclude=["created_by", "issued_by", "corrects", "document"])
    bulletin.save()
    if reason:
        update_change_reason(bulletin, reason)
    return bulletin


@transaction.atomic
def bulletin_save(
    *, user, bulletin: Bulletin, title: str, body: str, distribution: str, expected_version: int | None
) -> Bulletin:
    """Save the edited text of a draft; refused when issued, or when someone saved it since `expected_version`."""
    ensure_can_edit(user)
    bulletin = _locked(bulletin)
    _check(bulletin, expected_version)
    bulletin.title = title.strip()
    # One paragraph per line; blank lines between paragraphs are not kept.
    bulletin.body = "\n".join(line.strip() for line in body.splitlines() if line.strip())
    bulletin.distribution = distribution.strip()
    return _save(bulletin, user=user, reason=_("Edited"))


@transaction.atomic
def bulletin_redraft(*, user, bulletin: Bulletin, expected_version: int | None) -> Bulletin:
    """Replace the draft's text with a fresh draft from today's figures (the old text stays in the history)."""
    ensure_can_edit(user)
    bulletin = _locked(bulletin)
    _check(bulletin, expected_version)
    drafted = wording.draft(progress.compute(bulletin.plan, bulletin.month))
    bulletin.title, bulletin.body = drafted.title, drafted.body
    return _save(bulletin, user=user, reason=_("Drafted again from the figures"))


def next_number(plan: Plan) -> int:
    """The number the plan year's next issue takes (the confirmation names it; issuing takes it, locked)."""
    return (Bulletin.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0) + 1


@transaction.atomic
def bulletin_issue(*, user, bulletin: Bulletin, expected_version: int | None) -> Bulletin:
    """Issue the draft: the plan year's next number, the issuer, the time, the Word file as issued; from then on
    read-only. It corrects the month's latest earlier issue, if any."""
    ensure_can_edit(user)
    Plan.objects.select_for_update().get(pk=bulletin.plan_id)
    bulletin = _locked(bulletin)
    _check(bulletin, expected_version)
    if not bulletin.paragraphs:
        raise ValidationError(_("The bulletin has no text."))
    bulletin.corrects = latest_issued(bulletin.plan, bulletin.month)
    bulletin.number = next_number(bulletin.plan)
    bulletin.state = Bulletin.State.ISSUED
    bulletin.issued_by = user
    bulletin.issued_at = timezone.now()
    bulletin.document = document.docx_bytes(bulletin, progress.compute(bulletin.plan, bulletin.month))
    bulletin = _save(bulletin, user=user, reason=_("Issued"))
    # The leaders' digest as of the month, by e-mail and robots, once the issue commits (after the response).
    broadcast.bulletin_issued(bulletin.plan.year, bulletin.month)
    return bulletin
