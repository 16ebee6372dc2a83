"""The team API beyond the seat pool (``views``): progress as JSON and CSV, inviting many at
once, giving a claimed seat to someone else.

A team is looked up through ``selectors.team_for_manager``: its owner and co-admins reach it,
anyone else gets the API's 404. Figures come from ``payments.teams.progress`` (the team page
reads the same).
"""

import csv
import io

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from cms.api_errors import ApiErrorSerializer
from payments.selectors import team_for_manager
from payments.teams import team_invite_many, team_seat_reassign
from payments.teams.progress import team_progress, team_progress_csv

from .serializers import EmailSerializer, InvitationSerializer

TAGS = ["payments"]
BAD_INPUT = OpenApiResponse(ApiErrorSerializer, description="Bad input; `detail` says what to fix")


class WeekFigureSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    open = serializers.BooleanField(help_text="Whether the week is open to the class yet.")


class MemberProgressSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["claimed", "invited"], help_text="`invited`: the seat is not claimed yet."
    )
    since = serializers.DateTimeField(
        help_text="When the seat was claimed, or the invitation sent."
    )
    seat_id = serializers.IntegerField(allow_null=True)
    invitation_id = serializers.IntegerField(allow_null=True)
    done = serializers.IntegerField(help_text="Lessons done in all.")
    total = serializers.IntegerField(help_text="Lessons in the course.")
    open_lessons = serializers.IntegerField(help_text="Lessons open to the class so far.")
    behind = serializers.IntegerField(help_text="Open lessons not done.")
    done_last_7_days = serializers.IntegerField()
    started = serializers.BooleanField(help_text="A started seat cannot be reassigned.")
    last_active = serializers.DateTimeField(allow_null=True)
    certificate_code = serializers.CharField(help_text="Empty until the course is completed.")
    weeks = WeekFigureSerializer(many=True)
    columns = serializers.SerializerMethodField(
        help_text="Other apps' figures by column key, e.g. `kata_this_week`: `submitted` or "
        "`not_submitted` (empty for invitees)."
    )

    def get_columns(self, member) -> dict[str, str]:
        keys = self.context.get("column_keys", [])
        return {key: cell.value for key, cell in zip(keys, member.cells, strict=False)}


class TeamProgressSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    seats_total = serializers.IntegerField(source="team.seats_total")
    seats_without_invitation = serializers.IntegerField(
        help_text="Seats paid for that nobody has been invited to yet."
    )
    members = MemberProgressSerializer(many=True, help_text="Behind first.")


class BulkInviteSerializer(serializers.Serializer):
    emails = serializers.CharField(
        max_length=100_000,
        help_text="One address per line, or CSV text whose first column is the address.",
    )


class BadRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    value = serializers.CharField()
    reason = serializers.CharField()


class BulkInviteRefusedSerializer(ApiErrorSerializer):
    bad_rows = BadRowSerializer(many=True)


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        """Only errors are rendered here (the CSV itself is returned whole by the view): as a
        two-line CSV of the error's code and sentence, for a client that accepts only CSV."""
        if isinstance(data, str | bytes):
            return data
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["status", "code", "detail"])
        writer.writerow([data.get("status", ""), data.get("code", ""), data.get("detail", "")])
        return out.getvalue().encode()


class TeamProgressView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team_progress",
        summary="My team's progress per member, behind first",
        responses={200: TeamProgressSerializer},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        team = team_for_manager(user=request.user, pk=pk)
        progress = team_progress(team=team, now=timezone.now())
        keys = [column.key for column in progress.columns]
        return Response(TeamProgressSerializer(progress, context={"column_keys": keys}).data)


class TeamProgressCsvView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, CsvRenderer]  # errors are JSON unless only CSV is accepted

    @extend_schema(
        operation_id="payments_team_progress_csv",
        summary="My team's progress as CSV (the same rows as the progress endpoint)",
        responses={(200, "text/csv"): OpenApiResponse(str, description="CSV, one row a member")},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        team = team_for_manager(user=request.user, pk=pk)
        response = HttpResponse(
            team_progress_csv(team_progress(team=team, now=timezone.now())),
            content_type="text/csv; charset=utf-8",
        )
        name = slugify(str(team)) or f"team-{team.pk}"
        response["Content-Disposition"] = f'attachment; filename="{name}-progress.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


class TeamInviteManyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team_invite_many",
        summary="Invite many at once: all or nothing, every bad line named",
        request=BulkInviteSerializer,
        responses={
            201: InvitationSerializer(many=True),
            400: OpenApiResponse(
                BulkInviteRefusedSerializer, description="Bad lines; nobody was invited"
            ),
        },
        tags=TAGS,
    )
    def post(self, request, pk: int):
        team = team_for_manager(user=request.user, pk=pk)
        data = BulkInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitations = team_invite_many(
            team=team, actor=request.user, text=data.validated_data["emails"]
        )
        return Response(
            InvitationSerializer(invitations, many=True).data, status=status.HTTP_201_CREATED
        )


class TeamSeatReassignView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team_seat_reassign",
        summary="Give a claimed seat whose member has not started to someone else",
        request=EmailSerializer,
        responses={201: InvitationSerializer, 400: BAD_INPUT},
        tags=TAGS,
    )
    def post(self, request, pk: int, seat_pk: int):
        team = team_for_manager(user=request.user, pk=pk)
        data = EmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = team_seat_reassign(
            team=team, actor=request.user, seat_id=seat_pk, email=data.validated_data["email"]
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)
