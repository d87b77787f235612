import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from broadcast import sending, services
from broadcast.models import Robot
from plan.models import Department


class Command(BaseCommand):
    help = (
        "The group robots (docs/rules.md, 'Digest and push'). `robot add NAME --kind dingtalk|wecom --url URL "
        "[--secret-env VAR] [--receives digest,instructions,late] [--departments CODE,...]` adds one (or changes "
        "the robot of that name); the DingTalk signing secret is read from the environment variable VAR, never "
        "from the command line. `robot list` lists them without their webhooks' keys or secrets. `robot remove "
        "NAME` deactivates one (its history and deliveries stay). `robot send [--wait SECONDS]` posts what is "
        "due (retries, messages waiting for a robot's next minute); run it every few minutes from a timer."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add a robot, or change the one of that name")
        add.add_argument("name")
        add.add_argument("--kind", required=True, choices=Robot.Kind.values)
        add.add_argument("--url", required=True, help="the webhook URL")
        add.add_argument("--secret-env", help="the environment variable holding the DingTalk signing secret")
        add.add_argument("--receives", default="digest", help="digest,instructions,late (default: digest)")
        add.add_argument("--departments", default="", help="department codes, comma-separated (default: all)")
        actions.add_parser("list", help="list the robots")
        remove = actions.add_parser("remove", help="deactivate a robot")
        remove.add_argument("name")
        send = actions.add_parser("send", help="post what is due")
        send.add_argument("--wait", type=int, default=0, help="seconds to wait for what becomes due")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _add(self, *, name, kind, url, secret_env, receives, departments, **options):
        secret = ""
        if secret_env:
            secret = os.environ.get(secret_env, "")
            if not secret:
                raise CommandError(f"The environment variable {secret_env} is empty or not set.")
        topics = {topic.strip() for topic in receives.split(",") if topic.strip()}
        unknown = topics - set(Robot.TOPIC_FIELDS)
        if unknown:
            raise CommandError(
                f"--receives: unknown {', '.join(sorted(unknown))} (digest, instructions, late)"
            )
        codes = [code.strip() for code in departments.split(",") if code.strip()]
        chosen = list(Department.objects.filter(code__in=codes))
        missing = set(codes) - {department.code for department in chosen}
        if missing:
            raise CommandError(f"--departments: no department {', '.join(sorted(missing))}")
        robot = Robot.objects.filter(name=name).first() or Robot(name=name)
        robot.kind, robot.url, robot.active = kind, url, True
        if kind == Robot.Kind.WECOM or not secret_env:
            robot.secret = ""
        for topic, field in Robot.TOPIC_FIELDS.items():
            setattr(robot, field, topic in topics)
        try:
            services.robot_save(
                by=None, robot=robot, departments=chosen, secret=secret, expected_version=robot.version
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Saved robot {robot.name} ({robot.kind}, {robot.url_shown}).")

    def _list(self, **options):
        for robot in Robot.objects.prefetch_related("departments"):
            departments = ",".join(d.code for d in robot.departments.all()) or "all"
            self.stdout.write(
                f"{robot.name}\t{robot.kind}\t{'active' if robot.active else 'removed'}\t"
                f"{','.join(robot.topics) or '-'}\t{departments}\t{robot.url_shown}\t"
                f"secret {'set' if robot.secret else 'not set'}"
            )

    def _remove(self, *, name, **options):
        robot = Robot.objects.filter(name=name).first()
        if robot is None:
            raise CommandError(f"No robot named {name!r}.")
        services.robot_deactivate(by=None, robot=robot)
        self.stdout.write(f"Robot {name} deactivated; its history and deliveries are kept.")

    def _send(self, *, wait, **options):
        self.stdout.write(f"Robots: {sending.send_due(max_seconds=wait)}.")
