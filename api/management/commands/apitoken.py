from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from api.models import ApiToken


class Command(BaseCommand):
    help = (
        "Issue an API token for an active account and print its key once (as the admin site does). An account "
        "has one token: issuing again replaces the key, and the old one stops working at once. Only the key's "
        "hash is stored, so a lost key cannot be read back; issue a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    @transaction.atomic
    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The account {username!r} is deactivated: activate it first.")
        token = ApiToken.objects.select_for_update().filter(user=user).first() or ApiToken(user=user)
        replaced = token.pk is not None
        key = token.set_new_key()
        token.save()
        self.stderr.write(
            f"{'A new key replaces the old one' if replaced else 'Issued'} for {username} (shown once, copy it now):"
        )
        self.stdout.write(key)
