"""The group robots, what is queued for them, and what the last digest said (docs/rules.md, "Digest and push")."""

from urllib.parse import urlsplit, urlunsplit

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TITLE_MAX_LENGTH

# A message's markdown: DingTalk takes 20,000 bytes (broadcast.robots cuts what is longer on the way out).
MESSAGE_MAX_LENGTH = 20000


class Topic(models.TextChoices):
    """What a robot may receive."""

    DIGEST = "digest", _("The leaders' digest")
    INSTRUCTIONS = "instructions", _("Instructions (assigned, urged, overdue)")
    LATE = "late", _("Late reports")
    # A test message from the robots page; every robot receives it whatever it is set to.
    TEST = "test", _("Test message")


def masked_url(url: str) -> str:
    """The webhook without what lets anyone post to the group: the DingTalk access_token and the WeCom key
    travel in the query string, so the query's values are masked (scheme, host and path stay readable)."""
    if not url:
        return ""
    parts = urlsplit(url)
    query = "&".join(f"{pair.split('=', 1)[0]}=***" for pair in parts.query.split("&") if pair)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


class RobotQuerySet(models.QuerySet):
    def receiving(self, topic: str, department_codes=()):
        """The active robots that receive `topic` for these departments (a robot without departments receives
        every department's; a notice about no department in particular goes to every robot of the topic)."""
        robots = self.filter(active=True)
        if topic != Topic.TEST:
            robots = robots.filter(**{Robot.TOPIC_FIELDS[topic]: True})
        if department_codes:
            robots = robots.filter(
                models.Q(departments__isnull=True) | models.Q(departments__code__in=list(department_codes))
            ).distinct()
        return robots


class Robot(models.Model):
    """A DingTalk or WeCom group robot. Its webhook and its signing secret are credentials: stored to post, never
    shown again after saving, kept out of the history and the logs (the history keeps the masked webhook)."""

    class Kind(models.TextChoices):
        DINGTALK = "dingtalk", _("DingTalk")
        WECOM = "wecom", _("WeCom")

    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # DingTalk: https://oapi.dingtalk.com/robot/send?access_token=…; WeCom: …/cgi-bin/webhook/send?key=….
    url = models.URLField(_("webhook URL"), max_length=500)
    url_shown = models.CharField(_("webhook"), max_length=500, editable=False, blank=True)
    # DingTalk's 加签 secret (SEC…); WeCom's key is in the URL, so its robots have none.
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    receives_digest = models.BooleanField(_("receives the digest"), default=True)
    receives_instructions = models.BooleanField(_("receives instructions"), default=False)
    receives_late = models.BooleanField(_("receives late reports"), default=False)
    departments = models.ManyToManyField(
        "plan.Department",
        verbose_name=_("departments"),
        blank=True,
        related_name="+",
        help_text=_("Only notices about these departments; none chosen means every department."),
    )
    active = models.BooleanField(_("active"), default=True)
    # Optimistic locking (core.versions): every save bumps it; a stale save is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = RobotQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["url", "secret"], m2m_fields=[departments])

    TOPIC_FIELDS = {
        Topic.DIGEST: "receives_digest",
        Topic.INSTRUCTIONS: "receives_instructions",
        Topic.LATE: "receives_late",
    }

    class Meta:
        ordering = ["-active", "name"]
        verbose_name = _("robot")
        verbose_name_plural = _("robots")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.url_shown = masked_url(self.url)
        super().save(*args, **kwargs)

    @property
    def topics(self) -> list[str]:
        return [topic for topic, name in self.TOPIC_FIELDS.items() if getattr(self, name)]

    @property
    def topics_label(self) -> str:
        return "、".join(str(Topic(topic).label) for topic in self.topics) or "—"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now):
        """Queued, due, not held by another sender, for an active robot: what a sender may claim now."""
        return self.filter(
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now),
            state=Delivery.State.QUEUED,
            next_try_at__lte=now,
            robot__active=True,
        )


class Delivery(models.Model):
    """One notice to one robot. `key` names the notice (the digest of a week, a department's late month, a
    批示's reminder): unique per robot in the database, so the same notice never goes twice to one robot, also
    when two servers announce it at once. A sender claims a queued delivery by a conditional UPDATE
    (`claimed_until`), so two senders never post it twice."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    robot = models.ForeignKey(
        Robot, verbose_name=_("robot"), on_delete=models.CASCADE, related_name="deliveries"
    )
    key = models.CharField(_("notice"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(
        _("text"), max_length=MESSAGE_MAX_LENGTH, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    link = models.CharField(_("link"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try"))
    # Held by one sender until then (a sender that died lets go when it passes).
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_errcode = models.IntegerField(_("error code"), null=True, blank=True)
    last_errmsg = models.CharField(_("answer"), max_length=500, blank=True)
    last_http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["robot", "key"], name="unique_delivery_per_robot")]
        indexes = [models.Index(fields=["state", "next_try_at"], name="delivery_due")]

    def __str__(self):
        return f"{self.robot}: {self.title}"


class Attempt(models.Model):
    """One post to a robot and its answer. The attempts of the last minute are what the rate limit counts (at
    most settings.ROBOT_PER_MINUTE per robot): a row is written, under the robot's lock, before the post."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    robot = models.ForeignKey(Robot, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(_("time"))
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    errcode = models.IntegerField(_("error code"), null=True, blank=True)
    errmsg = models.CharField(_("answer"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["robot", "started_at"], name="attempt_robot_time")]

    def __str__(self):
        return f"{self.delivery_id} {self.started_at:%Y-%m-%d %H:%M:%S} {self.errcode}"


class Digest(models.Model):
    """What one digest said (the week's, or a bulletin's): the next digest reports what changed since."""

    key = models.CharField(_("occasion"), max_length=50, unique=True)
    day = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("as of month"))
    # {target code: status} as the digest showed them.
    statuses = models.JSONField(default=dict)
    # The codes of the measures overdue, and the late department months ("trade:2007-10"), as it listed them.
    overdue_measures = models.JSONField(default=list)
    late_reports = models.JSONField(default=list)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(
        _("text"), max_length=MESSAGE_MAX_LENGTH, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    emailed_to = models.PositiveSmallIntegerField(_("e-mailed to"), default=0)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self):
        return self.title
