"""Progress summaries: what the analytics dashboard counts, kept as it is written.

Reading every enrollment and a million progress rows on each visit to the dashboard is what
this avoids (docs/architecture.md, "Progress summaries"). Three summaries, all derived, all
rebuilt from the rows by ``progress_counts_rebuild`` (``manage.py progress_counts_rebuild``):

* on each ``Enrollment``: ``lessons_done`` (live lessons marked done) and ``weeks_started``
  (bit *n* set when a lesson of week *n* is done);
* ``PlaceCount``: how many places share a *place key* (class, day made in the school's time
  zone, tier, source, status and the two figures above); the enrollment tables and the
  funnel add these up;
* ``LessonDoneCount``: per lesson, class and enrollment day, how many places have the lesson
  done, leaving out places moved to another class; the lesson table adds these up.

Who keeps them: ``Enrollment.save`` moves its place between ``PlaceCount`` keys (a place
made, refunded, transferred, given another tier: any save, factories' included);
``lesson_progress_record`` (under the enrollment's row lock) and ``enrollment_progress_move``
(a transfer) write the progress figures and the lesson counters; deleting an enrollment (its
user deleted) takes it out of both (``enrollment_deleting``, a ``pre_delete`` receiver). A
curriculum change (a lesson unpublished, moved to another week) is picked up by the rebuild.
Counter rows are always changed in key order, so two writers cannot deadlock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from wagtail.models import Page

#: A rebuild reports ``(step, steps, what)`` as it goes (a command prints it).
Report = Callable[[int, int, str], None]

TRANSFERRED = "transferred"  # EnrollmentStatus.TRANSFERRED, spelled for historical models too


def enrolled_on(created_at: datetime) -> date:
    """The day a place was made, in the school's time zone (the dashboard's days)."""
    return timezone.localtime(created_at, timezone.get_default_timezone()).date()


#: The fields of an enrollment that say which ``PlaceCount`` row counts it (with its day).
PLACE_FIELDS = ("cohort_id", "tier", "source", "status", "lessons_done", "weeks_started")

PlaceKey = tuple  # (cohort_id, enrolled_on, tier, source, status, lessons_done, weeks_started)


def place_key_read(*, enrollment_id: int) -> PlaceKey | None:
    """The stored enrollment's place key, its row locked (None if it is not stored)."""
    from courses.models import Enrollment

    row = (
        Enrollment.objects.select_for_update()
        .filter(pk=enrollment_id)
        .values_list("created_at", *PLACE_FIELDS)
        .first()
    )
    if row is None:
        return None
    created_at, cohort_id, *rest = row
    return (cohort_id, enrolled_on(created_at), *rest)


def place_counts_move(*, before: PlaceKey | None, after: PlaceKey | None) -> None:
    """One place leaves ``before``'s count and joins ``after``'s (either may be None: made,
    deleted). Rows are changed in key order, so concurrent moves cannot deadlock."""
    from courses.models import PlaceCount

    if before == after:
        return
    for key in sorted(k for k in (before, after) if k is not None):
        fields = dict(zip(("cohort_id", "enrolled_on", *PLACE_FIELDS[1:]), key, strict=True))
        if key == after:
            PlaceCount.objects.bulk_create([PlaceCount(**fields, places=0)], ignore_conflicts=True)
        PlaceCount.objects.filter(**fields).update(places=F("places") + (1 if key == after else -1))


def live_lesson_weeks(*, get_model=django_apps.get_model) -> dict[int, int]:
    """Every live lesson's week number, by lesson id (two queries)."""
    week_model = get_model("courses", "WeekPage")
    lesson_model = get_model("courses", "LessonPage")
    weeks = dict(week_model.objects.filter(live=True).values_list("path", "number"))
    return {
        pk: weeks[path[: -Page.steplen]]
        for pk, path in lesson_model.objects.filter(live=True).values_list("pk", "path")
        if path[: -Page.steplen] in weeks
    }


@transaction.atomic
def enrollment_progress_summarise(*, enrollment_id: int) -> None:
    """Recompute one place's ``lessons_done`` and ``weeks_started`` from its rows (a student
    has at most a course's lessons: a read of them, a read of their weeks, one update)."""
    from courses.models import Enrollment, LessonProgress, WeekPage

    paths = list(
        LessonProgress.objects.filter(enrollment_id=enrollment_id, lesson__live=True).values_list(
            "lesson__path", flat=True
        )
    )
    week_paths = {path[: -Page.steplen] for path in paths}
    numbers = WeekPage.objects.filter(path__in=week_paths, live=True).values_list("path", "number")
    weeks = dict(numbers) if week_paths else {}
    mask = 0
    done = 0
    for path in paths:
        number = weeks.get(path[: -Page.steplen])
        if number is not None:
            done += 1
            mask |= 1 << number
    before = place_key_read(enrollment_id=enrollment_id)
    if before is None or before[5:] == (done, mask):
        return
    Enrollment.objects.filter(pk=enrollment_id).update(lessons_done=done, weeks_started=mask)
    place_counts_move(before=before, after=(*before[:5], done, mask))


def lesson_done_counts_add(
    *, cohort_id: int, created_at: datetime, lesson_ids: Iterable[int], delta: int
) -> None:
    """Add ``delta`` (+1 or -1) to the counters of ``lesson_ids`` for the places of
    ``cohort_id`` made on ``created_at``'s day. Two statements whatever the number of lessons;
    concurrent writers each add theirs (the counter row is made with ``ON CONFLICT DO NOTHING``
    and moved with ``done = done + delta``)."""
    from courses.models import LessonDoneCount

    lesson_ids = list(lesson_ids)
    if not lesson_ids or not delta:
        return
    day = enrolled_on(created_at)
    if delta > 0:
        LessonDoneCount.objects.bulk_create(
            [
                LessonDoneCount(lesson_id=pk, cohort_id=cohort_id, enrolled_on=day, done=0)
                for pk in lesson_ids
            ],
            ignore_conflicts=True,
        )
    LessonDoneCount.objects.filter(
        lesson_id__in=lesson_ids, cohort_id=cohort_id, enrolled_on=day
    ).update(done=F("done") + delta)


