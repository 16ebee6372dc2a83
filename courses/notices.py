"""Who is told about which release: the notice ledger's services (writes only).

Each ``ReleaseNotice`` / ``CatchUpNotice`` / ``DigestNotice`` is a decision: tell this student
by email (``status=email``) or not (``skipped``, with a reason). Every ``email`` decision gets
one outbox row (``engine.outbox``), written by one ``INSERT ... SELECT`` in the same
transaction as the decision, keyed ``<kind>:<notice id>`` so writing it twice writes it once;
the outbox claims, sends and marks it. Nothing here enqueues a task of its own: the
orchestration (``courses.releases``, ``courses.tasks``) calls these services, and they hand
their rows to the outbox on commit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import CharField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

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


def notice_emails_create(*, kind: str, notices: QuerySet, address: str) -> list[int]:
    """Outbox rows for the ``email`` notices among ``notices`` that have none yet, linked to
    them; returns the ids of the still pending outbox rows of ``notices`` (the ones to send).

    Three statements whatever the number of notices, all run by the database: the outbox rows
    (``INSERT ... SELECT``, keyed ``<kind>:<notice id>`` in SQL), the notices' links to them
    (``UPDATE`` by the unique key) and the pending ids. ``address`` is the lookup of the
    recipient's address from a notice (for the admin: the renderer reads the student's
    current address when it sends)."""
    todo = notices.filter(status=NoticeStatus.EMAIL, email__isnull=True)
    key = Concat(Value(f"{kind}:"), Cast("pk", output_field=CharField()))
    outbox_emails_create(
        kind=kind,
        rows=todo.order_by()
        .annotate(outbox_key=key, outbox_to=F(address))
        .values("outbox_key", "outbox_to"),
    )
    outer_key = Concat(Value(f"{kind}:"), Cast(OuterRef("pk"), output_field=CharField()))
    todo.update(email_id=Subquery(OutboxEmail.objects.filter(key=outer_key).values("pk")[:1]))
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
    The ledger is one ``INSERT ... SELECT`` per table, run by the database: no row crosses
    into Python, and the query count is the same for 10 students or 100,000. Idempotent:
    ``ON CONFLICT DO NOTHING`` on the unique ``(enrollment, week_release)`` and on the outbox
    key.
    """
    with transaction.atomic():
        release = WeekRelease.objects.select_related("cohort").get(pk=release_id)
        lock_cohort(release.cohort)
        written = _release_ledger_insert(release)
        ReleaseFanOut.objects.get_or_create(
            week_release=release, defaults={"notices_created": written}
        )
        pending = notice_emails_create(
            kind=RELEASE_KIND,
            notices=ReleaseNotice.objects.filter(week_release=release),
            address="enrollment__user__email",
        )
        outbox_send_on_commit(ids=pending, chunk_size=NOTICE_CHUNK_SIZE)
    return pending


def _release_ledger_insert(release: WeekRelease) -> int:
    """One ``INSERT ... SELECT``: a notice per active enrollment of the release's class, its
    decision computed in SQL. Returns the rows written.

    The plan must not depend on statistics (a freshly loaded database has none): the
    preference is a left join on its unique ``user_id``, and "heard about this week in a
    previous class" is a left join on the (small, distinct) set of enrollments that moved
    here, never a correlated ``EXISTS`` per student."""
    connection = connections[router.db_for_write(ReleaseNotice)]
    q = connection.ops.quote_name
    notice, enrollment, week = ReleaseNotice._meta, Enrollment._meta, WeekRelease._meta
    preference, outbox = NotificationPreference._meta, OutboxEmail._meta

    def col(meta, name: str) -> str:
        return q(meta.get_field(name).column)

    skipped, transferred = NoticeStatus.SKIPPED, SkipReason.TRANSFERRED
    # Identifiers come from the models' metadata; every value is a parameter.
    sql = f"""
        INSERT INTO {q(notice.db_table)} ({col(notice, "enrollment")},
            {col(notice, "week_release")}, {col(notice, "status")},
            {col(notice, "skip_reason")}, {col(notice, "created_at")})
        SELECT e.{col(enrollment, "id")}, %s,
            CASE WHEN heard.id IS NOT NULL OR p.{col(preference, "mode")} IN (%s, %s)
                THEN %s ELSE %s END,
            CASE WHEN heard.id IS NOT NULL THEN %s
                WHEN p.{col(preference, "mode")} = %s THEN %s
                WHEN p.{col(preference, "mode")} = %s THEN %s
                ELSE '' END,
            %s
        FROM {q(enrollment.db_table)} e
        LEFT JOIN {q(preference.db_table)} p
            ON p.{col(preference, "user")} = e.{col(enrollment, "user")}
        LEFT JOIN (
            SELECT DISTINCT old.{col(enrollment, "transferred_to")} AS id
            FROM {q(enrollment.db_table)} old
            JOIN {q(notice.db_table)} n
                ON n.{col(notice, "enrollment")} = old.{col(enrollment, "id")}
            JOIN {q(week.db_table)} r ON r.{col(week, "id")} = n.{col(notice, "week_release")}
            LEFT JOIN {q(outbox.db_table)} o ON o.{col(outbox, "id")} = n.{col(notice, "email")}
            WHERE old.{col(enrollment, "transferred_to")} IS NOT NULL
                AND r.{col(week, "week_number")} = %s
                AND (o.{col(outbox, "id")} IS NULL OR o.{col(outbox, "state")} <> %s)
        ) heard ON heard.id = e.{col(enrollment, "id")}
        WHERE e.{col(enrollment, "cohort")} = %s AND e.{col(enrollment, "status")} = %s
        ON CONFLICT ({col(notice, "enrollment")}, {col(notice, "week_release")}) DO NOTHING
    """  # noqa: S608
    params = [
        release.pk,
        NotificationMode.NONE,
        NotificationMode.WEEKLY_DIGEST,
        skipped,
        NoticeStatus.EMAIL,
        transferred,
        NotificationMode.NONE,
        SkipReason.OPTED_OUT,
        NotificationMode.WEEKLY_DIGEST,
        SkipReason.DIGEST,
        ReleaseNotice._meta.get_field("created_at").get_db_prep_save(
            timezone.now(), connection=connection
        ),
        release.week_number,
        EmailState.FAILED,
        release.cohort_id,
        EnrollmentStatus.ACTIVE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


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
