"""The demo school that ``seed_demo`` loads: accounts, the home page, and every step in order.

Every step is idempotent: it looks the thing up by a natural key and creates it only when
missing, so running the command twice changes nothing the second time. A new app seeds its
demo data in a module of this package and adds a step to ``DEMO_STEPS``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Page, Site

from cms.models import HomePage, User
from demo.circle import seed_circle
from demo.coaching import seed_coaching
from demo.company_orders import seed_company_orders
from demo.curriculum import seed_curriculum
from demo.discussions import seed_discussions
from demo.editorial import seed_editorial
from demo.feedback import seed_feedback
from demo.first_hour import seed_first_hour
from demo.lesson_search import seed_lesson_search
from demo.live_sessions import seed_live_sessions
from demo.meetups import seed_meetups
from demo.one_to_one import seed_one_to_one
from demo.prices import seed_payments
from demo.surveys import seed_surveys
from demo.teams import seed_team
from demo.workshops import seed_workshops

Report = Callable[[str], None]


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    first_name: str
    last_name: str
    groups: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False
    job_title: str = ""


DEMO_ACCOUNTS = (
    DemoAccount("student", "student@institute.test", "learn-products-2026", "Sam", "Student"),
    DemoAccount(
        "executive",
        "executive@institute.test",
        "lead-products-2026",
        "Erin",
        "Executive",
        job_title="VP of Product",
    ),
    DemoAccount(
        "exec. student",
        "exec.student@institute.test",
        "coach-me-2026",
        "Vera",
        "Vance",
        job_title="Director of Product",
    ),
    DemoAccount(
        "coach",
        "coach@institute.test",
        "coach-products-2026",
        "Cora",
        "Coach",
        groups=("Coaches",),
    ),
    DemoAccount(
        "editor",
        "editor@institute.test",
        "write-products-2026",
        "Eddie",
        "Editor",
        groups=("Editors",),
        is_staff=True,
    ),
    DemoAccount(
        "moderator",
        "moderator@institute.test",
        "approve-products-2026",
        "Mo",
        "Moderator",
        groups=("Moderators",),
        is_staff=True,
    ),
    DemoAccount(
        "admin",
        "admin@institute.test",
        "run-the-school-2026",
        "Ada",
        "Admin",
        is_staff=True,
        is_superuser=True,
    ),
)


def seed_accounts(report: Report) -> None:
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "is_staff": account.is_staff,
                "is_superuser": account.is_superuser,
                "job_title": account.job_title,
            },
        )
        if created:
            user.set_password(account.password)
            user.save(update_fields=["password"])
        for name in account.groups:
            group, _ = Group.objects.get_or_create(name=name)
            user.groups.add(group)
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        report(f"{'created' if created else 'kept'} {account.role} account {account.email}")


def seed_home_page(report: Report) -> HomePage:
    """Make a ``HomePage`` the root of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Institute",
            slug="home-page",
            hero_heading="Become the product manager your team needs",
            hero_text=(
                "A ten-week, cohort-based course in modern product management: outcomes over "
                "output, experiments over opinions, and a class of peers who learn it with you."
            ),
            hero_cta_label="See the curriculum",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        report("created the home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Institute",
        )
        report("created the default site")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Institute"
        site.save()
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder
        report("pointed the default site at the home page")
    return home


DEMO_STEPS: list[tuple[str, Callable[[Report], object]]] = [
    ("accounts", seed_accounts),
    ("home page", seed_home_page),
    ("editorial", seed_editorial),
    ("curriculum", seed_curriculum),
    ("lesson search", seed_lesson_search),
    ("payments", seed_payments),
    ("workshops", seed_workshops),
    ("teams", seed_team),
    ("company orders", seed_company_orders),
    ("first hour", seed_first_hour),
    ("meetups", seed_meetups),
    ("coaching", seed_coaching),
    ("live sessions", seed_live_sessions),
    ("discussions", seed_discussions),
    ("lesson feedback", seed_feedback),
    ("1:1 coaching", seed_one_to_one),
    ("executive circle", seed_circle),
    ("surveys", seed_surveys),
]


def seed_demo(report: Report) -> None:
    for name, step in DEMO_STEPS:
        report(f"-- {name}")
        with transaction.atomic():
            step(report)
