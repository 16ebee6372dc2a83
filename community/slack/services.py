"""Writes of the Slack room: the wanted state (``membership_want``) and making Slack match it
(``membership_sync``, ``channel_ensure``, ``channels_archive_due``, ``slack_reconcile``).

Every Slack call is idempotent: the answers that mean "already so" (``already_in_channel``,
``not_in_channel``, ``already_archived``, and ``name_taken``, resolved by looking the channel
up) count as success. What the sync learns is written with a compare-and-set on ``wanted``,
so a change made while a call was in flight is not overwritten: its own task syncs it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from community.slack.client import slack_client, slack_enabled
from community.slack.emails import slack_invite_email_send
from community.slack.models import Actual, SlackChannel, SlackMembership, Wanted
from courses.models import WEEKS_PER_COURSE, Cohort

logger = logging.getLogger(__name__)
RECONCILE_BATCH = 500


class SlackFailure(Exception):
    """A Slack call that failed after its retries; the message is stored as the last error."""


def _error_code(error: SlackApiError) -> str:
    return str(error.response.get("error") or "no_error_code")


def _call(method, *, tolerate: frozenset[str] = frozenset(), **kwargs) -> dict | None:
    """One Web API call; ``None`` when Slack answered one of the ``tolerate`` errors."""
    try:
        return method(**kwargs).data
    except SlackApiError as error:
        code = _error_code(error)
        if code in tolerate:
            return None
        status = error.response.status_code
        detail = code if status == 200 else f"HTTP {status} {code}"
        raise SlackFailure(f"{method.__name__}: {detail}") from error
    except (SlackClientError, OSError) as error:
        raise SlackFailure(f"{method.__name__}: {error.__class__.__name__}: {error}") from error


# --- the wanted state --------------------------------------------------------------------------


def channel_name_default(*, cohort: Cohort) -> str:
    return slugify(cohort.slug)[:80].strip("-") or f"class-{cohort.pk}"


def channel_for_cohort(*, cohort: Cohort) -> SlackChannel:
    """The class's channel row, made with a name from the class's slug if staff named none."""
    channel = SlackChannel.objects.filter(cohort=cohort).first()
    if channel is not None:
        return channel
    name = channel_name_default(cohort=cohort)
    for candidate in (name, f"{name[:70]}-{cohort.pk}"):
        try:
            with transaction.atomic():
                return SlackChannel.objects.get_or_create(
                    cohort=cohort, defaults={"name": candidate}
                )[0]
        except IntegrityError:
            # The name is another class's (a staff choice): try the one with the class id.
            continue
    return SlackChannel.objects.get(cohort=cohort)


def membership_want(
    *, cohort: Cohort, user, wanted: str, now: datetime | None = None
) -> SlackMembership:
    """Record that ``user`` should (``Wanted.IN``) or should not be in ``cohort``'s channel;
    a change enqueues its sync once the surrounding transaction commits."""
    if wanted not in Wanted.values:
        raise ValueError(f"wanted is one of {', '.join(Wanted.values)}, not {wanted!r}")
    now = now or timezone.now()
    with transaction.atomic():
        channel = channel_for_cohort(cohort=cohort)
        membership, created = SlackMembership.objects.select_for_update().get_or_create(
            channel=channel, user=user, defaults={"wanted": wanted, "changed_at": now}
        )
        if not created and membership.wanted == wanted:
            return membership
        if not created:
            membership.wanted = wanted
            membership.attempts = 0
            membership.last_error = ""
            membership.changed_at = now
            membership.save(update_fields=["wanted", "attempts", "last_error", "changed_at"])
        from community.slack.tasks import membership_sync as sync_task

        transaction.on_commit(lambda pk=membership.pk: sync_task.delay(pk))
    return membership


# --- making Slack match ------------------------------------------------------------------------


def _channel_find(*, client: WebClient, name: str) -> dict | None:
    cursor = None
    while True:
        page = _call(
            client.conversations_list,
            types="public_channel,private_channel",
            exclude_archived=False,
            limit=200,
            cursor=cursor,
        )
        for found in page.get("channels", []):
            if found.get("name") == name:
                return found
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None


def channel_ensure(*, channel: SlackChannel, client: WebClient, now: datetime | None = None) -> str:
    """The channel's Slack id, creating it (private) on first use. A twin worker that created
    it first, or a channel made by hand with that name, is found and adopted."""
    if channel.slack_id:
        return channel.slack_id
    created = _call(
        client.conversations_create,
        tolerate=frozenset({"name_taken"}),
        name=channel.name,
        is_private=True,
    )
    found = created["channel"] if created else _channel_find(client=client, name=channel.name)
    if found is None:
        raise SlackFailure(f"#{channel.name} is taken by a channel the bot cannot see")
    if found.get("is_archived"):
        raise SlackFailure(f"#{channel.name} exists in Slack but is archived: name another")
    SlackChannel.objects.filter(pk=channel.pk, slack_id="").update(
        slack_id=found["id"], created_in_slack_at=now or timezone.now(), last_error=""
    )
    channel.refresh_from_db(fields=["slack_id", "created_in_slack_at", "last_error"])
    return channel.slack_id


def _slack_user_id(*, membership: SlackMembership, client: WebClient) -> str | None:
    if membership.slack_user_id:
        return membership.slack_user_id
    found = _call(
        client.users_lookupByEmail,
        tolerate=frozenset({"users_not_found"}),
        email=membership.user.email,
    )
    return found["user"]["id"] if found else None


def _sync(*, membership: SlackMembership, client: WebClient) -> tuple[str, str, str]:
    """Make Slack match one membership: ``(actual, slack_user_id, note)``."""
    channel = membership.channel
    if membership.wanted == Wanted.OUT and not channel.slack_id:
        return Actual.OUT, membership.slack_user_id, ""  # no channel, so nobody in it
    channel_id = channel_ensure(channel=channel, client=client)
    user_id = _slack_user_id(membership=membership, client=client)
    if user_id is None:
        if membership.wanted == Wanted.OUT:
            return Actual.OUT, "", ""
        emailed = slack_invite_email_send(user=membership.user, cohort=channel.cohort)
        note = "" if emailed else "not in the workspace, and SLACK_INVITE_URL is not set"
        return Actual.NOT_IN_WORKSPACE, "", note
    if membership.wanted == Wanted.IN:
        _call(
            client.conversations_invite,
            tolerate=frozenset({"already_in_channel"}),
            channel=channel_id,
            users=user_id,
        )
        return Actual.IN, user_id, ""
    _call(
        client.conversations_kick,
        # Archived: nobody talks there any more, so "out" is as good as done.
        tolerate=frozenset({"not_in_channel", "is_archived"}),
        channel=channel_id,
        user=user_id,
    )
    return Actual.OUT, user_id, ""


def membership_sync(
    *, membership_id: int, client: WebClient | None = None, now: datetime | None = None
) -> SlackMembership | None:
    """Make Slack match one membership row, storing what Slack confirmed or the error."""
    if not slack_enabled():
        return None
    membership = (
        SlackMembership.objects.select_related("channel__cohort", "user")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or membership.in_step:
        return membership
    now = now or timezone.now()
    wanted = membership.wanted
    try:
        actual, user_id, note = _sync(membership=membership, client=client or slack_client())
    except SlackFailure as failure:
        logger.warning("Slack sync of membership %s failed: %s", membership.pk, failure)
        SlackMembership.objects.filter(pk=membership.pk, wanted=wanted).update(
            last_error=str(failure)[:255], attempts=F("attempts") + 1, synced_at=now
        )
    else:
        SlackMembership.objects.filter(pk=membership.pk, wanted=wanted).update(
            actual=actual,
            slack_user_id=user_id,
            last_error=note,
            attempts=F("attempts") + 1,
            synced_at=now,
        )
    membership.refresh_from_db()
    return membership


def cohort_ends_on(*, cohort: Cohort) -> date:
    """The day after the class's last week: start + the course's weeks."""
    return cohort.start_date + timedelta(weeks=WEEKS_PER_COURSE)


def channels_archive_due(
    *, client: WebClient | None = None, today: date | None = None
) -> list[SlackChannel]:
    """Archive the channels of classes that ended ``SLACK_ARCHIVE_AFTER_DAYS`` ago or more."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.SLACK_ARCHIVE_AFTER_DAYS)
    latest_start = cutoff - timedelta(weeks=WEEKS_PER_COURSE)
    due = SlackChannel.objects.filter(
        archived_at__isnull=True, cohort__start_date__lte=latest_start
    ).exclude(slack_id="")
    archived = []
    for channel in due:
        client = client or slack_client()
        try:
            _call(
                client.conversations_archive,
                tolerate=frozenset({"already_archived"}),
                channel=channel.slack_id,
            )
        except SlackFailure as failure:
            SlackChannel.objects.filter(pk=channel.pk).update(last_error=str(failure)[:255])
            continue
        SlackChannel.objects.filter(pk=channel.pk).update(archived_at=timezone.now(), last_error="")
        archived.append(channel)
    return archived


def slack_reconcile(*, client: WebClient | None = None, now: datetime | None = None) -> dict:
    """The beat job: sync every membership whose Slack state differs from the wanted one
    (outside archived channels), then archive the channels that are due."""
    if not slack_enabled():
        return {"synced": 0, "in_step": 0, "archived": 0}
    client = client or slack_client()
    drifting = list(
        SlackMembership.objects.exclude(actual=F("wanted"))
        .filter(channel__archived_at__isnull=True)
        .order_by("changed_at", "pk")
        .values_list("pk", flat=True)[:RECONCILE_BATCH]
    )
    in_step = 0
    for pk in drifting:
        membership = membership_sync(membership_id=pk, client=client, now=now)
        in_step += bool(membership and membership.in_step)
    archived = channels_archive_due(client=client)
    return {"synced": len(drifting), "in_step": in_step, "archived": len(archived)}
