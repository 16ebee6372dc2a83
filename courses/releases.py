"""The weekly release, orchestrated: the layer above the services that beat drives.

Flow (beat every five minutes, ``courses.tasks.release_due_weeks``):

1. ``weeks_due`` finds the ``(cohort, week)`` pairs whose due instant (schedule or staff
   override, ``courses.schedule``) has passed and that have no ``WeekRelease`` (3 queries).
2. ``week_release_create`` (``courses.services``) writes the release; its unique
   ``(cohort, week)`` constraint makes duplicate beats and concurrent runs harmless. On commit
   the fan-out task is queued (``release_announce_on_commit``).
3. The fan-out task calls ``courses.notices.release_notices_create``: the ledger rows and their
   outbox rows in bulk; the outbox sends them in chunks (``engine.outbox``).
4. ``release_sweep`` re-queues fan-outs a lost task never ran. Stalled emails are the outbox's
   own sweep (``outbox.sweep``, every 30 s).

Nothing below this module calls a task: the services write, the outbox sends.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from courses.models import (
    WEEKS_PER_COURSE,
    Cohort,
    ReleaseSource,
    WeekRelease,
    WeekScheduleOverride,
)
from courses.schedule import cohort_week_due_at


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
    release_sweep(now=now)
    return created


def release_announce_on_commit(*, release: WeekRelease) -> None:
    """Called by ``week_release_create`` for a new release: fan out once it is committed."""
    from courses.tasks import release_fan_out

    transaction.on_commit(lambda: release_fan_out.delay(release.pk))


def release_sweep(*, now: datetime) -> None:
    """Re-queue the fan-out of recent releases a lost task never fanned out."""
    from courses.tasks import release_fan_out

    recent = now - timedelta(days=7)
    missed = WeekRelease.objects.filter(released_at__gte=recent, fan_out__isnull=True)
    for release_id in missed.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=release_id: release_fan_out.delay(pk))
