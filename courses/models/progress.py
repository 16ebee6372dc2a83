"""Student progress and certificates.

``LessonProgress`` is unique per ``(enrollment, lesson)``: marking a lesson done twice is one
row. ``Certificate`` is unique per enrollment, with a random public code for its verification
URL; revoking the enrollment (a refund) revokes it (``courses.services.enrollment_revoke``).
"""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["enrollment", "completed_at"]
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="courses_progress_once_per_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"Enrollment {self.enrollment_id} finished lesson {self.lesson_id}"


def new_certificate_code() -> str:
    return secrets.token_urlsafe(12)


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    REVOKED = "revoked", "Revoked"


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> "CertificateQuerySet":
        """Issued and not revoked: what a spotlight may link as a verified certificate."""
        return self.filter(status=CertificateStatus.VALID)


class Certificate(models.Model):
    enrollment = models.OneToOneField(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(max_length=32, unique=True, default=new_certificate_code)
    holder_name = models.CharField(max_length=255)
    course_title = models.CharField(max_length=255)
    cohort_name = models.CharField(max_length=120)
    status = models.CharField(
        max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="valid") | Q(revoked_at__isnull=False),
                name="courses_revoked_certificate_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder_name}: {self.course_title} ({self.status})"

    def get_absolute_url(self) -> str:
        """The public verification page (``certificate_verify_url`` adds the site's address)."""
        return reverse("courses_student:certificate", args=[self.code])

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


class CompletionRule(models.Model):
    """What completing a course means, set by editors; without one, every lesson."""

    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="completion_rule"
    )
    minimum_percent = models.PositiveSmallIntegerField(
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Share of the course's lessons a student must mark done for a certificate.",
    )

    def __str__(self) -> str:
        return f"{self.course}: {self.minimum_percent}% of lessons"
