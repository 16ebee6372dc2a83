"""Receivers connected in ``SlackSyncConfig.ready()`` (each calls one service)."""

from community.slack.client import slack_enabled
from community.slack.models import Wanted
from community.slack.services import membership_want


def enrollment_changed_want(sender, enrollment, **kwargs) -> None:
    """An enrollment began or ended (``courses.signals.enrollment_changed``): the student
    should now be in, or out of, the class's channel. Nothing when Slack is off."""
    if not slack_enabled():
        return
    membership_want(
        cohort=enrollment.cohort,
        user=enrollment.user,
        wanted=Wanted.IN if enrollment.is_active else Wanted.OUT,
    )
