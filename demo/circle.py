"""Demo executive peer circle: one thread started by the executive student, answered by the
coach. Idempotent: the thread is found by its title."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from community.circle.models import CircleThread
from community.circle.services import circle_reply, circle_thread_create
from demo.one_to_one import DEMO_COACH_EMAIL, DEMO_EXECUTIVE_STUDENT_EMAIL

Report = Callable[[str], None]

THREAD_TITLE = "How do you report outcomes to your board?"


def seed_circle(report: Report) -> None:
    User = get_user_model()
    executive = User.objects.filter(email=DEMO_EXECUTIVE_STUDENT_EMAIL).first()
    coach = User.objects.filter(email=DEMO_COACH_EMAIL).first()
    if executive is None or coach is None:
        report("skipped the executive circle: the executive student or the coach is missing")
        return
    if CircleThread.objects.filter(title=THREAD_TITLE).exists():
        report("kept the executive circle's thread")
        return
    thread = circle_thread_create(
        user=executive,
        title=THREAD_TITLE,
        body="Our board still asks for a feature list each quarter. Who has moved them to "
        "outcomes, and what did the first report look like?",
    )
    circle_reply(
        user=coach,
        thread=thread,
        body="Start with one outcome per team and the evidence behind it; keep the feature "
        "list as an appendix for the first two quarters, then drop it.",
    )
    report(f"started the executive circle thread '{THREAD_TITLE}'")
