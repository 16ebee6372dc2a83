"""The class view: recent threads across lessons; coaches see unanswered threads first."""

import datetime as dt

from django.utils import timezone

from community.discussions.models import Thread
from community.discussions.services import post_mark_answer, post_reply, thread_create


def test_students_see_released_lessons_coaches_see_unanswered_first(client, school):
    now = timezone.now()
    answered = thread_create(
        author=school.users["student"], cohort=school.current, lesson=school.lesson1,
        title="Answered one", body="Q",
    )  # fmt: skip
    reply = post_reply(author=school.users["classmate"], thread=answered, body="A")
    post_mark_answer(moderator=school.users["coach"], post=reply)
    thread_create(
        author=school.users["student"], cohort=school.current, lesson=school.lesson1,
        title="Open one", body="Q2",
    )  # fmt: skip
    # A coach's thread on week 2, not released for the class yet.
    thread_create(
        author=school.users["coach"], cohort=school.current, lesson=school.lesson2,
        title="Week two preview", body="Soon",
    )  # fmt: skip
    Thread.objects.filter(title="Answered one").update(last_activity_at=now + dt.timedelta(1))
    url = f"/discussions/classes/{school.current.pk}/"

    client.force_login(school.users["student"])
    html = client.get(url).content.decode()
    assert "Answered one" in html and "Open one" in html and "Week two preview" not in html
    assert html.index("Answered one") < html.index("Open one")  # most recent first

    client.force_login(school.users["coach"])
    html = client.get(url).content.decode()
    assert "Week two preview" in html
    assert html.index("Open one") < html.index("Answered one")  # unanswered first

    for who in ("other_class", "refunded"):
        client.force_login(school.users[who])
        assert client.get(url).status_code == 403
