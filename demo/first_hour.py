"""What a newcomer sees first in the demo: the home page's quote (the sections that sell the
course come from the curriculum, coaches, prices and spotlights the other steps seed), and
true facts in databases seeded by an earlier demo."""

import datetime as dt
import zoneinfo
from collections.abc import Callable

from django.utils import timezone

from cms.models import HomePage

Report = Callable[[str], None]

# Priya Raman's words, from her spotlight (demo/editorial_content.py).
HOME_QUOTE = (
    "My sprints were on time and I still could not say whether customers were better off. "
    "Ten weeks later my team measures what changed for them, not what we shipped."
)
HOME_QUOTE_BY = "Priya Raman, senior product owner, March 2026 class"


def seed_first_hour(report: Report) -> None:
    seed_home_quote(report)
    seed_demo_truths(report)


def seed_home_quote(report: Report) -> None:
    """Give the home page a graduate's quote, unless an editor already chose one."""
    home = HomePage.objects.first()
    if home is None or home.quote:
        report("kept the home page quote")
        return
    home.quote, home.quote_attribution = HOME_QUOTE, HOME_QUOTE_BY
    home.save_revision().publish()
    report("added a quote to the home page")


# Questions an earlier demo asked twice (the course's FAQ asks them in its own words).
RETIRED_FAQ_QUESTIONS = (
    "How much time does the course take each week?",
    "What do I get when I finish?",
    "When does the next class start?",
    "Do you offer discounts?",
    "How do I enrol my whole team?",
)


def seed_demo_truths(report: Report) -> None:
    """Correct what an earlier demo database got wrong: the San Francisco workshop listed in
    New York's time, and FAQ entries asking the same thing twice."""
    from cms.models import FAQEntry
    from payments.models import WorkshopPage

    moved = (
        WorkshopPage.objects.filter(
            slug="creating-effective-mvps",
            venue__contains="San Francisco",
            time_zone="America/New_York",
        )
        .exclude(time_zone="America/Los_Angeles")
        .first()
    )
    if moved is not None:
        day = timezone.localtime(moved.starts_at, moved.tz).date()
        zone = zoneinfo.ZoneInfo("America/Los_Angeles")
        moved.time_zone = "America/Los_Angeles"
        moved.starts_at = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
        moved.ends_at = dt.datetime.combine(day, dt.time(17), tzinfo=zone)
        moved.save_revision().publish()
        report("moved the San Francisco workshop to San Francisco's time")
    deleted, _ = FAQEntry.objects.filter(question__in=RETIRED_FAQ_QUESTIONS).delete()
    if deleted:
        report(f"removed {deleted} FAQ entries that repeated another")
