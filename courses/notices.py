"""Who is told about which release: the notice ledger's services (writes only).

Each ``ReleaseNotice`` / ``CatchUpNotice`` / ``DigestNotice`` is a decision: tell this student
by email (``status=email``) or not (``skipped``, with a reason). Every ``email`` decision gets
one outbox row (``engine.outbox``), written in bulk in the same transaction as the decision,
keyed ``<kind>:<notice id>`` so writing it twice writes it once; the outbox claims, sends and
marks it. Nothing here enqueues a task of its own: the orchestration (``courses.releases``,
``courses.tasks``) calls these services, and they hand their rows to the outbox on commit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat

from courses.capacity import lock_cohort
from courses.models import (
    CatchUpNotice,
    Enrollment,
    EnrollmentStatus,
    NoticeStatus,
    NotificationMode,
    NotificationPreference,
    ReleaseFanOut,
    ReleaseNotice,
    SkipReason,
    WeekRelease,
)
from engine.outbox.models import EmailState, OutboxEmail
from engine.outbox.services import outbox_emails_create, outbox_send_on_commit

RELEASE_KIND = "release"
CATCH_UP_KIND = "catch_up"
DIGEST_KIND = "digest"
# Emails per outbox task (one SMTP connection each).
NOTICE_CHUNK_SIZE = getattr(settings, "COURSES_NOTICE_CHUNK_SIZE", 250)
# Ledger rows per INSERT (the backend may allow fewer: SQLite's 999 parameters make it 99).
LEDGER_BATCH_SIZE = 2000


def notice_emails_create(*, kind: str, notices: QuerySet, address: str) -> list[int]:
    """Outbox rows for the ``email`` notices among ``notices`` that have none yet, linked to
    them; returns the ids of the still pending outbox rows of ``notices`` (the ones to send).

    ``address`` is the lookup of the recipient's address from a notice (for the admin: the
    renderer reads the student's current address when it sends)."""
    todo = notices.filter(status=NoticeStatus.EMAIL, email__isnull=True)
    outbox_emails_create(
        rows=(
            OutboxEmail(kind=kind, key=f"{kind}:{pk}", recipients=[to])
            for pk, to in todo.values_list("pk", address).iterator(chunk_size=5000)
        ),
        batch_size=LEDGER_BATCH_SIZE,
    )
    key = Concat(Value(f"{kind}:"), Cast(OuterRef("pk"), output_field=CharField()))
    todo.update(email_id=Subquery(OutboxEmail.objects.filter(key=key).values("pk")[:1]))
    return list(
        notices.filter(email__state=EmailState.PENDING)
        .order_by("email_id")
        .values_list("email_id", flat=True)
    )


def notice_emails_cancel(*, notices: QuerySet) -> int:
    """Turn the still pending emails of ``notices`` into skips (outbox rows: cancelled)."""
    ids = list(
        notices.filter(status=NoticeStatus.EMAIL, email__state=EmailState.PENDING).values_list(
            "email_id", flat=True
        )
    )
    cancelled = OutboxEmail.objects.filter(pk__in=ids, state=EmailState.PENDING).update(
        state=EmailState.CANCELLED
    )
    notices.filter(email_id__in=ids).update(status=NoticeStatus.SKIPPED)
    return cancelled


# --- the release fan-out ----------------------------------------------------------------------


def release_notices_create(*, release_id: int) -> list[int]:
    """Write the ledger rows of one release and their outbox rows in bulk; the outbox sends
    them in chunks once this commits. Returns the pending outbox ids.

    The cohort row is locked like ``enrollment_create`` locks it, so an enrollment committed
    concurrently is either seen here (an emailed row) or saw this release (a caught-up row).
    Idempotent: ``ignore_conflicts`` on the unique ``(enrollment, week_release)`` and on the
    outbox key.
    """
    with transaction.atomic():
        release = WeekRelease.objects.select_related("cohort").get(pk=release_id)
        lock_cohort(release.cohort)
        mode = NotificationPreference.objects.filter(user=OuterRef("user_id")).values("mode")[:1]
        heard_before = ReleaseNotice.objects.filter(
            enrollment__transferred_to=OuterRef("pk"),
            week_release__week_number=release.week_number,
        ).exclude(email__state=EmailState.FAILED)
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
        pending = notice_emails_create(
            kind=RELEASE_KIND,
            notices=ReleaseNotice.objects.filter(week_release=release),
            address="enrollment__user__email",
        )
        outbox_send_on_commit(ids=pending, chunk_size=NOTICE_CHUNK_SIZE)
    return pending


def _new_notice(release_id: int, enrollment_id: int, mode, heard: bool) -> ReleaseNotice:
    if heard:
        status, reason = NoticeStatus.SKIPPED, SkipReason.TRANSFERRED
    elif mode == NotificationMode.NONE:
        status, reason = NoticeStatus.SKIPPED, SkipReason.OPTED_OUT
    elif mode == NotificationMode.WEEKLY_DIGEST:
        status, reason = NoticeStatus.SKIPPED, SkipReason.DIGEST
    else:
        status, reason = NoticeStatus.EMAIL, ""
    return ReleaseNotice(
        enrollment_id=enrollment_id, week_release_id=release_id, status=status, skip_reason=reason
    )


# --- late joiners -----------------------------------------------------------------------------


def enrollment_catch_up_prepare(*, enrollment: Enrollment) -> CatchUpNotice | None:
    """Inside ``enrollment_create``'s transaction: mark released weeks as covered by ONE
    welcome email, sent by the outbox on commit. Nothing to do before week 1 opens."""
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
        defaults={"status": NoticeStatus.SKIPPED if opted_out else NoticeStatus.EMAIL},
    )
    pending = notice_emails_create(
        kind=CATCH_UP_KIND,
        notices=CatchUpNotice.objects.filter(pk=notice.pk),
        address="enrollment__user__email",
    )
    outbox_send_on_commit(ids=pending)
    notice.refresh_from_db()
    return notice


# --- transfers --------------------------------------------------------------------------------


def enrollment_notices_transfer(*, old: Enrollment, new: Enrollment) -> None:
    """A student moved classes: weeks they already heard about (by week number) are never
    announced again, and the welcome email is dropped if it would only repeat them."""
    heard = set(
        ReleaseNotice.objects.filter(enrollment=old)
        .exclude(email__state=EmailState.FAILED)
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
        notice_emails_cancel(notices=CatchUpNotice.objects.filter(enrollment=new))
