"""A student's own settings and documents for an app, under ``/api/v1/me/``.

* ``GET /me/certificates/``: my certificates, each with its public page and PDF link.
* ``GET`` / ``PUT /me/notifications/``: how I hear about new weeks (``courses.preferences``),
  and the fields other apps add to the preferences (``courses.preference_fields``).
* ``GET /me/calendar/``: the address of my private iCal feed (``courses.tokens``), for a
  calendar app to subscribe to.

Thin (STYLE.md point 1): each view calls the service or selector the web pages call.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django import forms
from django.db import transaction
from django.urls import reverse

from courses.models import Certificate, NotificationMode
from courses.preference_fields import preference_fields_registered
from courses.preferences import notification_mode_get, notification_mode_set
from courses.tokens import calendar_token

TAGS = ["me"]


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField()
    course_title = serializers.CharField()
    cohort_name = serializers.CharField()
    holder_name = serializers.CharField()
    issued_at = serializers.DateTimeField()
    valid = serializers.BooleanField(source="is_valid")
    url = serializers.URLField(help_text="The public page that verifies the certificate.")
    pdf_url = serializers.URLField(allow_null=True, help_text="The PDF; null once revoked.")


class _NewWeeksPreferenceSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(
        choices=NotificationMode.choices,
        help_text="each: an email per new week; digest: one weekly email; none: no emails.",
    )


def _api_field(field: forms.Field) -> serializers.Field:
    """A registered preference form field as a JSON field (optional: left out keeps it)."""
    common = {"required": False, "help_text": str(field.help_text or field.label or "")}
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=list(field.choices), **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value, max_value=field.max_value, **common
        )
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common)
    return serializers.CharField(max_length=getattr(field, "max_length", None), **common)


def _preferences_serializer() -> type[serializers.Serializer]:
    """``mode``, then every field the apps registered (``courses.preference_fields``)."""
    fields = {
        name: _api_field(field)
        for form in preference_fields_registered()
        for name, field in form.base_fields.items()
    }
    return type("NotificationPreferenceSerializer", (_NewWeeksPreferenceSerializer,), fields)


# Built once the apps are ready (this module loads with the URLconf), so the schema lists
# every registered field.
NotificationPreferenceSerializer = _preferences_serializer()


def _preferences(user) -> dict:
    values = {"mode": notification_mode_get(user=user)}
    for form in preference_fields_registered():
        values.update(form.current(user))
    return values


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(
        help_text="A private iCal feed of my classes' weeks; anyone with it can read it."
    )


class MyCertificatesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_certificates",
        summary="My certificates, with their PDF links",
        responses=CertificateSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request):
        certificates = Certificate.objects.filter(enrollment__user=request.user)
        for certificate in certificates:
            certificate.url = request.build_absolute_uri(
                reverse("courses_student:certificate", args=[certificate.code])
            )
            certificate.pdf_url = (
                request.build_absolute_uri(
                    reverse("courses_student:certificate_pdf", args=[certificate.code])
                )
                if certificate.is_valid
                else None
            )
        return _private(Response(CertificateSerializer(certificates, many=True).data))


class MyNotificationsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_notifications",
        summary="How I hear about new weeks (and what the other apps add)",
        responses=NotificationPreferenceSerializer,
        tags=TAGS,
    )
    def get(self, request):
        data = NotificationPreferenceSerializer(_preferences(request.user)).data
        return _private(Response(data))

    @extend_schema(
        operation_id="me_notifications_update",
        summary="Change how I hear about new weeks (and what the other apps add)",
        description="Applies to emails sent from now on. `mode` is required; any other field "
        "left out keeps its value. Nothing is saved unless every value is valid.",
        request=NotificationPreferenceSerializer,
        responses=NotificationPreferenceSerializer,
        tags=TAGS,
    )
    def put(self, request):
        data = NotificationPreferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = {name: value for name, value in data.validated_data.items() if name != "mode"}
        extra_forms = [
            form(data={**form.current(request.user), **_only(form, given)}, user=request.user)
            for form in preference_fields_registered()
        ]
        errors = {}
        for form in extra_forms:
            if not form.is_valid():
                errors.update(form.errors.get_json_data())
        if errors:
            raise ValidationError(
                {name: [item["message"] for item in items] for name, items in errors.items()}
            )
        with transaction.atomic():
            notification_mode_set(user=request.user, mode=data.validated_data["mode"])
            for form in extra_forms:
                form.save()
        return _private(Response(NotificationPreferenceSerializer(_preferences(request.user)).data))


def _only(form, values: dict) -> dict:
    return {name: value for name, value in values.items() if name in form.base_fields}


class MyCalendarView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_calendar",
        summary="The address of my calendar feed",
        responses=CalendarFeedSerializer,
        tags=TAGS,
    )
    def get(self, request):
        path = reverse("courses_student:calendar", args=[calendar_token(user_id=request.user.pk)])
        url = request.build_absolute_uri(path)
        return _private(Response(CalendarFeedSerializer({"url": url}).data))
