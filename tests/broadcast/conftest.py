import pytest

from broadcast.models import Robot

from .standin import StandIn

SECRET = "SEC0123456789abcdefSECRETVALUE"


@pytest.fixture
def standin():
    with StandIn() as server:
        yield server


@pytest.fixture
def make_robot(db, standin):
    """A robot at the stand-in: make_robot("ding", kind="dingtalk", secret=...) or kind="wecom"."""

    def make(name, *, kind="wecom", secret="", topics=("digest",), departments=(), **extra):
        token = name.encode().hex() if not name.isascii() else name
        if kind == Robot.Kind.DINGTALK:
            url = standin.dingtalk_url(f"token-{token}", extra.pop("server_secret", secret))
        else:
            url = standin.wecom_url(f"key-{token}")
        robot = Robot.objects.create(
            name=name,
            kind=kind,
            url=url,
            secret=secret,
            **{field: topic in topics for topic, field in Robot.TOPIC_FIELDS.items()},
            **extra,
        )
        if departments:
            from plan.models import Department

            robot.departments.set(Department.objects.filter(code__in=departments))
        return robot

    return make
