"""Writes of broadcast: announcing a notice to the robots, the digest sent, the robots administered.

Announcing only queues (broadcast.models.Delivery, one per robot, unique by the notice's key): posting is the
sender's (broadcast.sending), never inside a web request.
"""

import datetime
import functools
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from accounts.models import User
from accounts.services import ensure_admin
from core import after_response, versions
from core.validators import TITLE_MAX_LENGTH
from plan.formatting import date_text

from . import digest, sending
from .models import MESSAGE_MAX_LENGTH, Delivery, Digest, Robot, Topic

logger = logging.getLogger("bureau.broadcast")


def announce(
    *, topic: str, key: str, title: str, text: str, link: str = "", department_codes=(), robots=None
) -> int:
    """Queue the notice `key` for every active robot receiving `topic` and these departments, in the caller's
    transaction; a robot that already has it is skipped (also when another server queues it at the same time:
    the database's unique key refuses the second). How many were queued. In a web request they are sent after
    the response; otherwise by the command that called (sending.send_due) or the sender's next run."""
    if robots is None:
        robots = Robot.objects.receiving(topic, department_codes)
    robot_ids = set(robots.values_list("pk", flat=True))
    robot_ids -= set(
        Delivery.objects.filter(key=key, robot_id__in=robot_ids).values_list("robot_id", flat=True)
    )
    if not robot_ids:
        return 0
    now = timezone.now()
    Delivery.objects.bulk_create(
        [
            Delivery(
                robot_id=robot_id,
                key=key,
                topic=topic,
                title=title[:TITLE_MAX_LENGTH],
                text=text[:MESSAGE_MAX_LENGTH],
                link=link,
                next_try_at=now,
            )
            for robot_id in sorted(robot_ids)
        ],
        ignore_conflicts=True,
    )
    if after_response.in_request():
        after_response.defer(sending.send_soon)
    return len(robot_ids)


# The digest.


@dataclass
class DigestResult:
    content: digest.DigestContent | None
    new: bool = False
    emailed: int = 0
    failed: int = 0
    queued: int = 0


def digest_recipients() -> list[User]:
    """The active leaders with an e-mail address."""
    return list(User.objects.filter(is_active=True, role=User.Role.LEADER).exclude(email="").order_by("pk"))


