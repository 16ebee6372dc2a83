"""Writes of the ``courses`` app: enroll, revoke, transfer, reschedule, release a week.

Each is a plain function with keyword-only arguments, named ``<entity>_<action>``.
Idempotency is a database fact (unique constraints): a second call for the same thing returns
what the first one made. Limited things are guarded by a row lock on the cohort, so capacity
holds with any number of web and worker processes. Nothing here sends mail: a new release
and a late joiner's enrollment write ledger rows and enqueue their emails on commit
(``courses.releases``); a refund revokes the certificate (``courses.certificates``).
Staff moves (reschedule, transfer, release now) leave a ``CohortChangeLog`` row.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction

from courses.capacity import lock_cohort
from courses.certificates import certificate_revoke
from courses.models import (
    WEEKS_PER_COURSE,
    Cohort,
    CohortChangeKind,
    CohortChangeLog,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    EnrollmentTier,
    ReleaseSource,
    WeekRelease,
    WeekScheduleOverride,
)
from courses.notices import enrollment_catch_up_prepare, enrollment_notices_transfer
from courses.progress import enrollment_progress_move
from courses.releases import release_announce_on_commit
from courses.reschedule import RescheduleRefused, cohort_reschedule_plan
from courses.schedule import cohort_week_due_at
from courses.signals import enrollment_changed
from engine.capacity.services import places_take

PRIVATE_COLLECTION_NAME = "Takeaways"
ENDED_STATUSES = (
    EnrollmentStatus.REFUNDED,
    EnrollmentStatus.TRANSFERRED,
    EnrollmentStatus.ENDED_BY_STAFF,
)


class EnrollmentNotActive(Exception):
    """Only an active enrollment can be revoked or transferred."""


def enrollment_create(
    *,
    user,
    cohort: Cohort,
    source: str,
    tier: str = EnrollmentTier.STANDARD,
    ignore_capacity: bool = False,
    hold_reference: str | None = None,
) -> tuple[Enrollment, bool]:
    """Give ``user`` a place in ``cohort``; ``(enrollment, created)``.

    Idempotent: if the user already has an active place in the cohort, that one is returned
    with ``created=False``. With ``hold_reference`` the place comes out of that seat hold
    (a paid checkout, a team's pool: ``engine.capacity``); without one, or when the hold has
    expired, a free seat is needed. Raises ``CohortFull`` when none is left, unless staff pass
    ``ignore_capacity=True``. The cohort row is locked (``SELECT ... FOR UPDATE``) while
    seats are counted, so two buyers of the last seat cannot both get it.
    """
    if source not in EnrollmentSource.values:
        raise ValueError(f"Unknown enrollment source {source!r}")
    if tier not in EnrollmentTier.values:
        raise ValueError(f"Unknown enrollment tier {tier!r}")
    with transaction.atomic():
        locked = lock_cohort(cohort)
        existing = Enrollment.objects.filter(
            user=user, cohort=locked, status=EnrollmentStatus.ACTIVE
        ).first()
        if existing is not None:
            return existing, False
        places_take(target=locked, reference=hold_reference or "", ignore_capacity=ignore_capacity)
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    user=user, cohort=locked, source=source, tier=tier
                )
        except IntegrityError:
            # A concurrent twin won (possible only where row locks are advisory, e.g. SQLite).
            return Enrollment.objects.get(
                user=user, cohort=locked, status=EnrollmentStatus.ACTIVE
            ), False
        # A late joiner: weeks already open are covered by ONE welcome email, sent on commit.
        enrollment_catch_up_prepare(enrollment=enrollment)
        enrollment_changed.send(sender=Enrollment, enrollment=enrollment)
    return enrollment, True


def enrollment_revoke(
    *,
    enrollment: Enrollment,
    status: str = EnrollmentStatus.REFUNDED,
    now: datetime | None = None,
) -> Enrollment:
    """End an enrollment (a refund, a transfer, staff ending access): the student loses
    access at once, and, unless moved to another class, their certificate. Idempotent."""
    if status not in ENDED_STATUSES:
        raise ValueError(f"An enrollment is revoked as one of {', '.join(ENDED_STATUSES)}.")
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if locked.status == status:
            return locked
        if locked.status != EnrollmentStatus.ACTIVE:
            raise EnrollmentNotActive(f"Enrollment {locked.pk} is already {locked.status}.")
        locked.status = status
        locked.ended_at = now or timezone.now()
        locked.save(update_fields=["status", "ended_at"])
        if status != EnrollmentStatus.TRANSFERRED:
            certificate_revoke(enrollment=locked, now=locked.ended_at)
        enrollment_changed.send(sender=Enrollment, enrollment=locked)
    return locked


def enrollment_revoke_following_transfers(
    *,
    enrollment: Enrollment,
    status: str = EnrollmentStatus.REFUNDED,
    now: datetime | None = None,
) -> Enrollment | None:
    """End the place ``enrollment`` stands for wherever it lives now: the enrollment itself,
    or, if the student was transferred, the enrollment they moved to (a refund of the original
    purchase must not leave them the new class). Each hop is row-locked, so a transfer running
    at the same time is waited for and then followed. Returns the enrollment ended, or None
    when that place had already ended."""
    with transaction.atomic():
        current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        seen = {current.pk}
        while (
            current.status == EnrollmentStatus.TRANSFERRED
            and current.transferred_to_id is not None
            and current.transferred_to_id not in seen
        ):
            current = Enrollment.objects.select_for_update().get(pk=current.transferred_to_id)
            seen.add(current.pk)
        if current.status != EnrollmentStatus.ACTIVE:
            return None
        return enrollment_revoke(enrollment=current, status=status, now=now)


def enrollment_transfer(
    *, enrollment: Enrollment, to_cohort: Cohort, actor=None, now: datetime | None = None
) -> Enrollment:
    """Move a student to another class of the same course; returns the new enrollment.

    The old row becomes ``transferred`` (history kept, access lost); the new one keeps the
    tier and source. Capacity of the target class is checked under its row lock
    (``enrollment_create``; raises ``CohortFull``). Finished lessons and the weeks already
    announced follow the student, and both classes log the move with ``actor``.
    """
    if to_cohort.course_id != enrollment.cohort.course_id:
        raise ValueError("A student can only move to another class of the same course.")
    with transaction.atomic():
        old = (
            Enrollment.objects.select_for_update()
            .select_related("user", "cohort")
            .get(pk=enrollment.pk)
        )
        if old.status != EnrollmentStatus.ACTIVE:
            raise EnrollmentNotActive(f"Enrollment {old.pk} is {old.status}, not active.")
        if old.cohort_id == to_cohort.pk:
            return old
        new, _ = enrollment_create(
            user=old.user, cohort=to_cohort, source=old.source, tier=old.tier
        )
        old.status = EnrollmentStatus.TRANSFERRED
        old.ended_at = now or timezone.now()
        old.transferred_to = new
        old.save(update_fields=["status", "ended_at", "transferred_to"])
        enrollment_changed.send(sender=Enrollment, enrollment=old)
        # Progress and "already heard about week N" follow the student to the new class.
        lessons_moved = enrollment_progress_move(old=old, new=new)
        enrollment_notices_transfer(old=old, new=new)
        details = {
            "student": old.user.email,
            "old_enrollment_id": old.pk,
            "new_enrollment_id": new.pk,
            "from_cohort": {"id": old.cohort_id, "name": old.cohort.name},
            "to_cohort": {"id": new.cohort_id, "name": to_cohort.name},
            "lessons_moved": lessons_moved,
        }
        CohortChangeLog.objects.bulk_create(
            [
                CohortChangeLog(
                    cohort_id=cohort_id,
                    kind=CohortChangeKind.TRANSFER,
                    actor=actor,
                    details={**details, "direction": direction},
                )
                for cohort_id, direction in ((old.cohort_id, "out"), (new.cohort_id, "in"))
            ]
        )
    return new


def cohort_reschedule(
    *, cohort: Cohort, start_date: date, actor, now: datetime | None = None
) -> CohortChangeLog | None:
    """Move ``cohort``'s start to ``start_date``; returns the log row, None if nothing moved.

    One transaction under the cohort's row lock (the release job's ``week_release_create``
    takes the same lock, so a week is either released before the move or judged on the new
    date). Weeks not released yet are re-derived from the new start, and their staff
    overrides move by the same number of days, as do the enrollment window's instants still
    to come (``courses.reschedule``). Raises
    ``RescheduleRefused``, naming the weeks, when a released week would land in the future.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_cohort(cohort)
        plan = cohort_reschedule_plan(cohort=locked, start_date=start_date, now=now)
        if plan.blocked:
            raise RescheduleRefused(plan.refusal_message)
        if not plan.changes_anything:
            return None
        changes = {"start_date": start_date, **plan.window_changes}
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changes))
        for number, due_at in plan.override_moves.items():
            WeekScheduleOverride.objects.filter(cohort=locked, week_number=number).update(
                due_at=due_at
            )
        log = CohortChangeLog.objects.create(
            cohort=locked,
            kind=CohortChangeKind.RESCHEDULE,
            actor=actor,
            details={
                "old_start_date": plan.old_start.isoformat(),
                "new_start_date": plan.new_start.isoformat(),
                "weeks_moved": [
                    {
                        "week": week.number,
                        "old_due_at": week.old_due_at.isoformat(),
                        "new_due_at": week.new_due_at.isoformat(),
                        "overridden": week.overridden,
                    }
                    for week in plan.weeks
                    if week.moves
                ],
                "released_weeks_kept": [week.number for week in plan.weeks if week.is_released],
                "enrollment_moved": {
                    field: {"old": old.isoformat(), "new": new.isoformat()}
                    for field, (old, new) in plan.window_moves.items()
                },
            },
        )
    for field, value in changes.items():
        setattr(cohort, field, value)
    return log


