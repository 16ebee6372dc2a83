"""Waitlists for an app: join a sold-out class's or workshop's list, see mine, leave.

* ``GET /api/v1/payments/waitlist/``: my places on waitlists (waiting or offered).
* ``POST /api/v1/payments/waitlist/``: join, with my account's email, ``{"cohort": slug}`` or
  ``{"workshop": id}``; 201 for a new place, 200 if I was already on the list. Limited per
  client address like the web page (``RATE_LIMITS["waitlist_join"]``, cms/rate_limits.py;
  429 ``rate_limited`` with ``retry_after``).
* ``DELETE /api/v1/payments/waitlist/<id>/``: leave; an offered place passes on.

Thin: ``payments.waitlist.waitlist_join`` / ``waitlist_leave`` decide; their
``WaitlistError`` answers in the one error shape (payments/api/errors.py).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.shortcuts import get_object_or_404

from cms.api_errors import ApiErrorSerializer
from cms.rate_limits import client_key, rate_limit_consume
from courses.models import Cohort
from engine.capacity.models import LIVE_WAITLIST_STATUSES, WaitlistEntry
from payments.models import WorkshopPage
from payments.waitlist import WAITLIST_JOINS_REFUSED, waitlist_join, waitlist_leave

TAGS = ["waitlist"]


class WaitlistJoinSerializer(serializers.Serializer):
    cohort = serializers.SlugField(required=False, help_text="A sold-out class's slug.")
    workshop = serializers.IntegerField(required=False, help_text="A sold-out workshop's id.")

    def validate(self, attrs):
        if ("cohort" in attrs) == ("workshop" in attrs):
            raise serializers.ValidationError("Name either a cohort or a workshop, not both.")
        return attrs


class WaitlistEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text='What is waited for: "cohort" or "workshop".')
    cohort = serializers.SerializerMethodField()
    workshop = serializers.SerializerMethodField()
    offer_expires_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.SlugField(allow_null=True, help_text="The class's slug."))
    def get_cohort(self, entry: WaitlistEntry) -> str | None:
        return entry.target.slug if entry.kind == "cohort" else None

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="The workshop's id."))
    def get_workshop(self, entry: WaitlistEntry) -> int | None:
        return entry.target_id if entry.kind == "workshop" else None


class WaitlistJoinedSerializer(WaitlistEntrySerializer):
    ahead = serializers.IntegerField(help_text="People waiting before me.")


class MyWaitlistView(APIView):
    permission_classes = [IsAuthenticated]
    rate_limited = True  # documents the 429 (cms/openapi.py)

    @extend_schema(
        operation_id="waitlist_mine",
        summary="My places on waitlists",
        responses=WaitlistEntrySerializer(many=True),
        tags=TAGS,
    )
    def get(self, request):
        entries = WaitlistEntry.objects.filter(user=request.user, status__in=LIVE_WAITLIST_STATUSES)
        return Response(WaitlistEntrySerializer(entries, many=True).data)

    @extend_schema(
        operation_id="waitlist_join",
        summary="Join a sold-out class's or workshop's waitlist",
        request=WaitlistJoinSerializer,
        responses={
            200: WaitlistJoinedSerializer,
            201: WaitlistJoinedSerializer,
            404: OpenApiResponse(ApiErrorSerializer, description="No such class or workshop"),
            409: OpenApiResponse(
                ApiErrorSerializer, description="Places are left (buy one) or its list is closed"
            ),
        },
        tags=TAGS,
    )
    def post(self, request):
        data = WaitlistJoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "cohort" in data.validated_data:
            target = get_object_or_404(Cohort, slug=data.validated_data["cohort"])
        else:
            target = get_object_or_404(
                WorkshopPage.objects.live(), pk=data.validated_data["workshop"]
            )
        rate_limit_consume(
            scope="waitlist_join", key=client_key(request), refused=WAITLIST_JOINS_REFUSED
        )
        joined = waitlist_join(target=target, email=request.user.email, user=request.user)
        entry = joined.entry
        entry.ahead = joined.ahead
        return Response(
            WaitlistJoinedSerializer(entry).data,
            status=status.HTTP_201_CREATED if joined.created else status.HTTP_200_OK,
        )


class MyWaitlistEntryView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="waitlist_leave",
        summary="Leave a waitlist",
        description="Idempotent. An offered place passes to the next person.",
        request=None,
        responses={
            200: WaitlistEntrySerializer,
            409: OpenApiResponse(ApiErrorSerializer, description="Paying for the place now"),
        },
        tags=TAGS,
    )
    def delete(self, request, pk: int):
        entry = get_object_or_404(WaitlistEntry, pk=pk, user=request.user)
        return Response(WaitlistEntrySerializer(waitlist_leave(entry=entry)).data)