def _email(content: digest.DigestContent, recipients: list[User]) -> tuple[int, int]:
    text = digest.plain_text(content)
    html = render_to_string("broadcast/digest_email.html", {"digest": content})
    sent = failed = 0
    for user in recipients:
        message = EmailMultiAlternatives(content.title, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.attach_alternative(html, "text/html")
        try:
            message.send()
            sent += 1
        except Exception:
            failed += 1
            logger.exception("The digest %s could not be e-mailed to %s", content.key, user.username)
    return sent, failed


def digest_send(
    *, day: datetime.date, key: str | None = None, month: int | None = None, heading: str = "", dry_run=False
) -> DigestResult:
    """The digest of `day` (by default the week's: one per ISO week) to the leaders by e-mail and to the robots
    receiving the digest. Recorded first, under its unique key: a second run for the same occasion finds it
    and sends nothing new. A dry run builds it and stores nothing."""
    key = key or digest.week_key(day)
    if Digest.objects.filter(key=key).exists():
        return DigestResult(content=None)
    content = digest.build(day=day, key=key, month=month, heading=heading)
    if content is None or dry_run:
        return DigestResult(content=content, new=content is not None)
    text = digest.markdown(content)
    try:
        with transaction.atomic():
            record = Digest.objects.create(
                key=key,
                day=day,
                year=content.year,
                month=content.month,
                statuses=content.statuses,
                overdue_measures=content.overdue_measures,
                late_reports=content.late_reports,
                title=content.title[:TITLE_MAX_LENGTH],
                text=text[:MESSAGE_MAX_LENGTH],
            )
            queued = announce(
                topic=Topic.DIGEST, key=f"digest:{key}", title=content.title, text=text, link=content.link
            )
    except IntegrityError:
        # Another server recorded the same occasion a moment ago: it sends.
        return DigestResult(content=None)
    emailed, failed = _email(content, digest_recipients())
    Digest.objects.filter(pk=record.pk).update(emailed_to=emailed)
    return DigestResult(content=content, new=True, emailed=emailed, failed=failed, queued=queued)


def _bulletin_digest(year: int, month: int) -> None:
    day = timezone.localdate()
    with translation.override(digest.CHINESE):
        heading = f"{year}年{month}月工作进展通报已印发（{date_text(day)}）"
    digest_send(day=day, key=digest.bulletin_key(year, month), month=month, heading=heading)
    sending.send_due(max_seconds=0)


def bulletin_issued(year: int, month: int) -> None:
    """(bulletin, as a month's bulletin is issued) The digest as of that month, once the issue commits: after
    the response in a web request. Once per month: a correction issued later sends nothing new."""
    after_response.defer(functools.partial(_bulletin_digest, year, month))


# Late reports.


def late_reported(*, today: datetime.date, late) -> int:
    """(accounts.reminders, each day) Each department month late with its report to the robots receiving late
    reports for that department, once per department month; then sent."""
    queued = 0
    for year, month, due, departments in late:
        for department in departments:
            with translation.override(digest.CHINESE):
                text = f"**{digest.late_text(department.name, year, month)}**\n\n报送截止日期为{date_text(due)}。"
            queued += announce(
                topic=Topic.LATE,
                key=f"late:{department.code}:{year}-{month:02d}",
                title=digest.late_text(department.name, year, month),
                text=text,
                link=digest.absolute(reverse("plan:month", args=[department.code, year, month])),
                department_codes=[department.code],
            )
    if queued:
        sending.send_due(max_seconds=0)
    return queued


# The robots.


def robot_save(
    *, by: User | None, robot: Robot, departments, secret: str = "", expected_version: int | None = None
) -> Robot:
    """Create or change a robot (by an administrator; `by` None for the command). An empty `secret` keeps the
    stored one. A change names the version its page showed (core.versions)."""
    if by is not None:
        ensure_admin(by)
    with transaction.atomic():
        if robot.pk is not None:
            stored = Robot.objects.select_for_update().get(pk=robot.pk)
            versions.check_version(
                stored=stored.version,
                expected=expected_version,
                conflict_message=lambda: versions.stale_message(
                    stored, expected_version, fields=["name", "kind", "active"]
                ),
            )
            robot.version = stored.version + 1
            if not robot.url:
                robot.url = stored.url
        if secret:
            robot.secret = secret
        robot._history_user = by
        robot.full_clean(exclude=["departments"])
        robot.save()
        robot.departments.set(departments)
        update_change_reason(robot, _("Saved"))
    logger.info("robot %s saved by %s", robot.name, by.username if by else "the command")
    return robot


def robot_deactivate(*, by: User | None, robot: Robot) -> Robot:
    """Removing a robot deactivates it: its history and its deliveries stay."""
    if by is not None:
        ensure_admin(by)
    with transaction.atomic():
        robot = Robot.objects.select_for_update().get(pk=robot.pk)
        robot.active = False
        robot.version += 1
        robot._history_user = by
        robot.save()
        update_change_reason(robot, _("Removed"))
    return robot


def robot_test(*, by: User, robot: Robot) -> int:
    """A test message to one robot (whatever it receives), sent after the response."""
    ensure_admin(by)
    return announce(
        topic=Topic.TEST,
        key=f"test:{uuid.uuid4().hex}",
        title="测试消息",
        text=f"**测试消息**\n\n这是呼和浩特市商务局工作要点跟踪系统发往“{robot.name}”的测试消息。",
        link=digest.absolute(reverse("broadcast:robots")),
        robots=Robot.objects.filter(pk=robot.pk, active=True),
    )
