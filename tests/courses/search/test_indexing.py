"""The index follows what is published, without manual steps: publishing re-cuts a lesson,
unpublishing and deleting forget it, a replaced transcript file is re-read, and
``lesson_search_sync`` (run by ``seed_demo`` and the ``lesson_search_sync`` command) catches
up lessons that went live without a publish (older databases, imports)."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from wagtail.search.models import IndexEntry

from courses.search.models import IndexedLesson, LessonPassage, PassageKind
from courses.search.selectors import lesson_search
from courses.search.services import lesson_search_sync
from tests.factories import LessonPageFactory


def _entries() -> int:
    content_type = ContentType.objects.get_for_model(LessonPassage)
    return IndexEntry.objects.filter(content_type=content_type).count()


def _count(user, query: str) -> int:
    return lesson_search(user=user, query=query, now=timezone.now()).results.count()


def test_publishing_cuts_the_lesson_into_cues_and_text(search_school):
    passages = list(LessonPassage.objects.filter(lesson=search_school.lesson1))
    assert [(p.kind, p.start) for p in passages] == [
        (PassageKind.TEXT, None),
        (PassageKind.CUE, 0.0),
        (PassageKind.CUE, 4.0),
        (PassageKind.CUE, 192.0),
    ]
    assert passages[1].speaker == "Coach"
    assert _entries() == LessonPassage.objects.count()
    state = IndexedLesson.objects.get(lesson=search_school.lesson1)
    assert state.revision_id == search_school.lesson1.live_revision_id


def test_publishing_a_new_text_replaces_the_old(search_school):
    student = search_school.users["enrolled"]
    lesson = search_school.lesson1
    lesson.body = [{"type": "paragraph", "value": "<p>Now about lighthouses.</p>", "id": "x"}]
    lesson.save_revision().publish()
    assert _count(student, "lighthouses") == 1
    assert _count(student, "roadmaps") == 0
    assert _count(student, "metric") == 0  # the video went with the new revision
    assert _entries() == LessonPassage.objects.count()


def test_a_draft_is_not_searchable_until_published(search_school):
    student = search_school.users["enrolled"]
    lesson = search_school.lesson1
    lesson.body = [{"type": "paragraph", "value": "<p>Draft about lighthouses.</p>", "id": "x"}]
    revision = lesson.save_revision()
    assert _count(student, "lighthouses") == 0
    revision.publish()
    assert _count(student, "lighthouses") == 1


def test_deleting_a_lesson_forgets_its_passages_and_index_entries(search_school):
    search_school.lesson2.delete()
    assert not LessonPassage.objects.filter(lesson_id=search_school.lesson2.pk).exists()
    assert _entries() == LessonPassage.objects.count()


def test_a_replaced_transcript_file_is_searched_as_the_page_shows_it(search_school):
    document = search_school.lesson1.body[1].value["transcript"]
    document.file.save(
        "replaced.vtt",
        ContentFile(b"WEBVTT\n\n00:00:07.000 --> 00:00:09.000\nA brand new sentence.\n"),
    )
    document._set_document_file_metadata()
    document.save()
    student = search_school.users["enrolled"]
    assert _count(student, "brand new") == 1
    assert _count(student, "metric") == 0


def test_sync_indexes_lessons_that_went_live_without_a_publish(search_school):
    student = search_school.users["enrolled"]
    quiet = LessonPageFactory(
        parent=search_school.week1,
        title="Imported",
        body=[{"type": "paragraph", "value": "<p>Imported about walruses.</p>", "id": "y"}],
    )
    assert _count(student, "walruses") == 0
    assert lesson_search_sync() == 1
    assert _count(student, "walruses") == 1
    assert lesson_search_sync() == 0  # idempotent: nothing changed since
    quiet.live = False
    quiet.save()
    call_command("lesson_search_sync", verbosity=0)
    assert _count(student, "walruses") == 0
    assert not LessonPassage.objects.filter(lesson=quiet).exists()


def test_the_demo_curriculum_is_searchable_and_its_step_catches_up(db):
    """The demo's lessons are published (so indexed at once); the "lesson search" step of
    ``seed_demo`` indexes a demo database seeded before the search existed."""
    from courses.models import LessonPage
    from demo.lesson_search import seed_lesson_search
    from tests.demo.test_curriculum import seed
    from tests.factories import editorial_home

    editorial_home()  # the site's home, as migrations leave it
    seed()
    live = LessonPage.objects.live().count()
    assert live > 0 and IndexedLesson.objects.count() == live
    assert LessonPassage.objects.filter(kind=PassageKind.CUE).exists()
    IndexedLesson.objects.all().delete()  # as before this feature
    lines = []
    seed_lesson_search(lines.append)
    assert lines == [f"indexed {live} lessons for search"]
    seed_lesson_search(lines.append)
    assert lines[-1] == "lesson search up to date"
