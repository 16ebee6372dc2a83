"""Certificates: issued when a student completes the course, revoked with the enrollment.

Completing means marking done at least ``CompletionRule.minimum_percent`` of the course's live
lessons (100% when editors set no rule). One certificate per enrollment (unique), with a
random public code for ``/certificates/<code>/``; the PDF is drawn with fpdf2
(https://py-pdf.github.io/fpdf2/).
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF

from django.conf import settings
from django.db import IntegrityError, transaction

from cms.models import SpotlightPage
from cms.page_cache import page_cache_dependent_ids, page_cache_purge
from courses.models import (
    Certificate,
    CertificateStatus,
    CompletionRule,
    Enrollment,
    LessonPage,
    LessonProgress,
)


def course_completion_percent(*, enrollment: Enrollment) -> tuple[int, int, int]:
    """``(done, total, minimum_percent)`` for the enrollment's course (3 queries)."""
    course = enrollment.cohort.course
    lesson_ids = LessonPage.objects.live().descendant_of(course).values("pk")
    total = lesson_ids.count()
    done = LessonProgress.objects.filter(enrollment=enrollment, lesson_id__in=lesson_ids).count()
    rule = CompletionRule.objects.filter(course=course).values_list("minimum_percent", flat=True)
    return done, total, (rule.first() or 100)


def certificate_issue_if_complete(*, enrollment: Enrollment, now: datetime) -> Certificate | None:
    """Issue the certificate once the completion rule is met; idempotent (unique per
    enrollment). Returns the certificate, or None while the course is not complete."""
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    done, total, minimum = course_completion_percent(enrollment=enrollment)
    if not total or 100 * done < minimum * total:
        return None
    user = enrollment.user
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                enrollment=enrollment,
                # Never the email address: without a name the certificate asks for one.
                holder_name=user.get_full_name().strip(),
                course_title=enrollment.cohort.course.title,
                cohort_name=enrollment.cohort.name,
                issued_at=now,
            )
    except IntegrityError:
        return Certificate.objects.get(enrollment=enrollment)


class CertificateNameRefused(ValueError):
    """The name cannot be set; the message says why."""


def certificate_holder_name_set(*, certificate: Certificate, user, name: str) -> Certificate:
    """The holder names a certificate issued without a name (they signed up before sign-up
    asked for one). Only the holder may, and only while it has none: a printed, verified name
    does not change under the reader. Their account gets the name too, if it has none."""
    name = " ".join(name.split())
    if certificate.enrollment.user_id != user.pk:
        raise CertificateNameRefused("Only the holder of this certificate can name it.")
    if not name:
        raise CertificateNameRefused("Enter your name as it should appear on the certificate.")
    if len(name) > Certificate._meta.get_field("holder_name").max_length:
        raise CertificateNameRefused("Enter a name of at most 255 characters.")
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, holder_name="").update(
            holder_name=name
        )
        if not updated:
            raise CertificateNameRefused("This certificate already has a name.")
        if not user.first_name and not user.last_name:
            first, _, last = name.partition(" ")
            user.first_name, user.last_name = first[:150], last[:150]
            user.save(update_fields=["first_name", "last_name"])
    certificate.refresh_from_db()
    return certificate


def certificate_revoke(*, enrollment: Enrollment, now: datetime) -> int:
    """A refund revokes the certificate; the verification page then says so, and a graduate's
    spotlight that links it stops saying "Verified certificate" (cached copies purged)."""
    revoked = Certificate.objects.filter(
        enrollment=enrollment, status=CertificateStatus.VALID
    ).update(status=CertificateStatus.REVOKED, revoked_at=now)
    if revoked:
        _spotlights_purge(enrollment=enrollment)
    return revoked


def _spotlights_purge(*, enrollment: Enrollment) -> None:
    """Spotlights show the label on their own page and on the cards that list them (the
    index and the home page): every cached copy of those goes stale on commit."""
    page_ids: set[int | str] = set()
    for spotlight in SpotlightPage.objects.filter(certificate__enrollment=enrollment):
        page_ids |= page_cache_dependent_ids(page=spotlight)
    page_cache_purge(page_ids=page_ids)


def certificate_verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + certificate.get_absolute_url()


def _latin1(text: str) -> str:
    # The core PDF fonts speak Latin-1; anything else is replaced rather than crashing.
    return text.encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(certificate: Certificate) -> bytes:
    """A one-page landscape certificate naming the holder, course, class and date.

    Callers check ``holder_name`` first: a certificate without a name is not printed."""
    if not certificate.holder_name:
        raise ValueError("A certificate without a holder name is not printed.")
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(_latin1(f"Certificate: {certificate.holder_name}"))
    pdf.set_author("Institute")
    pdf.add_page()
    pdf.set_draw_color(40, 70, 120)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("Helvetica", "B", 30)
    pdf.set_y(40)
    pdf.cell(0, 14, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 20, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 26)
    pdf.cell(0, 14, _latin1(certificate.holder_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 16, "completed", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 12, _latin1(certificate.course_title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    when = f"{certificate.cohort_name}, issued {certificate.issued_at:%d %B %Y}"
    pdf.cell(0, 12, _latin1(when), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(170)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, f"Verify: {certificate_verify_url(certificate)}", align="C")
    return bytes(pdf.output())
