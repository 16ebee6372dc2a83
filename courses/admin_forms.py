"""Forms of the staff moves in the admin: reschedule a cohort, transfer a student."""

from datetime import datetime

from django import forms

from wagtail.admin.widgets import AdminDateInput

from courses.capacity import cohort_seats_left
from courses.models import Cohort, Enrollment


class CohortRescheduleForm(forms.Form):
    start_date = forms.DateField(
        widget=AdminDateInput,
        help_text="Week 1 opens on this date; weeks not released yet move with it.",
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EnrollmentTransferForm(forms.Form):
    """Other cohorts of the same course that still have a seat (checked again under lock)."""

    to_cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(),
        label="Move to cohort",
        empty_label=None,
        help_text="Classes of the same course with seats left. Finished lessons move along, "
        "and weeks the student already heard about are not announced again.",
    )

    def __init__(self, *args, enrollment: Enrollment, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = list(
            Cohort.objects.filter(course_id=enrollment.cohort.course_id)
            .exclude(pk=enrollment.cohort_id)
            .order_by("start_date", "pk")
        )
        with_seats = []
        for cohort in candidates:
            cohort.seats_left = cohort_seats_left(cohort=cohort, now=now)
            if cohort.seats_left > 0:
                with_seats.append(cohort)
        field = self.fields["to_cohort"]
        field.queryset = Cohort.objects.filter(pk__in=[c.pk for c in with_seats]).order_by(
            "start_date", "pk"
        )
        seats = {cohort.pk: cohort.seats_left for cohort in with_seats}
        field.label_from_instance = lambda cohort: (
            f"{cohort.name} (starts {cohort.start_date:%d %b %Y}, "
            f"{seats.get(cohort.pk, 0)} seat(s) left)"
        )
        if not with_seats:
            field.help_text = (
                "No other cohort of this course has a seat left. Add a cohort or raise a "
                "capacity first."
            )
