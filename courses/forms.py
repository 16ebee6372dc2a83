"""Admin forms: transcript uploads validated on arrival, enrollments and releases via services."""

from pathlib import PurePosixPath

from django import forms
from django.contrib.auth import get_user_model

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.forms import BaseDocumentForm

from courses.blocks import MAX_TRANSCRIPT_BYTES, TRANSCRIPT_EXTENSIONS
from courses.models import (
    WEEKS_PER_COURSE,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    WeekRelease,
)
from courses.transcripts import TranscriptError, parse_transcript


class LessonDocumentForm(BaseDocumentForm):
    """Wagtail's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) that refuses a broken
    transcript at upload, naming the wrong line, before anything is stored."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        name = getattr(upload, "name", "") or ""
        is_new_upload = hasattr(upload, "content_type") or "file" in self.changed_data
        if upload and is_new_upload and PurePosixPath(name).suffix.lower() in TRANSCRIPT_EXTENSIONS:
            upload.seek(0)
            data = upload.read(MAX_TRANSCRIPT_BYTES + 1)
            upload.seek(0)
            if len(data) > MAX_TRANSCRIPT_BYTES:
                raise forms.ValidationError("The transcript is larger than 2 MB.")
            try:
                parse_transcript(data, name)
            except TranscriptError as error:
                raise forms.ValidationError(
                    f"This transcript cannot be used. {error} Nothing was saved."
                ) from None
        return upload


class EnrollmentCreateForm(WagtailAdminModelForm):
    """Staff add a student to a class by email; saving goes through ``enrollment_create``."""

    email = forms.EmailField(
        max_length=254, help_text="The email address the student signs in with."
    )
    ignore_capacity = forms.BooleanField(
        required=False, help_text="Add the student even if the class is full."
    )

    class Meta:
        model = Enrollment
        fields = ["cohort", "tier", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].initial = EnrollmentSource.STAFF
        self.order_fields(["email", "cohort", "tier", "source", "ignore_capacity"])

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                f"No account uses {email}. Ask the student to sign up first, then add them."
            )
        self.cleaned_data["user"] = user
        return email


class EnrollmentEditForm(WagtailAdminModelForm):
    """Tier may change; status only from active to "access ended by staff" (through
    ``enrollment_revoke``). Ending access here moves no money: a refund is made on the order,
    in Payments > Orders, which ends the place itself."""

    status = forms.ChoiceField(
        choices=[
            (EnrollmentStatus.ACTIVE, EnrollmentStatus.ACTIVE.label),
            (EnrollmentStatus.ENDED_BY_STAFF, EnrollmentStatus.ENDED_BY_STAFF.label),
        ],
        help_text="Ending access refunds nothing: refund the order in Payments > Orders.",
    )

    class Meta:
        model = Enrollment
        fields = ["tier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        self.fields["status"].initial = current
        if current not in (EnrollmentStatus.ACTIVE, EnrollmentStatus.ENDED_BY_STAFF):
            self.fields["status"].choices = [(current, EnrollmentStatus(current).label)]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.status != EnrollmentStatus.ACTIVE and status != self.instance.status:
            raise forms.ValidationError(
                "An ended enrollment cannot be reopened; add a new enrollment instead."
            )
        return status


class WeekReleaseForm(WagtailAdminModelForm):
    """'Release now': opens a week for a class at once (``week_release_create``)."""

    week_number = forms.TypedChoiceField(
        coerce=int, choices=[(n, f"Week {n}") for n in range(1, WEEKS_PER_COURSE + 1)]
    )

    class Meta:
        model = WeekRelease
        fields = ["cohort", "week_number"]

    def clean(self):
        cleaned_data = super().clean()
        cohort, week = cleaned_data.get("cohort"), cleaned_data.get("week_number")
        if cohort and week and self.instance.pk is None:
            existing = WeekRelease.objects.filter(cohort=cohort, week_number=week).first()
            if existing is not None:
                self.add_error(
                    "week_number",
                    f"Week {week} is already released for {cohort} "
                    f"(since {existing.released_at:%Y-%m-%d %H:%M} UTC).",
                )
        return cleaned_data

    def validate_unique(self):
        """The service owns the uniqueness conflict (idempotent release), not the form."""
