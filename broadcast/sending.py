"""The sender: posts the queued deliveries that are due, within each robot's limit, and records every answer.

- At most PER_MINUTE posts a minute per robot, counted in the database (broadcast.models.Attempt) under the
  robot's row lock, so two servers sending at once stay within it too; the others stay queued with their
  next_try_at at the minute's end.
- A delivery is claimed by a conditional UPDATE (queued, due, not held by another sender), so two senders
  never post one delivery twice; a sender that dies lets go after CLAIM_SECONDS.
- The answer decides (broadcast.robots.Answer.outcome): sent; "too fast" waits for the next minute; a robot set
  up wrong (DingTalk 310000, a bad WeCom key) is tried CONFIG_TRIES times and then failed; anything else
  (timeouts, server errors) is retried with exponential backoff, at most MAX_TRIES times.
- Nothing is posted inside a web request: the commands call send_due, and a request that announced something
  sends it after its response (core.after_response).

The log says which robot and delivery and the answer, never the webhook or the secret.
"""

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from . import robots
from .models import Attempt, Delivery, Robot

logger = logging.getLogger("bureau.broadcast")

PER_MINUTE = 20
WINDOW = datetime.timedelta(seconds=60)
CLAIM_SECONDS = 120
BATCH = 200
MAX_TRIES = 8
CONFIG_TRIES = 3
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600


@dataclass
class Outcome:
    sent: int = 0
    retrying: int = 0
    waiting: int = 0  # over a robot's limit: queued for the next minute
    failed: int = 0

    def add(self, other: "Outcome") -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.waiting += other.waiting
        self.failed += other.failed

    def __str__(self):
        return f"{self.sent} sent, {self.waiting} waiting their turn, {self.retrying} to retry, {self.failed} failed"


def backoff(attempts: int) -> datetime.timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return datetime.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_RETRY_SECONDS))


def claim(pk: int, now: datetime.datetime) -> bool:
    """Hold delivery `pk` for this sender, or False when it is not queued and due, or another sender holds it.
    One UPDATE whose conditions are all on the row itself, so the database re-checks them on the locked row:
    of two senders, one gets it."""
    return bool(
        Delivery.objects.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(pk=pk, state=Delivery.State.QUEUED, next_try_at__lte=now)
        .update(claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS))
    )


def reserve(delivery: Delivery, now: datetime.datetime) -> Attempt | datetime.datetime:
    """A place in the robot's minute (the Attempt, written before the post), or when the next one frees."""
    with transaction.atomic():
        # Serialises the robot's senders until the attempt is written (on SQLite the write lock does).
        Robot.objects.select_for_update().filter(pk=delivery.robot_id).exists()
        window = Attempt.objects.filter(robot_id=delivery.robot_id, started_at__gt=now - WINDOW)
        if window.count() >= PER_MINUTE:
            oldest = window.order_by("started_at").values_list("started_at", flat=True).first()
            return oldest + WINDOW + datetime.timedelta(seconds=1)
        return Attempt.objects.create(delivery=delivery, robot_id=delivery.robot_id, started_at=now)


def _release(delivery: Delivery, next_try_at: datetime.datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=None, next_try_at=next_try_at)


def record(delivery: Delivery, attempt: Attempt, answer: robots.Answer, now: datetime.datetime) -> str:
    """Write the answer on the attempt and the delivery; what became of the delivery (a robots outcome, or
    "failed")."""
    attempt.http_status, attempt.errcode, attempt.errmsg = answer.http_status, answer.errcode, answer.errmsg
    attempt.save(update_fields=["http_status", "errcode", "errmsg"])
    delivery.attempts += 1
    delivery.last_http_status, delivery.last_errcode = answer.http_status, answer.errcode
    delivery.last_errmsg = answer.errmsg
    delivery.claimed_until = None
    outcome = answer.outcome
    if outcome == robots.SENT:
        delivery.state, delivery.sent_at = Delivery.State.SENT, now
    elif outcome == robots.TOO_FAST:
        delivery.next_try_at = now + WINDOW
    elif delivery.attempts >= (CONFIG_TRIES if outcome == robots.CONFIG else MAX_TRIES):
        delivery.state, outcome = Delivery.State.FAILED, "failed"
    else:
        delivery.next_try_at = now + backoff(delivery.attempts)
    delivery.save(
        update_fields=[
            "attempts",
            "last_http_status",
            "last_errcode",
            "last_errmsg",
            "claimed_until",
            "state",
            "sent_at",
            "next_try_at",
        ]
    )
    log = logger.info if outcome == robots.SENT else logger.warning
    log(
        "robot %s delivery %s (%s) attempt %s: %s, http=%s errcode=%s errmsg=%s",
        delivery.robot.name,
        delivery.pk,
        delivery.key,
        delivery.attempts,
        outcome,
        answer.http_status,
        answer.errcode,
        answer.errmsg,
    )
    return outcome


def send_one(delivery: Delivery, now: datetime.datetime) -> str:
    """Post a delivery this sender has claimed: "sent", "too_fast", "config", "transient", "failed", or "waiting"
    when its robot's minute is full."""
    slot = reserve(delivery, now)
    if not isinstance(slot, Attempt):
        _release(delivery, slot)
        return "waiting"
    answer = robots.post(delivery.robot, title=delivery.title, text=delivery.text, link=delivery.link)
    return record(delivery, slot, answer, now)


def send_pass(now_of: Callable[[], datetime.datetime]) -> Outcome:
    outcome = Outcome()
    now = now_of()
    due = Delivery.objects.due(now).order_by("next_try_at", "pk").values_list("pk", flat=True)[:BATCH]
    full: dict[int, datetime.datetime] = {}
    for pk in list(due):
        now = now_of()
        if not claim(pk, now):
            continue
        delivery = Delivery.objects.select_related("robot").get(pk=pk)
        if delivery.robot_id in full:
            # The robot's minute is full: the rest of its queue waits with the first that waited.
            _release(delivery, full[delivery.robot_id])
            outcome.waiting += 1
            continue
        result = send_one(delivery, now)
        if result == "waiting":
            full[delivery.robot_id] = Delivery.objects.values_list("next_try_at", flat=True).get(pk=pk)
            outcome.waiting += 1
        elif result == robots.SENT:
            outcome.sent += 1
        elif result == "failed":
            outcome.failed += 1
        elif result == robots.TOO_FAST:
            outcome.waiting += 1
        else:
            outcome.retrying += 1
    return outcome


def next_due() -> datetime.datetime | None:
    return Delivery.objects.filter(state=Delivery.State.QUEUED, robot__active=True).aggregate(
        first=Min("next_try_at")
    )["first"]


def send_due(
    *,
    now: datetime.datetime | None = None,
    max_seconds: float = 0,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Send what is due. With `now` (tests, a fixed clock): one pass at that time. Otherwise passes at the real
    time, waiting for what becomes due within `max_seconds` (a robot's next minute, a retry), then returns;
    what is still queued is sent by the next run."""
    if now is not None:
        return send_pass(lambda: now)
    outcome = Outcome()
    deadline = time.monotonic() + max_seconds
    while True:
        passed = send_pass(timezone.now)
        outcome.add(passed)
        upcoming = next_due()
        if upcoming is None:
            break
        wait = max((upcoming - timezone.now()).total_seconds(), 1.0)
        if time.monotonic() + wait > deadline:
            break
        sleep(wait)
    return outcome


def send_soon() -> None:
    """After a response (core.after_response): what a request announced, within a few seconds."""
    try:
        send_due(max_seconds=0)
    except Exception:
        logger.exception("Sending to the robots after a response failed; the next run of the sender will.")
