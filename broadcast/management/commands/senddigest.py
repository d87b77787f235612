import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from broadcast import digest, sending, services


class Command(BaseCommand):
    help = (
        "Send the leaders' digest of the week (docs/rules.md, 'Digest and push'): the targets whose status changed "
        "since the last digest, the overdue measures (the newly overdue first), the departments late with their "
        "report and the 批示 due this week; by e-mail to the active leaders with an address and to the robots "
        "receiving the digest, then post what is queued for the robots. One digest per ISO week: running it "
        "again the same week sends nothing new. Run weekly from a timer (deploy/bureau-digest.timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to act for, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="print the digest; store and send nothing")
        parser.add_argument(
            "--wait",
            type=int,
            default=120,
            help="seconds to keep posting to the robots when more than 20 a minute are queued (default 120)",
        )

    def handle(self, *args, date, dry_run, wait, **options):
        day = timezone.localdate()
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        result = services.digest_send(day=day, dry_run=dry_run)
        if dry_run:
            if result.content is None:
                self.stdout.write("Nothing to send: no plan, or this week's digest was sent already.")
            else:
                self.stdout.write(digest.plain_text(result.content))
                self.stdout.write(f"Would e-mail {len(services.digest_recipients())} leaders.")
            return
        if result.new:
            self.stdout.write(
                f"Digest {digest.week_key(day)}: e-mailed {result.emailed} leaders, queued for {result.queued} robots."
            )
        else:
            self.stdout.write(f"The digest of {digest.week_key(day)} was sent already (or there is no plan).")
        outcome = sending.send_due(max_seconds=wait)
        self.stdout.write(f"Robots: {outcome}.")
        if result.failed:
            raise CommandError(f"{result.failed} e-mails could not be sent.")
