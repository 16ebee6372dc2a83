"""The weekly digest: one email per student per week about releases they chose not to get
one by one (``ReleaseNotice`` rows ``skipped`` with reason ``digest``).

Exactly once per user and week: ``DigestNotice`` is unique per ``(user, week_start)``, and the
release rows it covers are tied to it in the transaction that creates it, so no release is in
two digests. Its email is an outbox row like every other (``courses.notices``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import (
    DigestNotice,
    EnrollmentStatus,
    NoticeStatus,
    ReleaseNotice,
    SkipReason,
)
from courses.notices import DIGEST_KIND, notice_emails_create
from engine.outbox.services import outbox_send_on_commit


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
    """Create this week's digest rows, tie the releases they cover, write their outbox rows
    (bulk, idempotent) and have them sent on commit. Returns the pending outbox ids."""
    now = now or timezone.now()
    week_start = digest_week_start(now)
    with transaction.atomic():
        covered: dict[int, list[int]] = defaultdict(list)
        for pk, user_id in _undigested().values_list("pk", "enrollment__user_id"):
            covered[user_id].append(pk)
        DigestNotice.objects.bulk_create(
            [DigestNotice(user_id=user_id, week_start=week_start) for user_id in covered],
            ignore_conflicts=True,
        )
        fresh = DigestNotice.objects.filter(
            week_start=week_start, user_id__in=covered, email__isnull=True
        ).select_for_update()
        for digest_id, user_id in fresh.values_list("pk", "user_id"):
            ReleaseNotice.objects.filter(pk__in=covered[user_id], digest__isnull=True).update(
                digest_id=digest_id
            )
        pending = notice_emails_create(
            kind=DIGEST_KIND,
            notices=DigestNotice.objects.filter(week_start=week_start),
            address="user__email",
        )
        outbox_send_on_commit(ids=pending)
    return pending
