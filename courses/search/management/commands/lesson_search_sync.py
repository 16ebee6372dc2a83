"""``manage.py lesson_search_sync``: index the live lessons whose text the search has not read
yet (a database from before the lesson search, lessons imported without a publish), forget
lessons no longer live. Publishing keeps the index current; this only catches up."""

from django.core.management.base import BaseCommand

from courses.search.services import lesson_search_sync


class Command(BaseCommand):
    help = "Index the live lessons whose published text the lesson search has not read yet."

    def handle(self, *args, **options):
        count = lesson_search_sync()
        self.stdout.write(f"Lesson search: indexed {count} lesson(s).")
