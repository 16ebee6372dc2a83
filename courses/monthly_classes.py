"""Monthly classes from a template: a start rule ("first Monday of the month"), then a plan of
the classes the next months would get, then the classes themselves.

Staff preview the plan before anything is written (``monthly_class_plan`` reads only), and
``monthly_classes_create`` writes what the plan marks as new. A class that already exists
(same course and start date, or the slug is taken) is skipped, so running the same template
twice makes nothing twice. Prices are not a courses concern: the admin view in
``payments.class_generator`` wraps this service and prices the classes it returns in the same
transaction.
"""

import calendar
import string
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.text import slugify

from courses.models import Cohort, CoursePage

LAST = -1
ORDINAL_LABELS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", LAST: "Last"}
PATTERN_FIELDS = ("month", "month_short", "month_number", "year")


class PatternError(ValueError):
    """A name or slug pattern names a field we do not fill, or is not a valid pattern."""


def nth_weekday_of_month(*, year: int, month: int, ordinal: int, weekday: int) -> date:
    """The ``ordinal``-th ``weekday`` (Monday is 0) of the month; ``ordinal`` -1 is the last.

    Ordinals stop at 4 because every month has at least four of each weekday, so the rule
    gives a date in every month.
    """
    if ordinal not in ORDINAL_LABELS:
        raise ValueError(f"ordinal must be 1-4 or -1, not {ordinal!r}")
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday!r}")
    days_in_month = calendar.monthrange(year, month)[1]
    if ordinal == LAST:
        last = date(year, month, days_in_month)
        return last.replace(day=days_in_month - (last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first.replace(day=1 + (weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def monthly_start_dates(*, ordinal: int, weekday: int, months: int, after: date) -> list[date]:
    """The rule's dates for ``months`` months, starting with the first one after ``after``.

    The current month counts only if its date is still ahead: on 20 March, "first Monday"
    starts with April.
    """
    dates: list[date] = []
    year, month = after.year, after.month
    while len(dates) < months:
        day = nth_weekday_of_month(year=year, month=month, ordinal=ordinal, weekday=weekday)
        if day > after:
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def pattern_fill(pattern: str, day: date) -> str:
    """Fill ``{month}`` (May), ``{month_short}`` (May, Jun), ``{month_number}`` (05) and
    ``{year}`` (2027) from the class's start date."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as error:
        raise PatternError(f"{pattern!r} is not a valid pattern: {error}.") from error
    unknown = sorted({name for name in names if name not in PATTERN_FIELDS})
    if unknown:
        allowed = ", ".join("{" + field + "}" for field in PATTERN_FIELDS)
        raise PatternError(
            f"Unknown field {', '.join('{' + n + '}' for n in unknown)}: use {allowed}."
        )
    return pattern.format(
        month=calendar.month_name[day.month],
        month_short=calendar.month_abbr[day.month],
        month_number=f"{day.month:02d}",
        year=day.year,
    )


@dataclass(frozen=True)
class MonthlyTemplate:
    """What every generated class shares; the start date, name and slug vary by month."""

    course: CoursePage
    ordinal: int
    weekday: int
    months: int
    timezone: str
    release_hour: int
    capacity: int
    name_pattern: str
    slug_pattern: str


@dataclass(frozen=True)
class PlannedClass:
    start_date: date
    name: str
    slug: str
    skipped_because: str = ""  # empty when the class would be created

    @property
    def is_new(self) -> bool:
        return not self.skipped_because


def monthly_class_plan(*, template: MonthlyTemplate, after: date) -> list[PlannedClass]:
    """The classes the template would make after ``after``, each marked new or skipped.

    Reads only. Raises ``PatternError`` for a bad pattern, or when the slug pattern gives two
    months the same slug (it must vary by month, e.g. ``{month}-{year}``).
    """
    dates = monthly_start_dates(
        ordinal=template.ordinal, weekday=template.weekday, months=template.months, after=after
    )
    rows = [
        (day, pattern_fill(template.name_pattern, day).strip(), _slug(template.slug_pattern, day))
        for day in dates
    ]
    slugs = [slug for _, _, slug in rows]
    if len(set(slugs)) != len(slugs):
        raise PatternError(
            "The slug pattern gives several months the same slug: include {month} or "
            "{month_number}, and {year}."
        )
    taken_dates = set(
        Cohort.objects.filter(course=template.course, start_date__in=dates).values_list(
            "start_date", flat=True
        )
    )
    taken_slugs = set(Cohort.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    plan = []
    for day, name, slug in rows:
        reason = ""
        if day in taken_dates:
            reason = "this course already has a class starting that day"
        elif slug in taken_slugs:
            reason = f"the slug '{slug}' is taken by another class"
        plan.append(PlannedClass(start_date=day, name=name, slug=slug, skipped_because=reason))
    return plan


def _slug(pattern: str, day: date) -> str:
    slug = slugify(pattern_fill(pattern, day))
    if not slug:
        raise PatternError("The slug pattern gives an empty slug: use letters, digits, dashes.")
    if len(slug) > Cohort._meta.get_field("slug").max_length:
        raise PatternError("The slug pattern gives a slug longer than 120 characters.")
    return slug


def monthly_classes_create(*, template: MonthlyTemplate, after: date) -> list[Cohort]:
    """Create the plan's new classes, all or none; returns them in date order.

    The plan is made again inside the transaction, under a lock on the course's row, so a
    class added since the preview is skipped rather than duplicated: two staff creating at
    once for one course take turns, and the second one's plan sees the first one's classes
    (even with a different slug pattern, which the slug constraint alone would not catch).
    A slug taken by another course's class at the same moment still fails the unique
    constraint, and the whole batch rolls back.
    """
    with transaction.atomic():
        list(CoursePage.objects.select_for_update().filter(pk=template.course.pk).values("pk"))
        plan = monthly_class_plan(template=template, after=after)
        cohorts = []
        for row in plan:
            if not row.is_new:
                continue
            cohort = Cohort(
                course=template.course,
                name=row.name,
                slug=row.slug,
                start_date=row.start_date,
                timezone=template.timezone,
                release_hour=template.release_hour,
                capacity=template.capacity,
            )
            cohort.full_clean()
            cohort.save()
            cohorts.append(cohort)
        return cohorts