def week_release_create(
    *,
    cohort: Cohort,
    week_number: int,
    released_by=None,
    source: str = ReleaseSource.STAFF,
    now: datetime | None = None,
) -> tuple[WeekRelease | None, bool]:
    """Open week ``week_number`` for ``cohort``; ``(release, created)``.

    Idempotent through the unique ``(cohort, week_number)`` constraint: a second call, or a
    concurrent one from another process, gets the existing row and ``created=False``.
    The cohort row is locked like ``cohort_reschedule`` locks it; a ``schedule`` release
    re-checks the due date under that lock and returns ``(None, False)`` when a reschedule
    committed meanwhile moved the week into the future. Staff releases are logged.
    """
    if not 1 <= week_number <= WEEKS_PER_COURSE:
        raise ValueError(f"Week number must be 1 to {WEEKS_PER_COURSE}, got {week_number}.")
    if source not in ReleaseSource.values:
        raise ValueError(f"Unknown release source {source!r}")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_cohort(cohort)
        existing = WeekRelease.objects.filter(cohort=locked, week_number=week_number).first()
        if existing is not None:
            return existing, False
        if source == ReleaseSource.SCHEDULE and not _week_is_due(locked, week_number, now):
            return None, False
        try:
            with transaction.atomic():
                release = WeekRelease.objects.create(
                    cohort=locked,
                    week_number=week_number,
                    released_at=now,
                    released_by=released_by,
                    source=source,
                )
        except IntegrityError:
            # A concurrent twin won (possible only where row locks are advisory, e.g. SQLite).
            return WeekRelease.objects.get(cohort=locked, week_number=week_number), False
        if source == ReleaseSource.STAFF:
            CohortChangeLog.objects.create(
                cohort=locked,
                kind=CohortChangeKind.RELEASE_NOW,
                actor=released_by,
                details={"week": week_number, "released_at": now.isoformat()},
            )
        release_announce_on_commit(release=release)
    return release, True


def _week_is_due(cohort: Cohort, week_number: int, now: datetime) -> bool:
    overrides = dict(
        WeekScheduleOverride.objects.filter(cohort=cohort, week_number=week_number).values_list(
            "week_number", "due_at"
        )
    )
    return cohort_week_due_at(cohort, week_number, overrides) <= now


def private_collection_get_or_create(*, name: str = PRIVATE_COLLECTION_NAME) -> Collection:
    """A collection only admins can open through Wagtail, for lesson files.

    The view restriction makes Wagtail's own document URL refuse its files; students get them
    through ``courses.downloads`` once the policy allows. Idempotent by name.
    """
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    return collection
