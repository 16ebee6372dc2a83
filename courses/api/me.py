"""A student's own settings and documents for an app, under ``/api/v1/me/``.

* ``GET /me/certificates/``: my certificates, each with its public page and PDF link.
* ``GET`` / ``PUT /me/notifications/``: how I hear about new weeks (``courses.preferences``).
* ``GET /me/calendar/``: the address of my private iCal feed (``courses.tokens``), for a
  calendar app to subscribe to.

Thin (STYLE.md point 1): each view calls the service or selector the web pages call.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.urls import reverse

from courses.models import Certificate, NotificationMode
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


class NotificationPreferenceSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(
        choices=NotificationMode.choices,
        help_text="each: an email per new week; digest: one weekly email; none: no emails.",
    )


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
        summary="How I hear about new weeks",
        responses=NotificationPreferenceSerializer,
        tags=TAGS,
    )
    def get(self, request):
        mode = notification_mode_get(user=request.user)
        return _private(Response(NotificationPreferenceSerializer({"mode": mode}).data))

    @extend_schema(
        operation_id="me_notifications_update",
        summary="Change how I hear about new weeks",
        description="Applies to weeks announced from now on.",
        request=NotificationPreferenceSerializer,
        responses=NotificationPreferenceSerializer,
        tags=TAGS,
    )
    def put(self, request):
        data = NotificationPreferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preference = notification_mode_set(user=request.user, mode=data.validated_data["mode"])
        return _private(Response(NotificationPreferenceSerializer(preference).data))


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
