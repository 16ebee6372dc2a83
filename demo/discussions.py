"""Demo discussions: the class that started three weeks ago talks about weeks 1-3.

Threads on the first lesson of each released week, written in our own words, some anchored to
a moment of the lesson video, one with a coach's answer. The coach account
(``coach@institute.test``) is linked to the first coach profile and assigned to the class.
Idempotent like every demo step: a thread is found by its class, lesson and title.
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from cms.models import Coach, User
from community.discussions.models import Post, Thread, ThreadFollow
from courses.models import Cohort, CohortCoach, Enrollment, LessonPage, WeekPage

Report = Callable[[str], None]

CLASSMATES = (
    ("priya@institute.test", "Priya", "Raman"),
    ("tomas@institute.test", "Tomás", "Ferreira"),
)

# (week, title, opening post, moment in seconds or None, replies: (author, text, moment), answer)
THREADS = (
    (
        1,
        "Is a PM the CEO of the product?",
        "The video says no, but my manager uses that phrase all the time. Where does the "
        "analogy break for you?",
        95.0,
        [
            (
                "priya",
                "It breaks at *authority*: a CEO can order people around, we have to "
                "persuade them with evidence.",
                None,
            ),
            (
                "coach",
                "Good instinct. Keep the ownership part of the phrase and drop the command "
                "part: you own the outcome, the team owns how it is built.",
                None,
            ),
        ],
        2,  # the coach's reply
    ),
    (
        1,
        "My first week's job inventory",
        "I listed everything I did last week. About half of it was status reporting. Anyone else?",
        None,
        [
            (
                "tomas",
                "Same here. I'm going to try replacing the weekly status email with a shared "
                "board and see who complains.",
                None,
            )
        ],
        None,
    ),
    (
        2,
        "Outcome or output: 'ship the new onboarding'",
        "Around this moment the lesson turns an output into an outcome. My attempt: *new users "
        "finish setup in one sitting*. Too vague?",
        192.0,
        [("priya", "Add a number and a date: `70% within 10 minutes by March`.", 200.0)],
        None,
    ),
    (
        3,
        "Interview questions that don't lead",
        "Collecting the questions that worked for us this week:\n\n- Tell me about the last "
        "time you...\n- What did you try before?\n- What happened next?",
        48.0,
        [("tomas", '"What did you try before?" got me the best answers by far.', None)],
        None,
    ),
)


def _user(email: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last,
                  "date_joined": timezone.now() - dt.timedelta(days=60)},
    )  # fmt: skip
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _class_three_weeks_in() -> Cohort | None:
    today = timezone.now().date()
    return (
        Cohort.objects.filter(start_date__lte=today, releases__week_number=3)
        .order_by("-start_date")
        .first()
    )


def _first_lesson(cohort: Cohort, week_number: int) -> LessonPage | None:
    week = WeekPage.objects.child_of(cohort.course).filter(number=week_number).first()
    return LessonPage.objects.child_of(week).live().order_by("path").first() if week else None


def seed_discussions(report: Report) -> None:
    cohort = _class_three_weeks_in()
    coach_user = User.objects.filter(email="coach@institute.test").first()
    student = User.objects.filter(email="student@institute.test").first()
    if cohort is None or coach_user is None or student is None:
        report("skipped discussions: no class three weeks in, or no demo student/coach")
        return
    coach = (
        Coach.objects.filter(user=coach_user).first()
        or Coach.objects.filter(user__isnull=True).order_by("sort_order", "pk").first()
    )
    if coach is not None:
        if coach.user_id is None:
            coach.user = coach_user
            coach.save(update_fields=["user"])
        CohortCoach.objects.get_or_create(cohort=cohort, coach=coach)
    people = {"student": student, "coach": coach_user}
    for email, first, last in CLASSMATES:
        person = _user(email, first, last)
        Enrollment.objects.get_or_create(
            user=person, cohort=cohort, defaults={"source": "staff", "status": "active"}
        )
        people[first.lower().replace("á", "a")] = person
    now = timezone.now()
    for index, (week, title, body, moment, replies, answer) in enumerate(THREADS):
        lesson = _first_lesson(cohort, week)
        if (
            lesson is None
            or Thread.objects.filter(cohort=cohort, lesson=lesson, title=title).exists()
        ):
            continue
        started = now - dt.timedelta(days=20 - 7 * (week - 1), hours=index)
        thread = Thread.objects.create(
            cohort=cohort, lesson=lesson, author=student, title=title, from_prompt=index == 0,
            created_at=started, last_activity_at=started + dt.timedelta(hours=len(replies)),
            reply_count=len(replies), answered=answer is not None,
        )  # fmt: skip
        opening = Post.objects.create(
            thread=thread, author=student, body=body, moment=moment, created_at=started
        )
        ThreadFollow.objects.get_or_create(thread=thread, user=student)
        for number, (who, text, at) in enumerate(replies, start=1):
            Post.objects.create(
                thread=thread, author=people[who], body=text, moment=at, reply_to=opening,
                is_answer=answer == number, created_at=started + dt.timedelta(hours=number),
            )  # fmt: skip
        report(f"created thread {title!r} in {cohort.name}, week {week}")
