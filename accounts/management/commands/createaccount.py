import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plan.models import Department


class Command(BaseCommand):
    help = (
        "Create or update an account. Staff need --department; admins and leaders may have one. The password "
        "comes from the environment variable named by --password-env, or is asked for twice; it must pass the "
        "password rules. Running it again for the same USERNAME updates role, department, name and password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[c for c, _ in get_user_model().Role.choices])
        parser.add_argument("--department", help="department code, e.g. trade")
        parser.add_argument("--name", default="", help="display name, e.g. 张三")
        parser.add_argument(
            "--password-env", metavar="VAR", help="name of an environment variable holding the password"
        )

    def handle(self, *args, username, role, department, name, password_env, **options):
        User = get_user_model()
        dept = None
        if department:
            try:
                dept = Department.objects.get(code=department)
            except Department.DoesNotExist:
                codes = ", ".join(Department.objects.values_list("code", flat=True))
                raise CommandError(f"Unknown department {department!r}; choose one of: {codes}") from None
        if role == User.Role.STAFF and dept is None:
            raise CommandError("A staff account needs --department.")

        password = self._password(password_env)
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role = role
        user.department = dept
        user.is_active = True
        if name:
            user.display_name = name
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        created = user.pk is None
        with transaction.atomic():
            user.full_clean(exclude=["password"])
            user.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} account {username} ({role}).")

    def _password(self, password_env):
        if password_env:
            password = os.environ.get(password_env)
            if not password:
                raise CommandError(f"The environment variable {password_env} is not set or empty.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
