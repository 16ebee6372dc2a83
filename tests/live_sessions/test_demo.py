"""The demo gives every class a weekly Q&A series the demo student sees; seeding twice adds
nothing."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from cms.models import User
from coaching.sessions.models import LiveSession
from coaching.sessions.selectors import session_rows_for_user
from courses.models import WEEKS_PER_COURSE, Cohort

pytestmark = pytest.mark.django_db


def test_every_demo_class_has_a_weekly_series_and_seeding_again_adds_none():
    call_command("seed_demo", stdout=StringIO())
    cohorts = list(Cohort.objects.all())
    assert cohorts
    for cohort in cohorts:
        sessions = list(LiveSession.objects.filter(cohort=cohort))
        assert len(sessions) == WEEKS_PER_COURSE
        assert {s.local_starts_at.strftime("%a %H:%M") for s in sessions} == {
            sessions[0].local_starts_at.strftime("%a %H:%M")
        }
    count = LiveSession.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert LiveSession.objects.count() == count
    student = User.objects.get(email="student@institute.test")
    assert session_rows_for_user(user=student, now=timezone.now())
