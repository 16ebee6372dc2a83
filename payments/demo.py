"""The demo school's prices, group pricing and the ``APRIL17`` discount code.

Idempotent like every demo step (``cms/demo.py``): prices are found by (class, tier), bands
by their first seat count, the code by its text; nothing that exists is changed, so a second
run reports "kept" for everything.

The design's example code is ``APRIL17``, "$100 off the April class". The demo classes are
dated relative to the day the demo is loaded (``courses/demo.py``), so there may be no April
class; the code keeps its name and is bound to the first demo class still open for
enrollment, which its description says. Like any code without an end date, it stops working
when enrollment in that class closes.

Two workshops hang under a "Workshops" page below the home page: "Creating Effective MVPs"
(in person, 20 tickets) and an online one, dated a few weeks after the demo is loaded.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable

from django.utils import timezone

from cms.models import Coach, HomePage
from courses.models import Cohort, EnrollmentTier
from payments.models import (
    CohortPrice,
    DiscountCode,
    GroupPriceBand,
    WorkshopIndexPage,
    WorkshopPage,
)

Report = Callable[[str], None]

DEMO_COHORT_SLUGS = ("demo-current-class", "demo-next-class", "demo-class-after-next")
DEMO_PRICES = {
    EnrollmentTier.STANDARD: (
        150_000,
        "Ten weekly modules with videos, readings and exercises\nYour class's discussion",
    ),
    EnrollmentTier.EXECUTIVE: (
        250_000,
        "Everything in Standard\nFour 1:1 sessions with a coach\nExecutive peer circle",
    ),
}
DEMO_BANDS = ((5, 9, 10), (10, 19, 15), (20, None, 20))
DEMO_CODE = "APRIL17"
DEMO_CODE_AMOUNT = 10_000  # $100.00


def seed_payments(report: Report) -> None:
    cohorts = list(Cohort.objects.filter(slug__in=DEMO_COHORT_SLUGS).order_by("start_date"))
    if not cohorts:
        report("skipped prices: the demo classes do not exist yet (the 'curriculum' step)")
        return
    created = 0
    for cohort in cohorts:
        for tier, (amount, perks) in DEMO_PRICES.items():
            _, made = CohortPrice.objects.get_or_create(
                cohort=cohort,
                tier=tier,
                defaults={"unit_amount": amount, "currency": "usd", "perks": perks},
            )
            created += made
    report(f"created {created} prices" if created else "kept every price")
    made_bands = 0
    for min_seats, max_seats, percent in DEMO_BANDS:
        _, made = GroupPriceBand.objects.get_or_create(
            min_seats=min_seats, defaults={"max_seats": max_seats, "percent_off": percent}
        )
        made_bands += made
    report(f"created {made_bands} group pricing bands" if made_bands else "kept the group bands")
    _seed_code(cohorts, report)
    seed_workshops(report)


def _seed_code(cohorts: list[Cohort], report: Report) -> None:
    if DiscountCode.objects.filter(code=DEMO_CODE).exists():
        report(f"kept discount code {DEMO_CODE}")
        return
    now = timezone.now()
    open_cohorts = [
        c for c in cohorts if c.start_date > now.date() and c.is_open_for_enrollment(now)
    ]
    target = (open_cohorts or cohorts)[-1 if not open_cohorts else 0]
    code = DiscountCode.objects.create(
        code=DEMO_CODE,
        description=f"Demo: $100 off {target.name} (the first open demo class), once per "
        "customer, until its enrollment closes.",
        amount_off=DEMO_CODE_AMOUNT,
        currency="usd",
        max_redemptions=100,
        once_per_customer=True,
    )
    code.cohorts.set([target])
    report(f"created discount code {DEMO_CODE}: $100 off {target.name}")


DEMO_WORKSHOPS = (
    {
        "title": "Creating Effective MVPs",
        "slug": "creating-effective-mvps",
        "days_ahead": 24,
        "time_zone": "America/New_York",
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
