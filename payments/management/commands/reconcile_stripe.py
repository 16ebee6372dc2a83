"""``manage.py reconcile_stripe``: settle what Stripe's webhooks did not deliver.

Lists Stripe events since the last checkpoint and stores and processes the missing ones,
then re-reads orders stuck pending; exactly once, so running it twice does nothing the
second time. The same job runs on Celery beat (``payments.reconcile_stripe``).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from payments.orders import STALE_AFTER, stripe_reconcile


class Command(BaseCommand):
    help = "Store and process Stripe events the webhook missed; settle orders stuck pending."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
            help="Re-read orders still pending after this many minutes (default: %(default)s).",
        )

    def handle(self, *args, **options):
        stale_after = timedelta(minutes=options["stale_minutes"])
        self.stdout.write("Reconciling with Stripe...")
        report = stripe_reconcile(
            stale_after=stale_after, progress=lambda line: self.stdout.write(line)
        )
        for line in report.lines():
            style = self.style.ERROR if line.startswith("Error") else self.style.SUCCESS
            self.stdout.write(style(line))
        if report.errors:
            raise SystemExit(1)
