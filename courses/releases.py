"""The weekly release: find due weeks, release them, fan out the exactly-once announcements.

Flow (beat every five minutes, ``courses.tasks.release_due_weeks``):

1. ``weeks_due`` finds the ``(cohort, week)`` pairs whose due instant (schedule or staff
   override, ``courses.schedule``) has passed and that have no ``WeekRelease`` (3 queries).
2. ``week_release_create`` writes the release; its unique ``(cohort, week)`` constraint makes
   duplicate beats and concurrent runs harmless. On commit it enqueues the fan-out.
3. ``release_notices_create`` writes one ``ReleaseNotice`` per active enrollment in bulk
   (``bulk_create(ignore_conflicts=True)`` from one query over the class; no per-student
   query) and, on commit, enqueues chunk tasks of ``NOTICE_CHUNK_SIZE`` ids.
4. ``release_notices_send`` (one chunk) claims and sends through ``courses.notices``.

Late joiners get ``caught_up`` rows for weeks released before they enrolled, in the same
transaction as their enrollment, plus one ``CatchUpNotice`` (``enrollment_catch_up_prepare``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from courses import emails
from courses.capacity import lock_cohort
from courses.models import (
    WEEKS_PER_COURSE,
    CatchUpNotice,
    Cohort,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    NoticeStatus,
    NotificationMode,
    NotificationPreference,
    ReleaseFanOut,
    ReleaseNotice,
    ReleaseSource,
    SkipReason,
    WeekRelease,
    WeekScheduleOverride,
)
from courses.notices import SendResult, notices_send, notices_stale_ids
from courses.schedule import cohort_week_due_at
from courses.selectors import course_outline

NOTICE_CHUNK_SIZE = getattr(settings, "COURSES_NOTICE_CHUNK_SIZE", 250)
# Ledger rows per INSERT (the backend may allow fewer: SQLite's 999 parameters make it 99).
LEDGER_BATCH_SIZE = 2000


def chunks(ids: list[int], size: int | None = None) -> list[list[int]]:
    size = size or NOTICE_CHUNK_SIZE
    return [ids[i : i + size] for i in range(0, len(ids), size)]


# --- 1. what is due ---------------------------------------------------------------------------


def weeks_due(*, now: datetime) -> list[tuple[Cohort, int]]:
    """``(cohort, week_number)`` pairs due at ``now`` and not released yet (3 queries)."""
    overridden_due = WeekScheduleOverride.objects.filter(cohort=OuterRef("pk"), due_at__lte=now)
    cohorts = list(
        Cohort.objects.annotate(released=Count("releases"))
        .filter(released__lt=WEEKS_PER_COURSE)
        # +1 day: a class far east of UTC starts "tomorrow" in UTC terms.
        .filter(Q(start_date__lte=now.date() + timedelta(days=1)) | Exists(overridden_due))
        .order_by("pk")
    )
    ids = [cohort.pk for cohort in cohorts]
    released: dict[int, set[int]] = defaultdict(set)
    for cohort_id, week in WeekRelease.objects.filter(cohort_id__in=ids).values_list(
        "cohort_id", "week_number"
    ):
        released[cohort_id].add(week)
    overrides: dict[int, dict[int, datetime]] = defaultdict(dict)
    for cohort_id, week, due_at in WeekScheduleOverride.objects.filter(
        cohort_id__in=ids
    ).values_list("cohort_id", "week_number", "due_at"):
        overrides[cohort_id][week] = due_at
    return [
        (cohort, number)
        for cohort in cohorts
        for number in range(1, WEEKS_PER_COURSE + 1)
        if number not in released[cohort.pk]
        and cohort_week_due_at(cohort, number, overrides[cohort.pk]) <= now
    ]


# --- 2. release -------------------------------------------------------------------------------


def release_due_weeks(*, now: datetime | None = None) -> list[WeekRelease]:
    """Release every due week (the beat task). Returns the releases this call created."""
    from courses.services import week_release_create

    now = now or timezone.now()
    created = []
    for cohort, number in weeks_due(now=now):
        release, was_created = week_release_create(
            cohort=cohort, week_number=number, source=ReleaseSource.SCHEDULE, now=now
        )
        if was_created:
            created.append(release)
    notices_sweep(now=now)
    return created


def release_announce_on_commit(*, release: WeekRelease) -> None:
    """Called by ``week_release_create`` for a new release: fan out once it is committed."""
    from courses.tasks import release_fan_out

    transaction.on_commit(lambda: release_fan_out.delay(release.pk))


# --- 3. fan-out -------------------------------------------------------------------------------


def release_notices_create(*, release_id: int) -> list[int]:
    """Write the ledger rows of one release in bulk; enqueue chunks of pending ids on commit.

    The cohort row is locked like ``enrollment_create`` locks it, so an enrollment committed
    concurrently is either seen here (a pending row) or saw this release (a caught-up row).
    Idempotent: ``ignore_conflicts`` on the unique ``(enrollment, week_release)``.
    """
    from courses.tasks import send_release_notices

    with transaction.atomic():
        release = WeekRelease.objects.select_related("cohort").get(pk=release_id)
        lock_cohort(release.cohort)
        mode = NotificationPreference.objects.filter(user=OuterRef("user_id")).values("mode")[:1]
        heard_before = ReleaseNotice.objects.filter(
            enrollment__transferred_to=OuterRef("pk"),
            week_release__week_number=release.week_number,
        ).exclude(status=NoticeStatus.FAILED)
        rows = Enrollment.objects.filter(
            cohort_id=release.cohort_id, status=EnrollmentStatus.ACTIVE
        ).values_list("pk", Subquery(mode), Exists(heard_before))
        notices = [
            _new_notice(release.pk, enrollment_id, mode, heard)
            for enrollment_id, mode, heard in rows.iterator(chunk_size=5000)
        ]
        ReleaseNotice.objects.bulk_create(
            notices, batch_size=LEDGER_BATCH_SIZE, ignore_conflicts=True
        )
        ReleaseFanOut.objects.get_or_create(
            week_release=release, defaults={"notices_created": len(notices)}
        )
        pending = list(
            ReleaseNotice.objects.filter(week_release=release, status=NoticeStatus.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for chunk in chunks(pending):
            transaction.on_commit(lambda chunk=chunk: send_release_notices.delay(chunk))
    return pending


def _new_notice(release_id: int, enrollment_id: int, mode, heard: bool) -> ReleaseNotice:
    if heard:
        status, reason = NoticeStatus.SKIPPED, SkipReason.TRANSFERRED
    elif mode == NotificationMode.NONE:
        status, reason = NoticeStatus.SKIPPED, SkipReason.OPTED_OUT
    elif mode == NotificationMode.WEEKLY_DIGEST:
        status, reason = NoticeStatus.SKIPPED, SkipReason.DIGEST
    else:
        status, reason = NoticeStatus.PENDING, ""
    return ReleaseNotice(
        enrollment_id=enrollment_id, week_release_id=release_id, status=status, skip_reason=reason
    )


def notices_sweep(*, now: datetime) -> None:
    """Re-enqueue what a lost task left behind: releases never fanned out, stale rows."""
    from courses.tasks import release_fan_out, send_catch_up_notice, send_release_notices

    recent = now - timedelta(days=7)
    missed = WeekRelease.objects.filter(released_at__gte=recent, fan_out__isnull=True)
    for release_id in missed.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=release_id: release_fan_out.delay(pk))
    for chunk in chunks(notices_stale_ids(model=ReleaseNotice, now=now)):
        transaction.on_commit(lambda chunk=chunk: send_release_notices.delay(chunk))
    for notice_id in notices_stale_ids(model=CatchUpNotice, now=now, limit=500):
        transaction.on_commit(lambda pk=notice_id: send_catch_up_notice.delay(pk))


# --- 4. send ----------------------------------------------------------------------------------


def weeks_content(*, course_ids: set[int]) -> dict[tuple[int, int], emails.EmailWeek]:
    """``(course_id, week_number) -> EmailWeek`` with absolute lesson links (2 queries/course)."""
    root = emails.site_root_url_path()
    content = {}
    for course in CoursePage.objects.filter(pk__in=course_ids):
        for week in course_outline(course=course).weeks:
            content[(course.pk, week.number)] = emails.EmailWeek(
                number=week.number,
                title=week.page.title,
                url=emails.absolute_page_url(week.page, root),
                lessons=[
                    emails.EmailLesson(
                        title=lesson.title,
                        url=emails.absolute_page_url(lesson, root),
                        summary=lesson.summary,
                    )
                    for lesson in week.lessons
                ],
            )
    return content


def _week(content, cohort, number: int) -> emails.EmailWeek:
    return content.get((cohort.course_id, number)) or emails.EmailWeek(
        number=number, title=f"Week {number}", url=emails.absolute_url("/dashboard/")
    )


def _build_release_messages(rows: list[ReleaseNotice]):
    enrollments = Enrollment.objects.select_related("user").in_bulk(
        [row.enrollment_id for row in rows]
    )
    # A chunk spans one or a few classes: load each class and its course page once, not once
    # per student (a course page row is wide; 250 copies of it cost more than the email).
    cohorts = Cohort.objects.select_related("course").in_bulk(
        {e.cohort_id for e in enrollments.values()}
    )
    releases = WeekRelease.objects.in_bulk({row.week_release_id for row in rows})
    content = weeks_content(course_ids={c.course_id for c in cohorts.values()})
    pairs = []
    for row in rows:
        enrollment = enrollments[row.enrollment_id]
        cohort = cohorts[enrollment.cohort_id]
        week = _week(content, cohort, releases[row.week_release_id].week_number)
        message = emails.week_released_email(
            user=enrollment.user, cohort=cohort, course_title=cohort.course.title, week=week
        )
        pairs.append((row, message))
    return pairs


def release_notices_send(*, notice_ids: list[int], now: datetime | None = None) -> SendResult:
    """Send one chunk of release emails over one connection (``courses.notices``)."""
    return notices_send(model=ReleaseNotice, ids=notice_ids, build=_build_release_messages, now=now)


# --- late joiners -----------------------------------------------------------------------------


def enrollment_catch_up_prepare(*, enrollment: Enrollment) -> CatchUpNotice | None:
    """Inside ``enrollment_create``'s transaction: mark released weeks as covered by ONE
    welcome email, and send that email on commit. Nothing to do before week 1 opens."""
    from courses.tasks import send_catch_up_notice

    release_ids = list(
        WeekRelease.objects.filter(cohort_id=enrollment.cohort_id).values_list("pk", flat=True)
    )
    if not release_ids:
        return None
    ReleaseNotice.objects.bulk_create(
        [
            ReleaseNotice(
                enrollment=enrollment,
                week_release_id=release_id,
                status=NoticeStatus.SKIPPED,
                skip_reason=SkipReason.CAUGHT_UP,
            )
            for release_id in release_ids
        ],
        ignore_conflicts=True,
    )
    opted_out = NotificationPreference.objects.filter(
        user_id=enrollment.user_id, mode=NotificationMode.NONE
    ).exists()
    notice, _ = CatchUpNotice.objects.get_or_create(
        enrollment=enrollment,
        defaults={"status": NoticeStatus.SKIPPED if opted_out else NoticeStatus.PENDING},
    )
    if notice.status == NoticeStatus.PENDING:
        transaction.on_commit(lambda: send_catch_up_notice.delay(notice.pk))
    return notice


def _build_catch_up_messages(rows: list[CatchUpNotice]):
    enrollments = Enrollment.objects.select_related("user", "cohort", "cohort__course").in_bulk(
        [row.enrollment_id for row in rows]
    )
    content = weeks_content(course_ids={e.cohort.course_id for e in enrollments.values()})
    released: dict[int, list[int]] = defaultdict(list)
    for cohort_id, number in (
        WeekRelease.objects.filter(cohort_id__in={e.cohort_id for e in enrollments.values()})
        .order_by("week_number")
        .values_list("cohort_id", "week_number")
    ):
        released[cohort_id].append(number)
    pairs = []
    for row in rows:
        enrollment = enrollments[row.enrollment_id]
        cohort = enrollment.cohort
        weeks = [_week(content, cohort, number) for number in released[cohort.pk]]
        message = emails.catch_up_email(
            user=enrollment.user, cohort=cohort, course_title=cohort.course.title, weeks=weeks
        )
        pairs.append((row, message))
    return pairs


def catch_up_notice_send(*, notice_id: int, now: datetime | None = None) -> SendResult:
    return notices_send(
        model=CatchUpNotice, ids=[notice_id], build=_build_catch_up_messages, now=now
    )


# --- transfers --------------------------------------------------------------------------------


def enrollment_notices_transfer(*, old: Enrollment, new: Enrollment) -> None:
    """A student moved classes: weeks they already heard about (by week number) are never
    announced again, and the welcome email is dropped if it would only repeat them."""
    heard = set(
        ReleaseNotice.objects.filter(enrollment=old)
        .exclude(status=NoticeStatus.FAILED)
        .values_list("week_release__week_number", flat=True)
    )
    if not heard:
        return
    ReleaseNotice.objects.filter(
        enrollment=new, week_release__week_number__in=heard, status=NoticeStatus.SKIPPED
    ).update(skip_reason=SkipReason.TRANSFERRED)
    released = set(
        WeekRelease.objects.filter(cohort_id=new.cohort_id).values_list("week_number", flat=True)
    )
    if released <= heard:
        CatchUpNotice.objects.filter(enrollment=new, status=NoticeStatus.PENDING).update(
            status=NoticeStatus.SKIPPED
        )
