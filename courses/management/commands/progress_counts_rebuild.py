"""``manage.py progress_counts_rebuild``: recompute the progress summaries the analytics
dashboard reads (``courses.progress_counts``) from the progress rows.

Progress writes keep them current; run this after loading progress rows in bulk (an import,
SQL), after a curriculum change (a lesson unpublished or moved to another week) or to check
them: ``--check`` reports the places and counters that differ and changes nothing.
"""

from django.core.management.base import BaseCommand

from courses.progress_counts import progress_counts_differences, progress_counts_rebuild


class Command(BaseCommand):
    help = "Recompute the progress summaries the analytics dashboard reads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report summaries that differ from the progress rows; change nothing.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            places, counters = progress_counts_differences()
            if places or counters:
                self.stdout.write(
                    self.style.WARNING(
                        f"{places} enrollment(s) and {counters} counter(s) differ from the "
                        "enrollment and progress rows: run `manage.py progress_counts_rebuild` "
                        "to fix them."
                    )
                )
            else:
                self.stdout.write(self.style.SUCCESS("Progress summaries match the progress rows."))
            return

        def report(step: int, steps: int, what: str) -> None:
            self.stdout.write(f"[{step}/{steps}] {what}...")

        places, counters = progress_counts_rebuild(report=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Progress summaries rebuilt: {places} enrollment(s), {counters} counter(s)."
            )
        )
