import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from plan import demo as plan_demo
from plan import registry
from plan.models import Department
from plan.plan_data import load_plan
from supervision import demo as supervision_demo

PASSWORD_FILE = settings.BASE_DIR / ".demo-password"


def demo_password() -> tuple[str, str]:
    """The demo password and where it came from: DEMO_PASSWORD, or a random one kept in .demo-password so
    that every `make run` prints the same one."""
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"], "DEMO_PASSWORD"
    if PASSWORD_FILE.is_file():
        return PASSWORD_FILE.read_text().strip(), str(PASSWORD_FILE.name)
    password = "demo-" + secrets.token_urlsafe(9)
    PASSWORD_FILE.write_text(password + "\n")
    PASSWORD_FILE.chmod(0o600)
    return password, str(PASSWORD_FILE.name)


class Command(BaseCommand):
    help = (
        "Create the demo accounts (admin, leader, and one staff account per department, named by its code) "
        "and the sample data of each app (marked 示例数据 on screen). Never run it on a production database. "
        "With --if-empty, sample data is only loaded into a database that has no accounts yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing but print the log-ins when accounts exist"
        )

    def handle(self, *args, if_empty, **options):
        User = get_user_model()
        password, origin = demo_password()
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has accounts; no demo data added.")
        else:
            with transaction.atomic():
                load_plan(2007)
                self._accounts(password)
                # The domain apps' figures and registers first: the measures' sample progress refers to them.
                registry.load_demo(stdout=self.stdout)
                plan_demo.load(stdout=self.stdout)
                self._instructions()
        names = ", ".join(["admin", "leader", *Department.objects.values_list("code", flat=True)])
        self.stdout.write(f"Demo log-ins: {names}; password: {password} (from {origin})")

    def _instructions(self):
        User = get_user_model()
        staff = {
            user.department.code: user
            for user in User.objects.filter(role=User.Role.STAFF).select_related("department")
        }
        supervision_demo.load(
            leader=User.objects.get(username="leader"),
            office=staff["office"],
            staff_by_department=staff,
            stdout=self.stdout,
        )

    def _accounts(self, password):
        User = get_user_model()
        people = [
            ("admin", User.Role.ADMIN, None, "系统管理员"),
            ("leader", User.Role.LEADER, None, "王局长"),
        ]
        # People's names, as the menu shows them beside the role and the department.
        names = {
            "trade": "张明",
            "markets": "李娜",
            "regulation": "赵强",
            "outreach": "刘洋",
            "office": "陈静",
        }
        people += [
            (dept.code, User.Role.STAFF, dept, names.get(dept.code, dept.name))
            for dept in Department.objects.all()
        ]
        for username, role, department, name in people:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.role, user.department, user.display_name, user.is_active = role, department, name, True
            user.set_password(password)
            user.save()
