"""The course emails the outbox sends (``engine.outbox.kinds``), rendered a chunk at a time.

Each renderer loads what a chunk needs in a constant number of queries and renders what the
chunk's students share once: one "Week N is live" per (class, week), then each student's copy
is their name and preferences link filled in (``courses.emails.SharedEmail``).
"""

from __future__ import annotations

from collections import defaultdict

from courses import emails
from courses.models import CatchUpNotice, Cohort, DigestNotice, ReleaseNotice, WeekRelease
from courses.notices import CATCH_UP_KIND, DIGEST_KIND, RELEASE_KIND
from engine.outbox.kinds import EmailKind, Rendered, email_kind_register


def render_release_notices(rows) -> dict[int, Rendered | None]:
    notices = {
        notice.email_id: notice
        for notice in ReleaseNotice.objects.filter(
            email_id__in=[row.pk for row in rows]
        ).select_related("enrollment__user", "week_release")
    }
    # A chunk spans one or a few classes: load each class and its course page once.
    cohorts = Cohort.objects.select_related("course").in_bulk(
        {notice.week_release.cohort_id for notice in notices.values()}
    )
    content = emails.weeks_content(course_ids={c.course_id for c in cohorts.values()})
    shared: dict[tuple[int, int], emails.SharedEmail] = {}
    rendered: dict[int, Rendered | None] = {}
    for row in rows:
        notice = notices.get(row.pk)
        if notice is None:
            rendered[row.pk] = None  # its notice is gone (the enrollment was deleted)
            continue
        cohort = cohorts[notice.week_release.cohort_id]
        number = notice.week_release.week_number
        if (cohort.pk, number) not in shared:
            shared[(cohort.pk, number)] = emails.week_released_email(
                cohort=cohort,
                course_title=cohort.course.title,
                week=emails.week_or_placeholder(content, cohort, number),
            )
        rendered[row.pk] = shared[(cohort.pk, number)].for_user(notice.enrollment.user)
    return rendered


def render_catch_up_notices(rows) -> dict[int, Rendered | None]:
    notices = {
        notice.email_id: notice
        for notice in CatchUpNotice.objects.filter(
            email_id__in=[row.pk for row in rows]
        ).select_related("enrollment__user", "enrollment__cohort__course")
    }
    cohort_ids = {notice.enrollment.cohort_id for notice in notices.values()}
    content = emails.weeks_content(
        course_ids={notice.enrollment.cohort.course_id for notice in notices.values()}
    )
    released: dict[int, list[int]] = defaultdict(list)
    for cohort_id, number in (
        WeekRelease.objects.filter(cohort_id__in=cohort_ids)
        .order_by("week_number")
        .values_list("cohort_id", "week_number")
    ):
        released[cohort_id].append(number)
    rendered: dict[int, Rendered | None] = {}
    for row in rows:
        notice = notices.get(row.pk)
        if notice is None:
            rendered[row.pk] = None
            continue
        cohort = notice.enrollment.cohort
        weeks = [emails.week_or_placeholder(content, cohort, n) for n in released[cohort.pk]]
        email = emails.catch_up_email(cohort=cohort, course_title=cohort.course.title, weeks=weeks)
        rendered[row.pk] = email.for_user(notice.enrollment.user)
    return rendered


def render_digests(rows) -> dict[int, Rendered | None]:
    digests = {
        digest.email_id: digest
        for digest in DigestNotice.objects.filter(
            email_id__in=[row.pk for row in rows]
        ).select_related("user")
    }
    covered = defaultdict(list)
    for notice in (
        ReleaseNotice.objects.filter(digest__in=digests.values())
        .select_related("enrollment__cohort__course", "week_release")
        .order_by("week_release__released_at", "pk")
    ):
        covered[notice.digest_id].append(notice)
    content = emails.weeks_content(
        course_ids={n.enrollment.cohort.course_id for ns in covered.values() for n in ns}
    )
    rendered: dict[int, Rendered | None] = {}
    for row in rows:
        digest = digests.get(row.pk)
        notices = covered.get(digest.pk, []) if digest else []
        if not notices:
            rendered[row.pk] = None  # nothing to say
            continue
        entries = [
            (
                n.enrollment.cohort,
                n.enrollment.cohort.course.title,
                emails.week_or_placeholder(
                    content, n.enrollment.cohort, n.week_release.week_number
                ),
            )
            for n in notices
        ]
        rendered[row.pk] = emails.digest_email(entries=entries).for_user(digest.user)
    return rendered


RELEASE = email_kind_register(
    EmailKind(RELEASE_KIND, "Week N is live (one per student and release)", render_release_notices)
)
CATCH_UP = email_kind_register(
    EmailKind(
        CATCH_UP_KIND, "Welcome of a late joiner, with the weeks open", render_catch_up_notices
    )
)
DIGEST = email_kind_register(
    EmailKind(DIGEST_KIND, "Weekly digest of the releases a student chose to batch", render_digests)
)
