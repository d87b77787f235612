import datetime

from django.core.management.base import BaseCommand, CommandError

from accounts.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the day's reminders and escalations: staff whose department month is not submitted "
        "REMINDER_DAYS_BEFORE days before its deadline, a summary of late departments to the leaders, and the "
        "blue/yellow/red notices of measures near their deadline, behind schedule or overdue (red also to the "
        "leaders). Each notice is shown in the app and e-mailed to accounts with an address. Safe to run daily "
        "from cron: a notice already sent is never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to act for, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent; send nothing")

    def handle(self, *args, date, dry_run, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        outcome = send_reminders(today=today, dry_run=dry_run, stdout=self.stdout)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {outcome.created} notices; {outcome.emailed} e-mailed, {outcome.failed} e-mails failed."
        )
        if outcome.failed:
            raise CommandError(f"{outcome.failed} e-mails could not be sent; the notices are in the app.")
