"""Demo step "lesson search": the demo's lessons are indexed for the lesson search.

Lessons the curriculum step creates are published, which indexes them; a demo database seeded
before the lesson search existed is caught up here (``courses.search.services``), so
``make run`` never needs a manual ``update_index``.
"""

from courses.search.services import lesson_search_sync


def seed_lesson_search(report) -> None:
    count = lesson_search_sync()
    report(f"indexed {count} lessons for search" if count else "lesson search up to date")
