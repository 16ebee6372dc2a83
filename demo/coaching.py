"""Demo coaching: the demo coach account linked to the first coach profile and leading the
current class, and the demo student's Kata journal for the released weeks with feedback.

Idempotent like every demo step: the coach link and assignment are made once, and journal
entries are only written for weeks the student has none for yet.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from cms.models import Coach
from coaching.models import JournalEntry
from coaching.services import journal_feedback_give, journal_submit
from courses.models import CoachRole, CohortCoach, Enrollment, EnrollmentStatus, WeekRelease

Report = Callable[[str], None]

DEMO_COACH_EMAIL = "coach@institute.test"
DEMO_STUDENT_EMAIL = "student@institute.test"
CURRENT_CLASS_SLUG = "demo-current-class"

# In our own words: a student working on activation, coached through three weeks.
JOURNAL = {
    1: {
        "values": {
            "challenge": "Make new teams reach their first shared roadmap within a week.",
            "target_condition": "By Friday, 3 of the 5 teams who signed up this week have "
            "published a roadmap.",
            "current_condition": "1 team in 5 publishes a roadmap in its first week.",
            "obstacle": "Teams do not know which template to start from.",
            "next_step": "Call two teams who signed up on Monday and watch them start.",
            "expected": "They stop at the template picker.",
            "learned": "They stopped earlier: at inviting their colleagues.",
        },
        "feedback": [
            (
                "accepted",
                "Good first experiment: small, quick, and you learned something you did not "
                "expect. Keep the invite step in view next week.",
            )
        ],
    },
    2: {
        "values": {
            "challenge": "Make new teams reach their first shared roadmap within a week.",
            "target_condition": "Half of new teams invite a colleague on day one.",
            "current_condition": "20% invite someone on day one.",
            "obstacle": "The invite button is hidden in settings.",
            "next_step": "Show the invite prompt right after sign-up to 50% of new teams.",
            "expected": "Day-one invites double.",
            "learned": "",
        },
        "feedback": [
            (
                "revise",
                "What will you look at to know it worked, and when? Write the expected number "
                "and the date you will check it.",
            )
        ],
    },
    3: {
        "values": {
            "challenge": "Make new teams reach their first shared roadmap within a week.",
            "target_condition": "Half of new teams invite a colleague on day one.",
            "current_condition": "31% invite someone on day one with the prompt, 19% without.",
            "obstacle": "Invited colleagues land on an empty page.",
            "next_step": "Give invited colleagues a sample roadmap to comment on.",
            "expected": "More invited colleagues come back on day two.",
            "learned": "",
        },
        "feedback": [],
    },
}


def seed_coaching(report: Report) -> None:
    User = get_user_model()
    coach_user = User.objects.filter(email=DEMO_COACH_EMAIL).first()
    enrollment = (
        Enrollment.objects.filter(
            user__email=DEMO_STUDENT_EMAIL,
            cohort__slug=CURRENT_CLASS_SLUG,
            status=EnrollmentStatus.ACTIVE,
        )
        .select_related("cohort")
        .first()
    )
    profile = Coach.objects.filter(user__isnull=True).order_by("sort_order", "pk").first()
    profile = Coach.objects.filter(user=coach_user).first() or profile
    if coach_user is None or enrollment is None or profile is None:
        report("skipped coaching: the coach account, demo student or a coach profile is missing")
        return
    if profile.user_id is None:
        profile.user = coach_user
        profile.save(update_fields=["user"])
        report(f"linked coach profile {profile.name} to {coach_user.email}")
    _, created = CohortCoach.objects.get_or_create(
        cohort=enrollment.cohort, coach=profile, defaults={"role": CoachRole.LEAD}
    )
    if created:
        report(f"{profile.name} leads {enrollment.cohort.name}")
    released = set(
        WeekRelease.objects.filter(cohort=enrollment.cohort).values_list("week_number", flat=True)
    )
    for week, plan in JOURNAL.items():
        if week not in released:
            continue
        if JournalEntry.objects.filter(
            user_id=enrollment.user_id, course_id=enrollment.cohort.course_id, week_number=week
        ).exists():
            continue
        iteration = journal_submit(enrollment=enrollment, week_number=week, values=plan["values"])
        for verdict, text in plan["feedback"]:
            journal_feedback_give(
                coach=coach_user, iteration=iteration, verdict=verdict, feedback=text
            )
        report(f"wrote the demo student's week {week} Kata entry")
