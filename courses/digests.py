"""The weekly digest: one email per student per week about releases they chose not to get
one by one (``ReleaseNotice`` rows ``skipped`` with reason ``digest``).

Exactly once per user and week: ``DigestNotice`` is unique per ``(user, week_start)`` and is
sent through the same claim-and-mark sender as every other email (``courses.notices``). The
release rows the email covered are tied to it in the same transaction that marks it sent, so
no release is in two digests.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from courses import emails
from courses.models import (
    CoursePage,
    DigestNotice,
    EnrollmentStatus,
    NoticeStatus,
    ReleaseNotice,
    SkipReason,
)
from courses.notices import SendResult, notices_send


def digest_week_start(now: datetime) -> date:
    day = now.date()
    return day - timedelta(days=day.weekday())


def _undigested():
    return ReleaseNotice.objects.filter(
        status=NoticeStatus.SKIPPED,
        skip_reason=SkipReason.DIGEST,
        digest__isnull=True,
        enrollment__status=EnrollmentStatus.ACTIVE,
    )


def digests_prepare(*, now: datetime | None = None) -> list[int]:
    """Create this week's digest rows (bulk, idempotent) and enqueue their sending."""
    from courses.tasks import send_digest_notice

    now = now or timezone.now()
    week_start = digest_week_start(now)
    user_ids = set(_undigested().values_list("enrollment__user_id", flat=True).distinct())
    with transaction.atomic():
        DigestNotice.objects.bulk_create(
            [DigestNotice(user_id=user_id, week_start=week_start) for user_id in user_ids],
            ignore_conflicts=True,
        )
        pending = list(
            DigestNotice.objects.filter(
                week_start=week_start, status=NoticeStatus.PENDING
            ).values_list("pk", flat=True)
        )
        for pk in pending:
            transaction.on_commit(lambda pk=pk: send_digest_notice.delay(pk))
    return pending


def _build_digest_messages(rows: list[DigestNotice]):
    from courses.releases import weeks_content

    user_ids = [row.user_id for row in rows]
    notices = list(
        _undigested()
        .filter(enrollment__user_id__in=user_ids)
        .select_related("enrollment__user", "enrollment__cohort", "week_release")
        .order_by("week_release__released_at", "pk")
    )
    by_user = defaultdict(list)
    for notice in notices:
        by_user[notice.enrollment.user_id].append(notice)
    course_ids = {notice.enrollment.cohort.course_id for notice in notices}
    content = weeks_content(course_ids=course_ids)
    titles = dict(CoursePage.objects.filter(pk__in=course_ids).values_list("pk", "title"))
    pairs = []
    for row in rows:
        covered = by_user.get(row.user_id, [])
        if not covered:
            continue  # already covered by an earlier digest: nothing to say
        entries = []
        for notice in covered:
            cohort = notice.enrollment.cohort
            number = notice.week_release.week_number
            week = content.get((cohort.course_id, number)) or emails.EmailWeek(
                number=number, title=f"Week {number}", url=emails.absolute_url("/dashboard/")
            )
            entries.append((cohort, titles.get(cohort.course_id, ""), week))
        row.covered_ids = [notice.pk for notice in covered]
        pairs.append((row, emails.digest_email(user=covered[0].enrollment.user, entries=entries)))
    return pairs


def _digest_sent(row: DigestNotice) -> None:
    ReleaseNotice.objects.filter(pk__in=row.covered_ids, digest__isnull=True).update(digest=row)


def digest_notice_send(*, notice_id: int, now: datetime | None = None) -> SendResult:
    return notices_send(
        model=DigestNotice,
        ids=[notice_id],
        build=_build_digest_messages,
        now=now,
        on_sent=_digest_sent,
    )
