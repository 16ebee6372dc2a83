"""Demo live sessions: a weekly Q&A series for each class, ten weeks from its first week.

Idempotent like every demo step: a class that already has sessions is left as it is. The
series goes through the same service staff use (``series_create``), planned as of the day
before the class starts, so classes already running get their past sessions too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from coaching.sessions.models import LiveSession, SessionKind
from coaching.sessions.services import LiveSessionError, SeriesRequest, series_create
from courses.models import WEEKS_PER_COURSE, Cohort

Report = Callable[[str], None]

QA_TIME = time(18, 0)
QA_MINUTES = 60
QA_DAY_OFFSET = 3  # the Q&A is on the fourth day of each week, when questions have piled up


def seed_live_sessions(report: Report) -> None:
    with_sessions = set(LiveSession.objects.values_list("cohort_id", flat=True).distinct())
    for cohort in Cohort.objects.exclude(pk__in=with_sessions).order_by("start_date", "pk"):
        request = SeriesRequest(
            cohort=cohort,
            title="Weekly Q&A with your coach",
            kind=SessionKind.QA,
            description="Bring the week's questions and your Kata journal; we go through "
            "them together.",
            first_date=cohort.start_date + timedelta(days=QA_DAY_OFFSET),
            start_time=QA_TIME,
            duration_minutes=QA_MINUTES,
            weeks=WEEKS_PER_COURSE,
            join_url=f"https://meet.example.com/institute-{cohort.slug}",
        )
        before = datetime.combine(cohort.start_date - timedelta(days=1), time(0), tzinfo=cohort.tz)
        try:
            sessions = series_create(request=request, now=before)
        except LiveSessionError as error:
            report(f"skipped live sessions of {cohort}: {error}")
            continue
        report(f"scheduled {len(sessions)} weekly Q&A sessions for {cohort}")
