"""The demo workshops: a "Workshops" page below the home page and two workshops under it.

"Creating Effective MVPs" (in person, 20 tickets) and an online one, dated a few weeks after
the demo is loaded. Idempotent like every demo step (``demo/school.py``): pages are found by
slug under their parent.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable

from django.utils import timezone

from cms.models import Coach, HomePage
from payments.models import WorkshopIndexPage, WorkshopPage

Report = Callable[[str], None]

DEMO_WORKSHOPS = (
    {
        "title": "Creating Effective MVPs",
        "slug": "creating-effective-mvps",
        "days_ahead": 24,
        "time_zone": "America/Los_Angeles",  # the venue is in San Francisco
        "hours": (9, 17),
        "capacity": 20,
        "unit_amount": 60_000,
        "summary": "One day to turn a risky idea into the smallest test that tells you "
        "whether to build it.",
        "what_you_learn": "<ul><li>Name the riskiest assumption behind an idea</li>"
        "<li>Pick the cheapest experiment that can prove it wrong: a landing page, a "
        "concierge service, a fake door</li><li>Set the result that would change your mind "
        "before you run the test</li><li>Read the results without fooling yourself</li></ul>",
        "who_should_attend": "<p>Product managers, founders and designers who are about to "
        "commit a team to something new, and want evidence first.</p>",
        "venue": "Institute studio\n120 Market Street, 4th floor\nSan Francisco, CA",
        "online_url": "",
    },
    {
        "title": "Roadmaps Without Dates",
        "slug": "roadmaps-without-dates",
        "days_ahead": 38,
        "time_zone": "Europe/London",
        "hours": (10, 16),
        "capacity": 40,
        "unit_amount": 45_000,
        "summary": "An online day on roadmaps that promise outcomes instead of deadlines.",
        "what_you_learn": "<ul><li>Write a now / next / later roadmap around problems</li>"
        '<li>Answer "when will it ship?" honestly</li><li>Review the roadmap with '
        "leadership every quarter</li></ul>",
        "who_should_attend": "<p>Product leads who present a roadmap to executives or "
        "customers.</p>",
        "venue": "",
        "online_url": "https://meet.example.com/institute-roadmaps",
    },
)


def seed_workshops(report: Report) -> None:
    """The "Workshops" page and the demo workshops, found by slug (idempotent)."""
    home = HomePage.objects.first()
    if home is None:
        report("skipped workshops: there is no home page yet")
        return
    index = WorkshopIndexPage.objects.child_of(home).first()
    if index is None:
        index = WorkshopIndexPage(
            title="Workshops",
            slug="workshops",
            intro="<p>Full-day, hands-on workshops with a coach. Each has a handful of "
            "tickets.</p>",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        report("created the Workshops page")
    coach = Coach.objects.order_by("sort_order", "pk").first()
    created = 0
    today = timezone.localdate()
    for data in DEMO_WORKSHOPS:
        if WorkshopPage.objects.child_of(index).filter(slug=data["slug"]).exists():
            continue
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        day = today + dt.timedelta(days=data["days_ahead"])
        start, end = data["hours"]
        workshop = WorkshopPage(
            title=data["title"],
            slug=data["slug"],
            starts_at=dt.datetime.combine(day, dt.time(start), tzinfo=zone),
            ends_at=dt.datetime.combine(day, dt.time(end), tzinfo=zone),
            time_zone=data["time_zone"],
            capacity=data["capacity"],
            unit_amount=data["unit_amount"],
            currency="usd",
            summary=data["summary"],
            what_you_learn=data["what_you_learn"],
            who_should_attend=data["who_should_attend"],
            instructor=coach,
            venue=data["venue"],
            online_url=data["online_url"],
        )
        index.add_child(instance=workshop)
        workshop.save_revision().publish()
        created += 1
    report(f"created {created} workshops" if created else "kept the workshops")
