"""The demo executive's team: five seats in the running class, its members at different
points of the course, so the team page, its CSV and the Monday digest have something to show.

Built through the real services (invitations, claiming, marking lessons done), idempotently:
a member who already has a seat, an invitation already waiting, a lesson already done are
left as they are. Members' accounts have no password (they are not demo logins).
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import Cohort
from courses.progress import enrollments_progress_load, lesson_progress_set
from engine.capacity.services import hold_place
from payments.menu import team_menu_forget
from payments.models import InvitationStatus, SeatStatus, Team, TeamInvitation, TeamSeat
from payments.teams import team_invite, team_seat_claim

Report = Callable[[str], None]

DEMO_EXECUTIVE_EMAIL = "executive@institute.test"
TEAM_CLASS_SLUG = "demo-current-class"
SEATS = 5
# (email, first name, last name, share of the open lessons done): ahead, on track, behind,
# claimed but not started.
MEMBERS = (
    ("priya@acme.test", "Priya", "Patel", 1.0),
    ("marco@acme.test", "Marco", "Rossi", 0.6),
    ("lena@acme.test", "Lena", "Novak", 0.2),
    ("tom@acme.test", "Tom", "Baker", 0.0),
)
# Invited, has not claimed yet; with four members that fills the five seats.
INVITED = ("sam.lee@acme.test",)


def seed_team(report: Report) -> Team | None:
    owner = get_user_model().objects.filter(email=DEMO_EXECUTIVE_EMAIL).first()
    cohort = Cohort.objects.filter(slug=TEAM_CLASS_SLUG).first()
    if owner is None or cohort is None:
        report("skipped the demo team: the executive account or the running class is missing")
        return None
    team = Team.objects.filter(owner=owner, cohort=cohort).first()
    if team is None:
        team = Team.objects.create(
            owner=owner,
            cohort=cohort,
            tier="executive",
            seats_total=SEATS,
            name="Acme product team",
        )
        hold_place(target=cohort, reference=team.hold_reference, places=SEATS, expires_at=None)
        team_menu_forget(owner.pk)
        report(f"created {team} with {SEATS} seats")
    now = timezone.now()
    User = get_user_model()
    for email, first, last, share in MEMBERS:
        seat = TeamSeat.objects.filter(
            team=team, user__email=email, status=SeatStatus.ACTIVE
        ).first()
        if seat is None:
            invitation = TeamInvitation.objects.filter(
                team=team, email=email, status=InvitationStatus.PENDING
            ).first() or team_invite(team=team, actor=owner, email=email)
            user, _ = User.objects.get_or_create(
                email=email, defaults={"first_name": first, "last_name": last}
            )
            if not user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            seat = team_seat_claim(invitation=invitation, user=user)
            report(f"seated {email} in {team}")
        progress = enrollments_progress_load(enrollment_ids=[seat.enrollment_id])[
            seat.enrollment_id
        ]
        open_lessons = [
            row.lesson for week in progress.weeks if week.is_released for row in week.lessons
        ]
        for lesson in open_lessons[: round(share * len(open_lessons))]:
            lesson_progress_set(user=seat.user, lesson=lesson, done=True, now=now)
    for email in INVITED:
        if not TeamInvitation.objects.filter(team=team, email=email).exists():
            team_invite(team=team, actor=owner, email=email)
            report(f"invited {email} to {team}")
    return team
