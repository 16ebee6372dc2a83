"""The workspace invitation email: one outbox row per student (key ``slack_invite:<user>``),
so however often the sync finds them outside the workspace, they hear it once."""

from django.conf import settings
from django.template.loader import render_to_string

from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now


def slack_invite_email_send(*, user, cohort) -> bool:
    """Queue (once) and send the invitation link; False when there is no link to send."""
    if not settings.SLACK_INVITE_URL:
        return False
    context = {
        "user": user,
        "cohort": cohort,
        "invite_url": settings.SLACK_INVITE_URL,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    row, created = outbox_email_enqueue(
        kind="slack_invite",
        key=f"slack_invite:{user.pk}",
        to=[user.email],
        subject=settings.EMAIL_SUBJECT_PREFIX + f"Join the {cohort.name} channel on Slack",
        text=render_to_string("slack/email/slack_invite.txt", context),
        html=render_to_string("slack/email/slack_invite.html", context),
    )
    if created:
        outbox_email_send_now(email=row)
    return True