def lesson_done_counts_forget(*, enrollment) -> None:
    """Take a place's done lessons out of the counters: it is moved away or deleted. Nothing
    to do for a place already moved away (its lessons were never counted since)."""
    from courses.models import LessonProgress

    if enrollment.status == TRANSFERRED:
        return
    lesson_done_counts_add(
        cohort_id=enrollment.cohort_id,
        created_at=enrollment.created_at,
        lesson_ids=LessonProgress.objects.filter(enrollment_id=enrollment.pk).values_list(
            "lesson_id", flat=True
        ),
        delta=-1,
    )


def enrollment_deleting(sender, instance, **kwargs) -> None:
    """``pre_delete`` of an enrollment (its user deleted, in the admin or a shell): the
    place and its progress rows go, so they leave the counters now."""
    lesson_done_counts_forget(enrollment=instance)
    place_counts_move(before=place_key_read(enrollment_id=instance.pk), after=None)


@transaction.atomic
def progress_counts_rebuild(*, get_model=django_apps.get_model, report: Report | None = None):
    """Recompute every summary from the rows, in the database (a statement per week of the
    course and a few more, whatever the number of students). Returns ``(enrollments,
    counters)``: the enrollments summarised and the counter rows written."""
    enrollment_model = get_model("courses", "Enrollment")
    progress_model = get_model("courses", "LessonProgress")
    count_model = get_model("courses", "LessonDoneCount")
    lesson_weeks = live_lesson_weeks(get_model=get_model)
    by_week: dict[int, list[int]] = defaultdict(list)
    for lesson_id, number in lesson_weeks.items():
        by_week[number].append(lesson_id)
    steps = len(by_week) + 3
    say = report or (lambda step, total, what: None)

    say(1, steps, "lessons done per place")
    done = (
        progress_model.objects.filter(
            enrollment_id=OuterRef("pk"), lesson_id__in=list(lesson_weeks)
        )
        .values("enrollment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    places = enrollment_model.objects.update(
        lessons_done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
        weeks_started=0,
    )
    for step, (number, lesson_ids) in enumerate(sorted(by_week.items()), start=2):
        say(step, steps, f"places that started week {number}")
        started = progress_model.objects.filter(
            enrollment_id=OuterRef("pk"), lesson_id__in=lesson_ids
        )
        enrollment_model.objects.filter(Exists(started)).update(
            weeks_started=F("weeks_started").bitor(1 << number)
        )

    say(steps - 1, steps, "places per key")
    place_model = get_model("courses", "PlaceCount")
    place_model.objects.all().delete()
    day = TruncDate("created_at", tzinfo=timezone.get_default_timezone())
    place_rows = place_model.objects.bulk_create(
        [
            place_model(
                cohort_id=row["cohort_id"],
                enrolled_on=row["day"],
                **{name: row[name] for name in PLACE_FIELDS[1:]},
                places=row["n"],
            )
            for row in enrollment_model.objects.values(*PLACE_FIELDS, day=day)
            .annotate(n=Count("pk"))
            .order_by()
            .iterator(chunk_size=5000)
        ],
        batch_size=2000,
    )

    say(steps, steps, "lesson counters")
    count_model.objects.all().delete()
    groups = (
        progress_model.objects.exclude(enrollment__status=TRANSFERRED)
        .values(
            "lesson_id",
            "enrollment__cohort_id",
            day=TruncDate("enrollment__created_at", tzinfo=timezone.get_default_timezone()),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    counters = count_model.objects.bulk_create(
        [
            count_model(
                lesson_id=row["lesson_id"],
                cohort_id=row["enrollment__cohort_id"],
                enrolled_on=row["day"],
                done=row["n"],
            )
            for row in groups.iterator(chunk_size=5000)
        ],
        batch_size=2000,
    )
    return places, len(place_rows) + len(counters)


def progress_counts_differences() -> tuple[int, int]:
    """How many enrollments' summaries and how many counters (``PlaceCount`` and
    ``LessonDoneCount`` rows) differ from what the rows say: the rebuild is run in a
    transaction that is rolled back, and the two compared."""
    from courses.models import Enrollment, LessonDoneCount, PlaceCount

    def snapshot() -> tuple[dict, dict]:
        places = {
            pk: (done, mask)
            for pk, done, mask in Enrollment.objects.values_list(
                "pk", "lessons_done", "weeks_started"
            )
        }
        counters = {
            (lesson, cohort, day): n
            for lesson, cohort, day, n in LessonDoneCount.objects.exclude(done=0).values_list(
                "lesson_id", "cohort_id", "enrolled_on", "done"
            )
        }
        places_kept = {
            key[:-1]: key[-1]
            for key in PlaceCount.objects.exclude(places=0).values_list(
                "cohort_id", "enrolled_on", *PLACE_FIELDS[1:], "places"
            )
        }
        return places, counters | {("place", *k): n for k, n in places_kept.items()}

    with transaction.atomic():
        (places_now, counters_now) = snapshot()
        progress_counts_rebuild()
        (places_true, counters_true) = snapshot()
        transaction.set_rollback(True)
    places = sum(1 for pk, value in places_true.items() if places_now.get(pk) != value)
    keys = counters_now.keys() | counters_true.keys()
    counters = sum(1 for key in keys if counters_now.get(key, 0) != counters_true.get(key, 0))
    return places, counters
