"""The owner's Monday digest of their team: who moved, who is behind, who finished.

Sent on Mondays from ``TEAM_DIGEST_LOCAL_HOUR`` in the class's time zone (the team's members
follow the class's calendar), through the outbox under the key
``team_digest:team:<pk>:<ISO year>-W<ISO week>``: the unique key makes it once per team per
week however often the hourly beat task (``payments.team_digests_send``) runs or retries. The
owner turns it off on the team page (``Team.digest_enabled``). Teams whose class has not
started, or started more than ``DIGEST_WEEKS`` weeks ago, or that nobody has claimed a seat
in, get nothing.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from engine.outbox.models import OutboxEmail
from payments.emails import _send_once, absolute
from payments.errors import TeamError
from payments.models import SeatStatus, Team

from .progress import CLAIMED, team_progress

DIGEST_WEEKS = 26


def team_digest_set(*, team: Team, actor, enabled: bool) -> Team:
    """The owner turns the Monday digest on or off."""
    if team.owner_id != actor.pk:
        raise TeamError("Only the team's owner can change the digest.")
    Team.objects.filter(pk=team.pk).update(digest_enabled=enabled)
    team.digest_enabled = enabled
    return team


def digest_key(team: Team, local: datetime) -> str:
    year, week, _ = local.isocalendar()
    return f"team_digest:team:{team.pk}:{year}-W{week:02d}"


def _local_due(team: Team, now: datetime) -> datetime | None:
    """The class-local time, if it is Monday at or after the digest hour; else None."""
    local = now.astimezone(team.cohort.tz)
    if local.weekday() != 0 or local.hour < settings.TEAM_DIGEST_LOCAL_HOUR:
        return None
    today = local.date()
    if team.cohort.start_date > today:
        return None
    if team.cohort.start_date < today - timedelta(weeks=DIGEST_WEEKS):
        return None
    return local


def team_digests_due(*, now: datetime) -> list[int]:
    """Ids of the teams whose digest is due now and not yet written this week."""
    earliest = (now - timedelta(weeks=DIGEST_WEEKS + 1)).date()
    teams = (
        Team.objects.filter(
            digest_enabled=True,
            seats__status=SeatStatus.ACTIVE,
            cohort__start_date__gte=earliest,
            cohort__start_date__lte=(now + timedelta(days=1)).date(),
        )
        .select_related("cohort")
        .distinct()
    )
    due = {team.pk: digest_key(team, local) for team in teams if (local := _local_due(team, now))}
    written = set(OutboxEmail.objects.filter(key__in=due.values()).values_list("key", flat=True))
    return sorted(pk for pk, key in due.items() if key not in written)


def team_digest_send(*, team_id: int, now: datetime) -> bool:
    """This week's digest for one team, once (True only for the call that sent it)."""
    team = Team.objects.select_related("cohort", "owner").get(pk=team_id)
    local = _local_due(team, now)
    if local is None or not team.digest_enabled:
        return False
    progress = team_progress(team=team, now=now)
    claimed = [m for m in progress.members if m.status == CLAIMED]
    context = {
        "team": team,
        "moved": [m for m in claimed if m.done_last_7_days],
        "behind": [m for m in progress.members if m.behind and not m.certificate_code],
        "finished": [m for m in claimed if m.certificate_code],
        "waiting": [m for m in progress.members if m.status != CLAIMED],
        "team_url": absolute(reverse("payments:team_detail", args=[team.pk])),
        "week_of": local.date(),
    }
    return _send_once(
        kind="team_digest",
        reference=digest_key(team, local).removeprefix("team_digest:"),
        to=[team.owner.email],
        subject=f"Your team this week: {team.cohort.name}",
        context=context,
        template="payments/email/team_digest",
    )
